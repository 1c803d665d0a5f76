package vn.ansinh.payout.area;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.testing.TestEnvironment;

/** The database's fold_vn and the Java folding must agree, or searches would miss. */
@QuarkusTest
class FoldingAgreementTest {

    @Test
    void sqlAndJavaFoldEveryOfficialNameAlike() throws Exception {
        int checked = 0;
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select name, name_folded from area")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo(VietnameseText.fold(rs.getString(1)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(34 + 3321);
    }

    @Test
    void sqlFoldHandlesUpperCaseAndDecomposedText() throws Exception {
        String nfd = java.text.Normalizer.normalize("ĐỖ Thị Ngọc", java.text.Normalizer.Form.NFD);
        try (Connection c = TestEnvironment.connect(); var st = c.prepareStatement("select fold_vn(?)")) {
            st.setString(1, nfd);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("do thi ngoc").isEqualTo(VietnameseText.fold(nfd));
            }
        }
    }

    @Test
    void everyStoredNameIsNfc() throws Exception {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select name from area")) {
            while (rs.next()) {
                assertThat(java.text.Normalizer.isNormalized(rs.getString(1), java.text.Normalizer.Form.NFC)).isTrue();
            }
        }
    }
}
