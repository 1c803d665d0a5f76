package vn.ansinh.payout.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Tests that create areas put them under test-only provinces (codes 65, 69, 71, 73, 76, 77, 78, 81, 83, 84, 85, 87, 88, 89, 90, 93, 94, 95, 97, 98, 99: no
 * such provinces exist), so the official 2025 list stays countable: official = what the API reports −
 * what tests added. Payment-cycle tests each take a province of their own, since a cycle is per province.
 */
public final class TestAreas {

    public static final String PROVINCE = "98";

    private TestAreas() {
    }

    public static void ensureProvince() {
        ensureProvince(PROVINCE);
    }

    /** A test province with communes {@code <code>001} … {@code <code>00n}. */
    public static void ensureProvince(String code, int communes) {
        ensureProvince(code);
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            for (int i = 1; i <= communes; i++) {
                st.executeUpdate("insert into area (code, name, level, unit_type, parent_code, valid_from) values ('"
                        + code + "00" + i + "', 'Xã Thử " + code + "-" + i + "', 'COMMUNE', 'commune', '" + code
                        + "', date '2026-01-01') on conflict do nothing");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void ensureProvince(String code) {
        if (!code.matches("9[0345789]|8[1345789]|7[13678]|6[59]")) {
            throw new IllegalArgumentException("not a test province: " + code);
        }
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                    + "values ('" + code + "', 'Tỉnh Thử Nghiệm " + code + "', 'PROVINCE', 'province', null, date '2026-01-01') "
                    + "on conflict do nothing");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many areas of a level the tests have added and are in force (everything under the test provinces, and those). */
    public static int addedByTests(String level) {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement();
                // units a test retired (a merger, issue 21) count only while the listing still shows them
                ResultSet rs = st.executeQuery("select count(*) from area where path ~ '^/(9[0345789]|8[1345789]|7[13678]|6[59])/' and level = '"
                        + level.replaceAll("[^A-Z]", "") + "' and (valid_to is null or valid_to > date '" + TestClock.date() + "')")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
