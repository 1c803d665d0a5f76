package vn.ansinh.payout.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Tests that create areas put them under a test-only province, code 98 (no such province exists),
 * so the official 2025 list stays countable: official = what the API reports − what tests added.
 */
public final class TestAreas {

    public static final String PROVINCE = "98";

    private TestAreas() {
    }

    public static void ensureProvince() {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                    + "values ('98', 'Tỉnh Thử Nghiệm', 'PROVINCE', 'province', null, date '2026-01-01') "
                    + "on conflict do nothing");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many areas of a level the tests have added (everything under province 98, and 98 itself). */
    public static int addedByTests(String level) {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from area where path like '/98/%' and level = '"
                        + level.replaceAll("[^A-Z]", "") + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
