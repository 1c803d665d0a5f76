package vn.ansinh.payout.area;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.testing.TestEnvironment;

/** The database refuses what the code refuses, because the database is what survives a bug. */
@QuarkusTest
class DatabaseConstraintsTest {

    @org.junit.jupiter.api.BeforeEach
    void testProvince() {
        vn.ansinh.payout.testing.TestAreas.ensureProvince();
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    @Test
    void anAreaCannotHangUnderACommune() {
        assertThatThrownBy(() -> sql("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                + "values ('98997', 'X', 'COMMUNE', 'commune', '21211', date '2026-01-01')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("cannot sit under");
    }

    @Test
    void anAreaCodeMustFitItsLevel() {
        assertThatThrownBy(() -> sql("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                + "values ('5', 'X', 'PROVINCE', 'province', null, date '2026-01-01')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("area_");
    }

    @Test
    void theAreaPathIsDerivedNotTrusted() throws Exception {
        sql("insert into area (code, name, level, unit_type, parent_code, path, valid_from) "
                + "values ('98998', 'Xã Đường Dẫn', 'COMMUNE', 'commune', '98', '/01/', date '2026-01-01')");
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement();
                var rs = st.executeQuery("select path from area where code = '98998'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("/98/98998/");
        }
    }

    @Test
    void aCitizenIdMustAgreeWithBirthYearAndSex() {
        // digit 4 = 1: a woman born in the 1900s; this row claims a man
        assertThatThrownBy(() -> sql("insert into beneficiary (id, national_id, national_id_kind, full_name, "
                + "date_of_birth, sex, commune_code, address_line) values (gen_random_uuid(), '051190012345', 'CCCD', "
                + "'Nguyễn Văn A', date '1990-01-01', 'MALE', '21211', 'Thôn 1')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("beneficiary_id_format");
        // year digits disagree
        assertThatThrownBy(() -> sql("insert into beneficiary (id, national_id, national_id_kind, full_name, "
                + "date_of_birth, sex, commune_code, address_line) values (gen_random_uuid(), '051091012345', 'CCCD', "
                + "'Nguyễn Văn A', date '1990-01-01', 'MALE', '21211', 'Thôn 1')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("beneficiary_id_format");
    }

    @Test
    void aConsistentCitizenIdIsAcceptedOnceOnly() throws Exception {
        String insert = "insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, "
                + "commune_code, address_line, phone_e164) values (gen_random_uuid(), '051090077777', 'CCCD', "
                + "'Nguyễn Văn Thử', date '1990-03-01', 'MALE', '21211', 'Thôn 2', '+84981234567')";
        sql(insert);
        assertThatThrownBy(() -> sql(insert)).isInstanceOf(SQLException.class)
                .hasMessageContaining("beneficiary_national_id_unique");
    }
}
