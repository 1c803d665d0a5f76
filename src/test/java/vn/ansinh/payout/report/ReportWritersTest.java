package vn.ansinh.payout.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import vn.ansinh.payout.report.service.Report;
import vn.ansinh.payout.report.service.Report.Column;
import vn.ansinh.payout.report.service.Report.Type;
import vn.ansinh.payout.report.service.ReportLabels;
import vn.ansinh.payout.report.service.ReportWriters;

/** How the writers show values to people (issue 21, "Reports as a province files them"; domain.md §5 dd/MM/yyyy). */
public class ReportWritersTest {

    @Test
    public void percentagesAreRoundedOnceToTheTenthTheHeaderClaims() {
        // 1/3 and 2/3 of the people: 33,3% and 66,7%
        assertThat(ReportWriters.text(BigDecimal.ONE.divide(BigDecimal.valueOf(3), 10, RoundingMode.HALF_UP), Type.PERCENT))
                .isEqualTo("33,3%");
        assertThat(ReportWriters.text(BigDecimal.valueOf(2).divide(BigDecimal.valueOf(3), 10, RoundingMode.HALF_UP),
                Type.PERCENT)).isEqualTo("66,7%");
        // 12.345% exactly (2469 of 20000) is 12,3% to a tenth: rounding to 4 decimals first (0.1235) would say 12,4%
        assertThat(ReportWriters.text(new BigDecimal("0.1234500000"), Type.PERCENT)).isEqualTo("12,3%");
        assertThat(ReportWriters.text(new BigDecimal("-0.1"), Type.POINTS)).isEqualTo("-10,0");
        assertThat(ReportWriters.text(1_234_567L, Type.VND)).isEqualTo("1.234.567");
        assertThat(ReportWriters.text(LocalDate.of(2026, 3, 9), Type.DATE)).isEqualTo("09/03/2026");
        assertThat(ReportWriters.text("2026-03", Type.MONTH)).isEqualTo("03/2026");
    }

    @Test
    public void codesShowAsTheirVietnameseLabels() {
        for (String code : List.of("BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY", "PAID", "FAILED", "OPEN",
                "CARRIED_OVER", "ACCOUNT_CLOSED", "NAME_MISMATCH", "ACCOUNT_NOT_FOUND", "LIMIT_EXCEEDED", "PROVIDER_ERROR",
                "RECIPIENT_ABSENT", "RECIPIENT_DECEASED", "OTHER", "MONTH_IN_PROGRESS", "YEAR_TOTAL")) {
            assertThat(ReportLabels.known(code)).as(code).isTrue();
            assertThat(ReportWriters.text(code, Type.CODE)).as(code).isNotEqualTo(code);
        }
        assertThat(ReportWriters.text("ACCOUNT_CLOSED", Type.CODE)).isEqualTo("Tài khoản đã đóng");
        // a free-text reason (a carry-over's) is shown as written
        assertThat(ReportWriters.text("Vắng nhà", Type.CODE)).isEqualTo("Vắng nhà");
    }

    @Test
    public void sheetNamesFitExcel() {
        String name = sheetName(12, "Kết quả theo hình thức và trạng thái: [tháng] 10/2026 * 'x'");
        assertThat(name).hasSizeLessThanOrEqualTo(31).doesNotContainPattern("[\\\\/?*\\[\\]:]").startsWith("12. ")
                .doesNotStartWith("'").doesNotEndWith("'").doesNotEndWith(" ");
        assertThat(sheetName(1, "Số lượng")).isEqualTo("1. Số lượng");
    }

    private static String sheetName(int n, String title) {
        try {
            java.lang.reflect.Method m = ReportWriters.class.getDeclaredMethod("sheetName", int.class, String.class);
            m.setAccessible(true);
            return (String) m.invoke(null, n, title);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aReportReadBackFromItsJsonWritesTheSameCsv() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Report r = new Report("PROGRESS", "Báo cáo", "65", "Tỉnh 65", "2026-10", OffsetDateTime.parse("2026-10-25T08:00:00+07:00"),
                "prov-65", List.of(new Report.Section("s", "Mục", List.of(new Column("k", "Khóa", Type.KEY),
                        new Column("c", "Hình thức", Type.CODE), new Column("n", "Số tiền", Type.VND),
                        new Column("p", "Tỷ lệ", Type.PERCENT), new Column("d", "Ngày", Type.DATE),
                        new Column("t", "Ghi chú", Type.TEXT)), Report.Rows.of(List.of(
                                Arrays.asList("x", "E_WALLET", 1_500_000L, new BigDecimal("0.3333333333"),
                                        LocalDate.of(2026, 10, 5), "=HYPERLINK(\"http://x\")"),
                                Arrays.asList("y", null, null, null, null, null))))));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ReportWriters.json(r, json, mapper);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ReportWriters.csv(ReportWriters.fromJson(json.toString(StandardCharsets.UTF_8), mapper), back);
        String csv = back.toString(StandardCharsets.UTF_8);
        assertThat(csv).contains("Tài khoản số / ví điện tử", "1.500.000", "33,3%", "05/10/2026", "10/2026")
                .doesNotContain("E_WALLET", "Khóa")
                // the formula guard stays on: text that a spreadsheet would run is written as text
                .doesNotContain(",=HYPERLINK");
        assertThat(json.toString(StandardCharsets.UTF_8)).contains("\"c\":\"E_WALLET\"", "\"p\":0.3333");
    }
}
