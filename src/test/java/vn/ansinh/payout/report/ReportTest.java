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
        expected.put("checks.identityPassed", new long[] { 2, 1 });
        expected.put("checks.accountPassed", new long[] { 2, 0 }); // r1, and r3 (its identity did not match)
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
        assertThat(months).hasSize(12);
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
        asSubject("commune-89001", Roles.COMMUNE_OFFICER, "89001").queryParam("cycleId", october)
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
