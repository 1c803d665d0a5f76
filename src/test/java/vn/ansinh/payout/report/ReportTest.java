package vn.ansinh.payout.report;

import static vn.ansinh.payout.testing.Api.approve;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

/**
 * The reports over a hand-computed fixture in province 89 (communes 89001, 89002; 89003 has nobody):
 * six K5a elders over 80 (1,000,000 VND a month each) paid in September and October 2026.
 * <ul>
 * <li>A (89001) bank account, B (89001) e-wallet, C (89001) no method, F (89001) registered for home delivery;</li>
 * <li>D (89002 in September) moves to 89001 from October, no method;</li>
 * <li>E (89002) bank account: October's transfer fails, is re-routed to cash at the point and paid there.</li>
 * </ul>
 * October's results: A, B, C paid; E failed then paid in cash; D and F without a result. Registrations in
 * 89001: r1 verified in October (identity and account match), r2 needs documents (identity only), r3
 * still submitted (identity mismatch), r4 submitted in September and rejected in October.
 */
@QuarkusTest
public class ReportTest {

    static CycleFixture f;
    static String october;
    static final Map<String, String> ref = new HashMap<>();

    @Inject
    AreaDirectory areas;

    @BeforeEach
    void twoMonthsInProvince89() {
        if (f != null) {
            return;
        }
        f = new CycleFixture("89");
        areas.refresh().await().indefinitely();
        UUID a = elder("A", 1, "CAN_TRAVEL");
        UUID b = elder("B", 1, "CAN_TRAVEL");
        elder("C", 1, "CAN_TRAVEL");
        UUID d = elder("D", 2, "CAN_TRAVEL");
        UUID e = elder("E", 2, "CAN_TRAVEL");
        UUID fHome = elder("F", 1, "CANNOT_TRAVEL");
        f.bankAccount(a, "0011223344", "2026-09");
        f.bankAccount(e, "0055667788", "2026-09");
        CycleFixture.sql("insert into payment_method (id, beneficiary_id, method, wallet_provider, wallet_account, effective_from_month) "
                + "values (?, ?, 'E_WALLET', 'VIETTEL_MONEY', '+84981234567', date '2026-09-01')", UUID.randomUUID(), b);
        CycleFixture.sql("insert into payment_method (id, beneficiary_id, method, home_delivery_reason, effective_from_month) "
                + "values (?, ?, 'HOME_DELIVERY', 'BEDRIDDEN', date '2026-09-01')", UUID.randomUUID(), fHome);
        CycleFixture.sql("insert into beneficiary_move (id, beneficiary_id, from_commune, to_commune, from_address, to_address, "
                + "effective_month, decided_by) values (?, ?, '89002', '89001', 'Thôn 1', 'Thôn 2', date '2026-10-01', "
                + "'commune-officer')", UUID.randomUUID(), d);
        CycleFixture.sql("update beneficiary set commune_code = '89001' where id = ?", d);
        f.paymentPoint(1);
        UUID point2 = f.paymentPoint(2);

        registration("VERIFIED", "2026-10-03T09:00:00+07", "2026-10-05T10:00:00+07", "MATCH", "FOUND", true);
        registration("NEEDS_DOCUMENTS", "2026-10-04T09:00:00+07", "2026-10-06T10:00:00+07", "MATCH", "NOT_FOUND", false);
        registration("SUBMITTED", "2026-10-31T23:30:00+07", null, "MISMATCH", "FOUND", true);
        registration("REJECTED", "2026-09-20T09:00:00+07", "2026-10-01T00:10:00+07", "MATCH", "NOT_FOUND", false);

        JsonPath sep = f.open("SOCIAL_ASSISTANCE", "2026-09");
        f.approveAndRelease(sep.getString("id"), sep.getString("linesSha256"));
        f.upload(sep.getString("id"), CycleFixture.results(f.payments(sep.getString("id")), List.of()));

        JsonPath oct = f.open("SOCIAL_ASSISTANCE", "2026-10");
        october = oct.getString("id");
        f.approveAndRelease(october, oct.getString("linesSha256"));
        List<Map<String, Object>> lines = f.payments(october);
        Map<UUID, String> who = Map.of(a, "A", b, "B", d, "D", e, "E", fHome, "F");
        for (Map<String, Object> l : lines) {
            ref.put(who.getOrDefault(UUID.fromString((String) l.get("beneficiaryId")), "C"), (String) l.get("reference"));
        }
        List<Map<String, Object>> withResults = lines.stream()
                .filter(l -> !List.of(ref.get("D"), ref.get("F")).contains(l.get("reference"))).toList();
        f.upload(october, CycleFixture.results(withResults, List.of(ref.get("E"))));
        String eLine = ref.get("E").substring(ref.get("E").lastIndexOf('-') + 1);
        approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("channel", "CASH_AT_POINT", "paymentPointId",
                point2.toString(), "reason", "Tài khoản đóng")).post("/api/v1/cycles/" + october + "/payments/" + eLine + "/reroute"),
                f.asReleaser());
        f.upload(october, CycleFixture.results(withResults, List.of()));
    }

    private UUID elder(String name, int commune, String mobility) {
        UUID p = f.person("Lê Văn " + name, LocalDate.parse("1940-03-0" + (1 + name.charAt(0) - 'A')), "MALE", commune, mobility);
        f.entitlement(p, "SOCIAL_ASSISTANCE", "K5a", null, 0, "2026-01");
        return p;
    }

    private static void registration(String state, String submitted, String decided, String identity, String account,
            boolean nameMatches) {
        String checks = "{\"identity\": {\"result\": \"" + identity + "\"}, \"account\": {\"status\": \"" + account
                + "\", \"nameMatches\": " + nameMatches + "}}";
        CycleFixture.sql("insert into registration (id, payload_hash, payload, state, commune_code, method, submitted_by, "
                + "submitted_at, device_time, checks, decided_by, decided_at, version) values (?, ?, '{}'::jsonb, ?, '89001', "
                + "'BANK_ACCOUNT', 'field-89', ?::timestamptz, ?::timestamptz, ?::jsonb, ?, ?::timestamptz, 0)",
                UUID.randomUUID(), "0".repeat(64), state, submitted, submitted, checks, decided == null ? null : "commune-89",
                decided);
    }

    static RequestSpecification asProvince() {
        return asSubject("prov-89", Roles.PROVINCE_OFFICER, "89");
    }

    /** A section's rows of a JSON report as maps. */
    static List<Map<String, Object>> rows(JsonPath report, String section) {
        return report.getList("sections.find { it.name == '" + section + "' }.rows");
    }

    static Map<String, Object> row(JsonPath report, String section, String keyColumn, String key) {
        return rows(report, section).stream().filter(r -> key.equals(r.get(keyColumn))).findFirst().orElseThrow();
    }

    static long num(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    @Test
    public void progressCountsEveryIndicatorAgainstThePreviousMonth() {
        JsonPath p = asProvince().queryParam("month", "2026-10").queryParam("area", "89").get("/api/v1/reports/progress")
                .then().statusCode(200).extract().jsonPath();
        Map<String, long[]> expected = new java.util.LinkedHashMap<>();
        expected.put("inPayment", new long[] { 6, 6 });
        expected.put("method.BANK_ACCOUNT", new long[] { 2, 2 });
        expected.put("method.E_WALLET", new long[] { 1, 1 });
        expected.put("method.CASH_AT_POINT", new long[] { 0, 0 });
        expected.put("method.HOME_DELIVERY", new long[] { 1, 1 });
        expected.put("method.NONE", new long[] { 2, 2 });
        expected.put("registrations.submitted", new long[] { 3, 1 });
        expected.put("registrations.verified", new long[] { 1, 0 });
        expected.put("registrations.needsDocuments", new long[] { 1, 0 });
        expected.put("registrations.rejected", new long[] { 1, 0 });
        // checks are counted by the month of the decision (issue 21: a filed month's figure must not move when a late
        // decision lands): October decided r1, r2 and r4, all identity matches; only r1's account matched its holder
        expected.put("checks.identityPassed", new long[] { 3, 0 });
        expected.put("checks.accountPassed", new long[] { 1, 0 });
        expected.forEach((key, v) -> {
            Map<String, Object> r = row(p, "counts", "indicator", key);
            assertThat(num(r, "thisMonth")).as(key).isEqualTo(v[0]);
            assertThat(num(r, "previousMonth")).as(key + " before").isEqualTo(v[1]);
            assertThat(num(r, "change")).as(key + " change").isEqualTo(v[0] - v[1]);
        });
        assertThat(row(p, "shares", "indicator", "cashlessShare").get("thisMonth").toString()).isEqualTo("0.5");
        assertThat(p.getString("area.name")).isEqualTo("Tỉnh Thử Nghiệm 89");
        assertThat(p.getString("producedBy")).isEqualTo("prov-89");

        // the commune D moved into counts D from October, where they lived then
        JsonPath c1 = asProvince().queryParam("month", "2026-10").queryParam("area", "89001").get("/api/v1/reports/progress")
                .then().statusCode(200).extract().jsonPath();
        assertThat(num(row(c1, "counts", "indicator", "inPayment"), "thisMonth")).isEqualTo(5);
        assertThat(num(row(c1, "counts", "indicator", "inPayment"), "previousMonth")).isEqualTo(4);
        assertThat(row(c1, "shares", "indicator", "cashlessShare").get("thisMonth").toString()).isEqualTo("0.4");
        // a commune with nobody: zeros, and no share rather than a division by zero
        JsonPath empty = asProvince().queryParam("month", "2026-10").queryParam("area", "89003").get("/api/v1/reports/progress")
                .then().statusCode(200).extract().jsonPath();
        assertThat(rows(empty, "counts")).allSatisfy(r -> assertThat(num(r, "thisMonth")).isZero());
        assertThat(row(empty, "shares", "indicator", "cashlessShare").get("thisMonth")).isNull();
    }

    @Test
    public void payoutResultsFollowTheReroutedLineAndReconcile() {
        JsonPath r = asProvince().queryParam("cycleId", october).get("/api/v1/reports/payout-results")
                .then().statusCode(200).extract().jsonPath();
        Map<String, long[]> byChannelState = new HashMap<>();
        for (Map<String, Object> o : rows(r, "outcomes")) {
            byChannelState.put(o.get("channel") + "/" + o.get("status"), new long[] { num(o, "lines"), num(o, "amountVnd") });
        }
        assertThat(byChannelState).containsOnlyKeys("BANK_ACCOUNT/PAID", "E_WALLET/PAID", "CASH_AT_POINT/PAID",
                "CASH_AT_POINT/OPEN", "HOME_DELIVERY/OPEN");
        assertThat(byChannelState.get("CASH_AT_POINT/PAID")).containsExactly(2, 2_000_000); // C, and E after the re-route
        assertThat(byChannelState.get("BANK_ACCOUNT/PAID")).containsExactly(1, 1_000_000);
        assertThat(num(row(r, "reconciliation", "item", "controlTotals"), "amountVnd")).isEqualTo(6_000_000);
        assertThat(num(row(r, "reconciliation", "item", "paid"), "amountVnd")).isEqualTo(4_000_000);
        assertThat(num(row(r, "reconciliation", "item", "open"), "lines")).isEqualTo(2);
        assertThat(num(row(r, "reconciliation", "item", "difference"), "lines")).isZero();
        assertThat(num(row(r, "reconciliation", "item", "difference"), "amountVnd")).isZero();
        assertThat(num(row(r, "homeDeliveries", "item", "outstanding"), "count")).isEqualTo(1);
        assertThat(num(row(r, "homeDeliveries", "item", "outstanding"), "amountVnd")).isEqualTo(1_000_000);
        assertThat(num(row(r, "homeDeliveries", "item", "cashReturned"), "amountVnd")).isZero();
        // one commune: only its lines
        JsonPath c2 = asProvince().queryParam("cycleId", october).queryParam("area", "89002").get("/api/v1/reports/payout-results")
                .then().statusCode(200).extract().jsonPath();
        assertThat(num(row(c2, "reconciliation", "item", "lines"), "lines")).isEqualTo(1); // E (D lives in 89001 in October)
    }

    @Test
    public void theProviderReportListsPaidUnpaidAndTheBalance() {
        JsonPath r = asSubject("provider-89", Roles.PAYMENT_PROVIDER, "89").queryParam("cycleId", october)
                .get("/api/v1/reports/provider").then().statusCode(200).extract().jsonPath();
        assertThat(rows(r, "paid")).extracting(x -> x.get("reference"))
                .containsExactlyInAnyOrder(ref.get("A"), ref.get("B"), ref.get("C"), ref.get("E"));
        assertThat(rows(r, "unpaid")).extracting(x -> x.get("reference")).containsExactlyInAnyOrder(ref.get("D"), ref.get("F"));
        assertThat(rows(r, "paid")).allSatisfy(x -> assertThat(x.get("paidOn")).isEqualTo("2026-12-05"));
        assertThat(num(row(r, "balance", "item", "unspent"), "amountVnd")).isEqualTo(2_000_000);
        assertThat(num(row(r, "balance", "item", "disbursed"), "amountVnd")).isEqualTo(6_000_000);
    }

    @Test
    public void theThreeFormatsAgree() throws Exception {
        RequestSpecification spec = asProvince().queryParam("cycleId", october);
        JsonPath json = spec.get("/api/v1/reports/provider").then().statusCode(200).extract().jsonPath();
        Response csv = asProvince().queryParam("cycleId", october).queryParam("format", "csv").get("/api/v1/reports/provider");
        csv.then().statusCode(200).contentType("text/csv");
        byte[] xlsx = asProvince().queryParam("cycleId", october).accept(vn.ansinh.payout.report.service.ReportWriters.XLSX)
                .get("/api/v1/reports/provider").then().statusCode(200).extract().asByteArray();

        List<List<String>> fromJson = new ArrayList<>();
        for (Map<String, Object> r : rows(json, "paid")) {
            fromJson.add(List.of((String) r.get("reference"), (String) r.get("fullName"), String.valueOf(r.get("amountVnd")),
                    (String) r.get("paidOn")));
        }
        // CSV: the header lines, then the paid section: its title, its column labels, its rows (1.234.567, dd/MM/yyyy)
        String text = new String(csv.asByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\ufeff");
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(text.substring(1))).getRecords();
        assertThat(records.get(1).get(1)).isEqualTo("Tỉnh Thử Nghiệm 89 (89)");
        int paidTitle = indexOf(records, "Danh sách đã chi trả");
        List<List<String>> fromCsv = new ArrayList<>();
        for (int i = paidTitle + 2; i < records.size() && records.get(i).size() > 1; i++) {
            CSVRecord r = records.get(i);
            fromCsv.add(List.of(r.get(0), r.get(1), r.get(4).replace(".", ""), iso(r.get(5))));
            assertThat(r.get(4)).isEqualTo("1.000.000");
        }
        // XLSX: the paid sheet, numbers as numbers
        List<List<String>> fromXlsx = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheets().filter(s -> s.getName().contains("Danh sách đã chi trả")).findFirst().orElseThrow();
            List<org.dhatim.fastexcel.reader.Row> sheetRows = sheet.read();
            assertThat(sheetRows.get(1).getCellText(1)).isEqualTo("Tỉnh Thử Nghiệm 89 (89)");
            for (int i = 7; i < sheetRows.size(); i++) {
                org.dhatim.fastexcel.reader.Row r = sheetRows.get(i);
                fromXlsx.add(List.of(r.getCellText(0), r.getCellText(1), r.getCellAsNumber(4).orElseThrow().toBigInteger().toString(),
                        r.getCellAsDate(5).orElseThrow().toLocalDate().toString()));
            }
        }
        assertThat(fromJson).hasSize(4);
        assertThat(fromCsv).containsExactlyElementsOf(fromJson);
        assertThat(fromXlsx).containsExactlyElementsOf(fromJson);
    }

    private static int indexOf(List<CSVRecord> records, String title) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).size() >= 1 && title.equals(records.get(i).get(0))) {
                return i;
            }
        }
        throw new AssertionError("no section " + title);
    }

    private static String iso(String ddMMyyyy) {
        String[] p = ddMMyyyy.split("/");
        return p[2] + "-" + p[1] + "-" + p[0];
    }

    @Test
    public void theYearSummaryHasEveryMonth() {
        JsonPath y = asProvince().queryParam("year", 2026).queryParam("area", "89").get("/api/v1/reports/year-summary")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> months = rows(y, "months");
        assertThat(months).hasSize(13); // twelve months, then the year's total
        assertThat(num(months.get(7), "inPayment")).isZero(); // August: before the first cycle
        assertThat(num(months.get(8), "inPayment")).isEqualTo(6);
        assertThat(num(months.get(8), "paidLines")).isEqualTo(6);
        assertThat(num(months.get(9), "paidVnd")).isEqualTo(4_000_000);
        assertThat(months.get(9).get("cashlessShare").toString()).isEqualTo("0.5");
    }

    @Test
    public void aFiledReportNeverChanges() {
        Response filed = asProvince().contentType(ContentType.JSON).body(Map.of("provinceCode", "89", "month", "2026-10"))
                .post("/api/v1/reports/snapshots");
        filed.then().statusCode(201);
        String id = filed.jsonPath().getString("id");
        String sha = filed.jsonPath().getString("sha256");
        Response first = asProvince().get("/api/v1/reports/snapshots/" + id);
        first.then().statusCode(200).header("X-Content-SHA256", sha);
        assertThat(sha256(first.asByteArray())).isEqualTo(sha);
        // filing again returns the same report, unchanged
        asProvince().contentType(ContentType.JSON).body(Map.of("provinceCode", "89", "month", "2026-10"))
                .post("/api/v1/reports/snapshots").then().statusCode(201)
                .body("id", org.hamcrest.Matchers.equalTo(id)).body("sha256", org.hamcrest.Matchers.equalTo(sha));
        // and the database refuses to change or remove it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CycleFixture.sql(
                "update report_snapshot set content = '{}' where id = ?::uuid", id)).hasStackTraceContaining("report_snapshot rows are never updated");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CycleFixture.sql(
                "delete from report_snapshot where id = ?::uuid", id)).hasStackTraceContaining("report_snapshot rows are never updated");
        assertThat(asProvince().get("/api/v1/reports/snapshots/" + id).asByteArray()).isEqualTo(first.asByteArray());
        // a month not yet begun cannot be filed (it would stay filed empty), and a month must be one
        String next = TestClock.month().plusMonths(1).toString();
        asProvince().contentType(ContentType.JSON).body(Map.of("provinceCode", "89", "month", next))
                .post("/api/v1/reports/snapshots").then().statusCode(422);
        asProvince().queryParam("month", "2026-13").queryParam("area", "89").get("/api/v1/reports/progress")
                .then().statusCode(400);
    }

    /**
     * Issue 21, "the progress report has no amounts, and its cashless share counts what people registered, not how
     * they were paid (a line re-routed to cash still counts as cashless): give both". E registered a bank account;
     * October's transfer failed and E was paid in cash at the point: as registered E is cashless, as paid E is cash.
     */
    @Test
    public void progressGivesAmountsAndTheCashlessShareAsRegisteredAndAsPaid() {
        JsonPath p = asProvince().queryParam("month", "2026-10").queryParam("area", "89").get("/api/v1/reports/progress")
                .then().statusCode(200).extract().jsonPath();
        Map<String, long[]> byChannel = new HashMap<>();
        for (Map<String, Object> r : rows(p, "amounts")) {
            byChannel.put((String) r.get("channel"), new long[] { num(r, "lines"), num(r, "amountVnd"), num(r, "paidLines"),
                    num(r, "paidVnd"), num(r, "previousMonthPaidVnd") });
        }
        // October: A by bank, B by wallet, C and E (re-routed) paid at the point, D at the point and F at home unpaid;
        // September: all six paid (A and E by bank, B by wallet, C and D at the point, F at home)
        assertThat(byChannel.get("BANK_ACCOUNT")).containsExactly(1, 1_000_000, 1, 1_000_000, 2_000_000);
        assertThat(byChannel.get("E_WALLET")).containsExactly(1, 1_000_000, 1, 1_000_000, 1_000_000);
        assertThat(byChannel.get("CASH_AT_POINT")).containsExactly(3, 3_000_000, 2, 2_000_000, 2_000_000);
        assertThat(byChannel.get("HOME_DELIVERY")).containsExactly(1, 1_000_000, 0, 0, 1_000_000);
        assertThat(byChannel.get("ALL")).containsExactly(6, 6_000_000, 4, 4_000_000, 6_000_000);

        // commune 89002 in October is E alone: registered 100% cashless, paid 0% cashless
        JsonPath c2 = asProvince().queryParam("month", "2026-10").queryParam("area", "89002").get("/api/v1/reports/progress")
                .then().statusCode(200).extract().jsonPath();
        assertThat(new java.math.BigDecimal(row(c2, "shares", "indicator", "cashlessShare").get("thisMonth").toString()))
                .isEqualByComparingTo("1");
        assertThat(new java.math.BigDecimal(row(c2, "shares", "indicator", "cashlessShareAsPaid").get("thisMonth").toString()))
                .isEqualByComparingTo("0");
        // in September E's transfer was paid by bank: as paid, D (cash) and E (bank) make 50%
        assertThat(new java.math.BigDecimal(row(c2, "shares", "indicator", "cashlessShareAsPaid").get("previousMonth").toString()))
                .isEqualByComparingTo("0.5");
        assertThat(new java.math.BigDecimal(row(c2, "shares", "indicator", "cashlessAmountShareAsPaid").get("thisMonth")
                .toString())).isEqualByComparingTo("0");
    }

    /**
     * domain.md §5 "Dates shown as dd/MM/yyyy in Vietnamese output", and issue 21: CSV and XLSX show Vietnamese labels,
     * never raw codes, VND with thousands separators, percentages to the precision the header claims; JSON keeps the
     * codes for API clients; every CSV keeps the formula guard.
     */
    @Test
    public void csvAndXlsxShowVietnameseLabelsWhileJsonKeepsCodes() throws Exception {
        String csv = new String(asProvince().queryParam("cycleId", october).queryParam("format", "csv")
                .get("/api/v1/reports/payout-results").then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).contains("Tiền mặt tại điểm chi trả", "Chi trả tại nhà", "Đã chi trả", "Chưa có kết quả", "Tổng kiểm soát")
                .contains("6.000.000").doesNotContain("CASH_AT_POINT", "HOME_DELIVERY", "BANK_ACCOUNT", "OPEN", "controlTotals",
                        "cashReturned");
        String progress = new String(asProvince().queryParam("month", "2026-10").queryParam("area", "89001")
                .queryParam("format", "csv").get("/api/v1/reports/progress").then().statusCode(200).extract().asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(progress).doesNotContain("method.E_WALLET", "method.", "inPayment", "E_WALLET")
                .contains("— đã đăng ký tài khoản số / ví điện tử");
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(progress.substring(1))).getRecords();
        int shares = indexOf(records, "Tỷ lệ");
        // the header says the unit and the precision; the values keep to it: 2 of 5 registered cashless is 40,0%
        // the row key (cashlessShare) is for programs: people see the label first
        assertThat(records.get(shares + 1).get(1)).isEqualTo("Tháng này (%, làm tròn 0,1)");
        assertThat(records.get(shares + 1).get(3)).isEqualTo("Tăng/giảm (điểm %, làm tròn 0,1)");
        assertThat(records.get(shares + 2).get(1)).isEqualTo("40,0%");
        assertThat(records.get(shares + 2).get(2)).isEqualTo("50,0%"); // September in 89001: A, B, C, F
        assertThat(records.get(shares + 2).get(3)).isEqualTo("-10,0");
        assertThat(records.get(2).get(1)).isEqualTo("10/2026"); // the period, as people write a month
        // the provider's report: dd/MM/yyyy, labels for channels
        String provider = new String(asProvince().queryParam("cycleId", october).queryParam("format", "csv")
                .get("/api/v1/reports/provider").then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(provider).contains("05/12/2026", "Tài khoản ngân hàng", "Tài khoản số / ví điện tử")
                .doesNotContain("2026-12-05", "E_WALLET");
        // JSON: codes, for programs
        JsonPath json = asProvince().queryParam("cycleId", october).get("/api/v1/reports/payout-results").then()
                .statusCode(200).extract().jsonPath();
        assertThat(rows(json, "outcomes")).extracting(r -> r.get("channel")).contains("CASH_AT_POINT", "HOME_DELIVERY");
        assertThat(json.getList("sections.find { it.name == 'outcomes' }.columns.type")).contains("CODE");
        // XLSX: labels in cells, sheet names Excel accepts
        byte[] xlsx = asProvince().queryParam("cycleId", october).queryParam("format", "xlsx")
                .get("/api/v1/reports/payout-results").then().statusCode(200).extract().asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Sheet> sheets = wb.getSheets().toList();
            assertThat(sheets).allSatisfy(sh -> assertThat(sh.getName()).hasSizeLessThanOrEqualTo(31)
                    .doesNotContainPattern("[\\\\/?*\\[\\]:]"));
            List<String> cells = new ArrayList<>();
            for (org.dhatim.fastexcel.reader.Row r : sheets.get(0).read()) {
                r.forEach(c -> cells.add(c == null ? "" : c.getText()));
            }
            assertThat(cells).contains("Tiền mặt tại điểm chi trả", "Đã chi trả").doesNotContain("CASH_AT_POINT", "PAID");
        }
    }

    /**
     * domain.md §3 "an evaluation yearly", and issue 21: the year summary has a year total, failed, unpaid and
     * carried-over lines, and says which month is not over yet.
     */
    @Test
    public void theYearSummaryTotalsTheYearAndMarksTheUnfinishedMonth() {
        JsonPath y = asProvince().queryParam("year", 2026).queryParam("area", "89").get("/api/v1/reports/year-summary")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> months = rows(y, "months");
        assertThat(months).hasSize(13);
        java.time.YearMonth now = TestClock.month();
        for (int i = 0; i < 12; i++) {
            java.time.YearMonth m = java.time.YearMonth.of(2026, i + 1);
            assertThat(months.get(i).get("month")).isEqualTo(m.toString());
            assertThat(months.get(i).get("monthStatus")).as(m.toString()).isEqualTo(m.isBefore(now) ? "MONTH_ENDED"
                    : m.equals(now) ? "MONTH_IN_PROGRESS" : "MONTH_NOT_STARTED");
        }
        Map<String, Object> october = months.get(9);
        assertThat(num(october, "paidLines")).isEqualTo(4);
        assertThat(num(october, "unpaidLines")).isEqualTo(2); // D and F, no result
        assertThat(num(october, "unpaidVnd")).isEqualTo(2_000_000);
        assertThat(num(october, "failedLines")).isZero(); // E failed, then was paid in cash: paid
        Map<String, Object> total = months.get(12);
        assertThat(total.get("month")).isEqualTo("YEAR_TOTAL");
        assertThat(total.get("inPayment")).isNull(); // people are not added across months
        for (String column : List.of("paidLines", "paidVnd", "failedLines", "failedVnd", "unpaidLines", "unpaidVnd",
                "carriedOverLines", "carriedOverVnd")) {
            assertThat(num(total, column)).as(column)
                    .isEqualTo(months.subList(0, 12).stream().mapToLong(m -> num(m, column)).sum());
        }
        assertThat(num(total, "paidVnd")).isGreaterThanOrEqualTo(10_000_000); // September's 6 and October's 4 at least
        String csv = new String(asProvince().queryParam("year", 2026).queryParam("area", "89").queryParam("format", "csv")
                .get("/api/v1/reports/year-summary").then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).contains("10/2026", "Cả năm").doesNotContain("YEAR_TOTAL", "MONTH_ENDED", "2026-10");
        if (now.getYear() == 2026) {
            assertThat(csv).contains("Tháng chưa kết thúc (số liệu tạm tính)");
        }
    }

    /**
     * Issue 21: "a filed report comes back only as JSON (CSV gives 406, format=xlsx returns JSON)". A filed report
     * comes back in each format, by the format parameter or by Accept, with the hash of what was filed.
     */
    @Test
    public void aFiledReportComesBackAsCsvAndXlsxToo() throws Exception {
        Response filed = asProvince().contentType(ContentType.JSON).body(Map.of("provinceCode", "89", "month", "2026-09"))
                .post("/api/v1/reports/snapshots");
        filed.then().statusCode(201);
        String id = filed.jsonPath().getString("id");
        String sha = filed.jsonPath().getString("sha256");
        byte[] byAccept = asProvince().accept("text/csv").get("/api/v1/reports/snapshots/" + id).then().statusCode(200)
                .contentType("text/csv").header("X-Filed-SHA256", sha).extract().asByteArray();
        byte[] byFormat = asProvince().queryParam("format", "csv").get("/api/v1/reports/snapshots/" + id).then()
                .statusCode(200).contentType("text/csv").extract().asByteArray();
        assertThat(byAccept).isEqualTo(byFormat);
        String csv = new String(byFormat, StandardCharsets.UTF_8);
        // the filed values, written for people: the heading of the report as produced, labels, dd/MM/yyyy
        assertThat(csv).startsWith("\ufeff" + "Báo cáo tiến độ").contains("Tỉnh Thử Nghiệm 89 (89)", "Đối tượng đang hưởng")
                .doesNotContain("method.", "inPayment");
        byte[] xlsx = asProvince().queryParam("format", "xlsx").get("/api/v1/reports/snapshots/" + id).then().statusCode(200)
                .contentType(vn.ansinh.payout.report.service.ReportWriters.XLSX).extract().asByteArray();
        byte[] xlsxByAccept = asProvince().accept(vn.ansinh.payout.report.service.ReportWriters.XLSX)
                .get("/api/v1/reports/snapshots/" + id).then().statusCode(200)
                .contentType(vn.ansinh.payout.report.service.ReportWriters.XLSX).extract().asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
                ReadableWorkbook wb2 = new ReadableWorkbook(new ByteArrayInputStream(xlsxByAccept))) {
            Sheet counts = wb.getSheets().filter(sh -> sh.getName().contains("Số lượng")).findFirst().orElseThrow();
            org.dhatim.fastexcel.reader.Row inPayment = counts.read().stream()
                    .filter(r -> "Đối tượng đang hưởng trong tháng".equals(r.getCellText(0))).findFirst().orElseThrow();
            assertThat(inPayment.getCellAsNumber(1).orElseThrow().intValue()).isEqualTo(6);
            assertThat(wb2.getSheets().count()).isEqualTo(wb.getSheets().count());
        }
        // JSON is still the bytes filed
        Response json = asProvince().get("/api/v1/reports/snapshots/" + id);
        json.then().statusCode(200).contentType(ContentType.JSON).header("X-Content-SHA256", sha);
        assertThat(sha256(json.asByteArray())).isEqualTo(sha);
    }

    /** Issue 21: "the monthly payout-results report is filed as a frozen snapshot like the progress report". */
    @Test
    public void thePayoutResultsReportIsFiledFrozenOncePerCycle() {
        Response filed = asProvince().contentType(ContentType.JSON).body(Map.of("cycleId", october))
                .post("/api/v1/reports/snapshots/payout-results");
        filed.then().statusCode(201).body("kind", org.hamcrest.Matchers.equalTo("PAYOUT_RESULTS"))
                .body("cycleId", org.hamcrest.Matchers.equalTo(october)).body("month", org.hamcrest.Matchers.equalTo("2026-10"))
                .body("areaCode", org.hamcrest.Matchers.equalTo("89"));
        String id = filed.jsonPath().getString("id");
        JsonPath content = asProvince().get("/api/v1/reports/snapshots/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(content.getString("kind")).isEqualTo("PAYOUT_RESULTS");
        assertThat(num(row(content, "reconciliation", "item", "paid"), "amountVnd")).isEqualTo(4_000_000);
        // again: the first filing, unchanged
        asProvince().contentType(ContentType.JSON).body(Map.of("cycleId", october)).post("/api/v1/reports/snapshots/payout-results")
                .then().statusCode(201).body("id", org.hamcrest.Matchers.equalTo(id))
                .body("sha256", org.hamcrest.Matchers.equalTo(filed.jsonPath().getString("sha256")));
        // a commune officer files nothing; another province's officer neither
        asSubject("commune-89001", Roles.COMMUNE_OFFICER, "89001").contentType(ContentType.JSON).body(Map.of("cycleId", october))
                .post("/api/v1/reports/snapshots/payout-results").then().statusCode(403);
        asSubject("prov-97", Roles.PROVINCE_OFFICER, "97").contentType(ContentType.JSON).body(Map.of("cycleId", october))
                .post("/api/v1/reports/snapshots/payout-results").then().statusCode(403);
        // the database keeps a payout-results snapshot tied to its cycle
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CycleFixture.sql("insert into report_snapshot (id, kind, "
                + "area_code, month, content, sha256, frozen_by) values (?, 'PAYOUT_RESULTS', '89', date '2026-10-01', '{}', ?, 'x')",
                UUID.randomUUID(), "0".repeat(64))).hasStackTraceContaining("report_snapshot_kind");
        List<Map<String, Object>> listed = asProvince().queryParam("area", "89").get("/api/v1/reports/snapshots")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).anySatisfy(m -> assertThat(m.get("id")).isEqualTo(id));
    }

    @Inject
    vn.ansinh.payout.report.service.ReportService service;

    @Test
    public void theJobFilesThisMonthsProgressOfEveryPayingProvinceOnce() {
        // the job files the current month (the clock's): November 2026 when this suite was written
        String month = TestClock.month().toString();
        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", month);
        f.approveAndRelease(cycle.getString("id"), cycle.getString("linesSha256"));
        service.fileMonthly().await().atMost(java.time.Duration.ofSeconds(60));
        service.fileMonthly().await().atMost(java.time.Duration.ofSeconds(60));
        assertThat(CycleFixture.queryLong("select count(*) from report_snapshot where area_code = '89' and month = ?::date "
                + "and frozen_by = 'system:progress-snapshot'", month + "-01")).isEqualTo(1);
        List<Map<String, Object>> listed = asProvince().queryParam("area", "89").get("/api/v1/reports/snapshots")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).extracting(m -> m.get("month")).contains(month);
    }

    @Test
    public void aReportBeyondTheCallersScopeIsRefusedNotNarrowed() {
        asSubject("commune-89001", Roles.COMMUNE_OFFICER, "89001").queryParam("month", "2026-10").queryParam("area", "89")
                .get("/api/v1/reports/progress").then().statusCode(403);
        asSubject("commune-89001", Roles.COMMUNE_OFFICER, "89001").queryParam("month", "2026-10").queryParam("area", "89001")
                .get("/api/v1/reports/progress").then().statusCode(200);
        // a commune officer asking for a cycle's results without naming an area gets their own commune (issue 21:
        // "the default should be the caller's own scope"), and still 403 for the province
        JsonPath own = asSubject("commune-89002", Roles.COMMUNE_OFFICER, "89002").queryParam("cycleId", october)
                .get("/api/v1/reports/payout-results").then().statusCode(200).extract().jsonPath();
        assertThat(own.getString("area.code")).isEqualTo("89002");
        assertThat(num(row(own, "reconciliation", "item", "lines"), "lines")).isEqualTo(1); // E only
        asSubject("commune-89001", Roles.COMMUNE_OFFICER, "89001").queryParam("cycleId", october).queryParam("area", "89")
                .get("/api/v1/reports/payout-results").then().statusCode(403);
        // one who works in two communes of the province names one
        asSubject("commune-89x", Roles.COMMUNE_OFFICER, "89001", "89002").queryParam("cycleId", october)
                .get("/api/v1/reports/payout-results").then().statusCode(422);
        // one with no area in the cycle's province: refused, not narrowed to nothing
        asSubject("commune-97001", Roles.COMMUNE_OFFICER, "97001").queryParam("cycleId", october)
                .get("/api/v1/reports/payout-results").then().statusCode(403);
        asSubject("prov-97", Roles.PROVINCE_OFFICER, "97").queryParam("cycleId", october).get("/api/v1/reports/provider")
                .then().statusCode(403);
        asSubject("field-89", Roles.FIELD_OFFICER, "89").queryParam("month", "2026-10").queryParam("area", "89")
                .get("/api/v1/reports/progress").then().statusCode(403);
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
