package vn.ansinh.payout.report;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

/**
 * Province 65 (communes 65001-65003), October 2026: A (65001) paid by bank; B (65001) bank transfer failed
 * (account closed); C (65002) without a method, at the point, carried over to the next cycle. Each K5a over
 * 80: 1,000,000 VND.
 * <ul>
 * <li>Issue 21, "National database": the month's beneficiaries and payments in a documented, versioned
 * interchange file with a checksum (MISPOSASOFT's format is not public);</li>
 * <li>domain.md §3 "Progress and results are reported … an evaluation yearly", with issue 21: the year
 * summary has failed, unpaid and carried-over lines.</li>
 * </ul>
 */
@QuarkusTest
public class NationalExportTest {

    static CycleFixture f;
    static final Map<String, UUID> people = new HashMap<>();
    static final Map<String, String> nationalIds = new HashMap<>();
    static final Map<String, String> ref = new HashMap<>();

    @Inject
    AreaDirectory areas;

    @BeforeEach
    void octoberInProvince65() {
        if (f != null) {
            return;
        }
        f = new CycleFixture("65");
        areas.refresh().await().indefinitely();
        for (String[] p : new String[][] { { "A", "1" }, { "B", "1" }, { "C", "2" } }) {
            UUID id = f.person("Trần Thị " + p[0], LocalDate.parse("1941-05-0" + (1 + p[0].charAt(0) - 'A')), "FEMALE",
                    Integer.parseInt(p[1]), "CAN_TRAVEL");
            f.entitlement(id, "SOCIAL_ASSISTANCE", "K5a", null, 0, "2026-01");
            people.put(p[0], id);
            nationalIds.put(p[0], CycleFixture.queryText("select national_id from beneficiary where id = ?", id));
        }
        f.bankAccount(people.get("A"), "0011000001", "2026-10");
        f.bankAccount(people.get("B"), "0011000002", "2026-10");
        f.paymentPoint(2);
        JsonPath oct = f.open("SOCIAL_ASSISTANCE", "2026-10");
        String cycle = oct.getString("id");
        f.approveAndRelease(cycle, oct.getString("linesSha256"));
        List<Map<String, Object>> lines = f.payments(cycle);
        Map<UUID, String> who = Map.of(people.get("A"), "A", people.get("B"), "B", people.get("C"), "C");
        for (Map<String, Object> l : lines) {
            ref.put(who.get(UUID.fromString((String) l.get("beneficiaryId"))), (String) l.get("reference"));
        }
        f.upload(cycle, CycleFixture.results(lines.stream().filter(l -> !ref.get("C").equals(l.get("reference"))).toList(),
                List.of(ref.get("B"))));
        long cLine = CycleFixture.queryLong("select id from payment_line where cycle_id = ?::uuid and beneficiary_id = ?",
                cycle, people.get("C"));
        CycleFixture.sql("insert into payment_carry_over (line_id, reason, decided_by) values (?, 'Vắng nhà', 'commune-65')",
                cLine);
    }

    static RequestSpecification asProvince() {
        return asSubject("prov-65", Roles.PROVINCE_OFFICER, "65");
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void theInterchangeFileCarriesTheMonthWithCountsAndAChecksum() throws Exception {
        long audited = CycleFixture.queryLong("select count(*) from audit_entry where action = 'NATIONAL_EXPORT_READ' "
                + "and area_code = '65'");
        byte[] file = asProvince().accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(200).contentType("application/x-ndjson")
                .extract().asByteArray();
        String text = new String(file, StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\n"));
        List<JsonNode> records = new ArrayList<>();
        for (String l : lines) {
            records.add(JSON.readTree(l));
        }
        JsonNode header = records.get(0);
        assertThat(header.path("record").asText()).isEqualTo("header");
        assertThat(header.path("format").asText()).isEqualTo("ansinh-nsa-interchange");
        assertThat(header.path("formatVersion").asText()).isEqualTo("1.0");
        assertThat(header.path("province").asText()).isEqualTo("65");
        assertThat(header.path("month").asText()).isEqualTo("2026-10");
        assertThat(header.path("counts").path("beneficiary").asLong()).isEqualTo(3);
        assertThat(header.path("counts").path("payment").asLong()).isEqualTo(3);

        // the trailer's checksum is the SHA-256 of every byte before the trailer line, and its counts are the lines'
        JsonNode trailer = records.get(records.size() - 1);
        assertThat(trailer.path("record").asText()).isEqualTo("trailer");
        int trailerStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        byte[] before = text.substring(0, trailerStart).getBytes(StandardCharsets.UTF_8);
        assertThat(trailer.path("sha256").asText()).isEqualTo(ReportTest.sha256(before));
        List<JsonNode> beneficiaries = records.stream().filter(r -> r.path("record").asText().equals("beneficiary")).toList();
        List<JsonNode> payments = records.stream().filter(r -> r.path("record").asText().equals("payment")).toList();
        assertThat(trailer.path("counts").path("beneficiary").asLong()).isEqualTo(beneficiaries.size()).isEqualTo(3);
        assertThat(trailer.path("counts").path("payment").asLong()).isEqualTo(payments.size()).isEqualTo(3);
        assertThat(records).hasSize(1 + 3 + 3 + 1);
        // a changed byte no longer matches the checksum
        byte[] tampered = before.clone();
        tampered[tampered.length - 5] ^= 1;
        assertThat(ReportTest.sha256(tampered)).isNotEqualTo(trailer.path("sha256").asText());

        // the people: national ID in full (the national database matches people by it), name, birth date, commune
        Map<String, JsonNode> byId = new HashMap<>();
        beneficiaries.forEach(b -> byId.put(b.path("beneficiaryId").asText(), b));
        JsonNode a = byId.get(people.get("A").toString());
        assertThat(a.path("nationalId").asText()).isEqualTo(nationalIds.get("A"));
        assertThat(a.path("fullName").asText()).isEqualTo("Trần Thị A");
        assertThat(a.path("dateOfBirth").asText()).isEqualTo("1941-05-01");
        assertThat(a.path("communeCode").asText()).isEqualTo("65001");
        // the payments: where each stands
        Map<String, JsonNode> byRef = new HashMap<>();
        payments.forEach(p -> byRef.put(p.path("reference").asText(), p));
        assertThat(byRef.get(ref.get("A")).path("status").asText()).isEqualTo("PAID");
        assertThat(byRef.get(ref.get("A")).path("paidOn").asText()).isEqualTo("2026-12-05");
        assertThat(byRef.get(ref.get("A")).path("amountVnd").asLong()).isEqualTo(1_000_000);
        assertThat(byRef.get(ref.get("A")).path("channel").asText()).isEqualTo("BANK_ACCOUNT");
        assertThat(byRef.get(ref.get("B")).path("status").asText()).isEqualTo("FAILED");
        assertThat(byRef.get(ref.get("B")).path("failureCode").asText()).isEqualTo("ACCOUNT_CLOSED");
        assertThat(byRef.get(ref.get("C")).path("status").asText()).isEqualTo("CARRIED_OVER");
        assertThat(byRef.get(ref.get("C")).path("forMonth").asText()).isEqualTo("2026-10");
        assertThat(byRef.get(ref.get("C")).path("categoryCode").asText()).isEqualTo("K5a");
        assertThat(payments).allSatisfy(p -> assertThat(byId).containsKey(p.path("beneficiaryId").asText()));

        // the read is in the audit trail, with what was exposed
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'NATIONAL_EXPORT_READ' "
                + "and area_code = '65' and actor_sub = 'prov-65' and changes ->> 'beneficiaries' = '3'")).isGreaterThan(0);
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'NATIONAL_EXPORT_READ' "
                + "and area_code = '65'")).isEqualTo(audited + 1);
        assertThat(text).contains(nationalIds.get("B"), nationalIds.get("C"));

        // a month nobody was paid: a header, no lines, a trailer
        String empty = asProvince().accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-03")
                .get("/api/v1/reports/national-database").then().statusCode(200).extract().asString();
        assertThat(empty.split("\n")).hasSize(2);
    }

    @Test
    public void onlyTheProvinceAndItsAuditorsExportIt() {
        asSubject("aud-65", Roles.AUDITOR, "65").accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(200);
        asSubject("com-65001", Roles.COMMUNE_OFFICER, "65001").accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(403);
        asSubject("prov-89", Roles.PROVINCE_OFFICER, "89").accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(403);
        asSubject("provider-65", Roles.PAYMENT_PROVIDER, "65").accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(403);
        // a month must be one; a province is two digits (a commune's code is refused)
        asProvince().accept("application/x-ndjson").queryParam("province", "65").queryParam("month", "2026-13").get("/api/v1/reports/national-database")
                .then().statusCode(400);
        asSubject("prov-65001", Roles.PROVINCE_OFFICER, "65").accept("application/x-ndjson").queryParam("province", "650").queryParam("month", "2026-10")
                .get("/api/v1/reports/national-database").then().statusCode(400);
    }

    /** Issue 21: the year summary has failed, unpaid and carried-over lines, and a year total. */
    @Test
    public void theYearSummaryCountsFailedUnpaidAndCarriedOverLines() {
        JsonPath y = asProvince().queryParam("year", 2026).queryParam("area", "65").get("/api/v1/reports/year-summary")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> months = ReportTest.rows(y, "months");
        Map<String, Object> october = months.get(9);
        assertThat(ReportTest.num(october, "paidLines")).isEqualTo(1);
        assertThat(ReportTest.num(october, "failedLines")).isEqualTo(1);
        assertThat(ReportTest.num(october, "failedVnd")).isEqualTo(1_000_000);
        assertThat(ReportTest.num(october, "carriedOverLines")).isEqualTo(1);
        assertThat(ReportTest.num(october, "carriedOverVnd")).isEqualTo(1_000_000);
        assertThat(ReportTest.num(october, "unpaidLines")).isZero();
        Map<String, Object> total = months.get(12);
        assertThat(ReportTest.num(total, "failedVnd")).isEqualTo(1_000_000);
        assertThat(ReportTest.num(total, "carriedOverLines")).isEqualTo(1);
        assertThat(total.get("monthStatus")).isEqualTo(TestClock.month().getYear() > 2026 ? "MONTH_ENDED" : "MONTH_IN_PROGRESS");
        // CSV: the labels of the states and reasons, never their codes
        String csv = new String(asProvince().queryParam("cycleId", CycleFixture.queryText(
                "select id::text from payment_cycle where province_code = '65' and month = date '2026-10-01'"))
                .queryParam("format", "csv").get("/api/v1/reports/payout-results").then().statusCode(200).extract()
                .asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv).contains("Tài khoản đã đóng", "Không thành công", "Chuyển kỳ sau")
                .doesNotContain("ACCOUNT_CLOSED", "FAILED", "CARRIED_OVER");
    }
}
