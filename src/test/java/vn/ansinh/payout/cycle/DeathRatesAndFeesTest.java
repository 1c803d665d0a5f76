package vn.ansinh.payout.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.approve;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

/**
 * Issue 21 (part B), written from the rules' texts, in test province 73 over August to November 2026 and the month
 * after the current one:
 * <ul>
 * <li>Death (Nghị định 20/2021 Điều 11; Thông tư 02/2021 Điều 2; domain.md §2): payment ends from the month after
 * death, what was owed before (a suspended month, a carried-over line) goes to the family and is never dropped;
 * funeral support is the province's multiple (at least 20, a database CHECK) of the standard level, paid once, by
 * the channel the family chose (maker-checker); a DECEASED outcome at a home delivery opens a status review.</li>
 * <li>Dated rates (domain.md §1 "standard levels are effective-dated, per province"): a level decided after the
 * months it applies to pays the difference on the next payroll as LEVEL_DIFFERENCE lines, never rewriting a paid
 * month; a coefficient set applies from a month on; both only once a second person approved them.</li>
 * <li>Adjustments both ways (domain.md §3 "adjustments (điều chỉnh)"): the decision number travels with the line.</li>
 * <li>Fees (domain.md §3, the plans' service fee from the budget): per provider and channel, per line, per commune.</li>
 * </ul>
 */
@QuarkusTest
public class DeathRatesAndFeesTest {

    static final String P = "73";
    static final ObjectMapper JSON = new ObjectMapper();

    static RequestSpecification commune(String who) {
        return asSubject(who, Roles.COMMUNE_OFFICER, "73001");
    }

    @Test
    public void deathDatedRatesAdjustmentsAndFeesFollowTheirRules() throws Exception {
        CycleFixture f = new CycleFixture(P);
        // a commune whose name would run as a formula in a spreadsheet: the fee CSV must guard it
        CycleFixture.sql("insert into area (code, name, level, unit_type, parent_code, valid_from) values "
                + "('73009', '=HYPERLINK(\"http://x\")', 'COMMUNE', 'commune', '73', date '2026-01-01') on conflict do nothing");
        f.paymentPoint(1);
        f.paymentPoint(9);
        UUID r = f.person("Trịnh Văn R", LocalDate.parse("1950-02-02"), "MALE"); // K5a 1.5
        f.entitlement(r, "K5a", "2025-01");
        f.bankAccount(r, "7300000001", "2025-01");
        UUID d = f.person("Đinh Thị D", LocalDate.parse("1948-04-04"), "FEMALE"); // K5a 1.5, suspended in September, dies
        f.entitlement(d, "K5a", "2025-01");
        f.status(d, "ACTIVE", "SUSPENDED", "NOT_COLLECTED_3_MONTHS", "2026-09");
        f.status(d, "SUSPENDED", "ENDED", "DEATH", "2026-10");
        UUID h = f.person("Hoàng Văn H", LocalDate.parse("1945-05-05"), "MALE", 1, "CANNOT_TRAVEL"); // K5a 80+: 2.0, at home
        f.entitlement(h, "K5a", "2025-01");
        UUID s = f.person("Sơn Thị S", LocalDate.parse("2008-03-03"), "FEMALE", 9, "CAN_TRAVEL"); // K2 1.5
        f.entitlement(s, "SOCIAL_ASSISTANCE", "K2", null, 0, "2025-01");

        // ---- Điều 11: the province sets the funeral multiple, never below 20 (API and database)
        Map<String, Object> level = new HashMap<>(Map.of("provinceCode", P, "program", "SOCIAL_ASSISTANCE",
                "effectiveFrom", "2026-08", "amountVnd", 500_000, "decisionRef", "NQ-73/2026 mai táng", "funeralMultiple", 19,
                "retroactive", true));
        f.asGenerator().contentType(ContentType.JSON).body(level).post("/api/v1/standard-levels").then().statusCode(400);
        assertThat(CycleFixture.sqlFails("insert into standard_level (province_code, program, effective_from, amount_vnd, "
                + "decision_ref, funeral_multiple) values ('73', 'SOCIAL_ASSISTANCE', date '2026-06-01', 500000, 'x', 19)"))
                .contains("standard_level_funeral_multiple");
        level.put("funeralMultiple", 25);
        // a month already begun needs the explicit retroactive flag; more than 12 months back is refused
        Map<String, Object> notFlagged = new HashMap<>(level);
        notFlagged.remove("retroactive");
        f.asGenerator().contentType(ContentType.JSON).body(notFlagged).post("/api/v1/standard-levels").then().statusCode(400)
                .body("errors[0].code", equalTo("IN_THE_PAST"));
        Map<String, Object> tooOld = new HashMap<>(level);
        tooOld.put("effectiveFrom", TestClock.month().minusMonths(13).toString());
        f.asGenerator().contentType(ContentType.JSON).body(tooOld).post("/api/v1/standard-levels").then().statusCode(400)
                .body("errors[0].code", equalTo("TOO_FAR_BACK"));
        long funeralLevel = f.asGenerator().contentType(ContentType.JSON).body(level).post("/api/v1/standard-levels").then()
                .statusCode(201).body("state", equalTo("PENDING_CHECK")).extract().jsonPath().getLong("id");
        f.asGenerator().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/standard-levels/" + funeralLevel + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/standard-levels/" + funeralLevel + "/check").then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("funeralMultiple", equalTo(25));

        // ---- August: H, at home, is found deceased by the field officer
        JsonPath aug = f.open("2026-08");
        String augId = aug.getString("id");
        List<Map<String, Object>> augLines = f.payments(augId);
        assertThat(augLines).hasSize(4);
        assertThat(PayrollTest.channel(augLines, h)).isEqualTo("HOME_DELIVERY");
        f.approveAndRelease(augId, aug.getString("linesSha256"));
        String delivery = CycleFixture.queryText("select id::text from home_delivery where cycle_id = ?::uuid", augId);
        commune("commune-73-a").contentType(ContentType.JSON)
                .body(Map.of("cycleId", augId, "officer", "field-73", "deliveryIds", List.of(delivery)))
                .post("/api/v1/deliveries/assignments").then().statusCode(200);
        confirmDeceased(delivery).then().statusCode(201);
        // the commune is told to review the person's status; nothing is decided for them
        List<Map<String, Object>> reviews = commune("commune-73-b").get("/api/v1/deliveries/status-reviews?area=73001")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(reviews).singleElement().satisfies(v -> {
            assertThat(v.get("beneficiaryId")).isEqualTo(h.toString());
            assertThat(v.get("reason")).isEqualTo("REPORTED_DECEASED");
            assertThat(v.get("statusSince")).isNull();
        });
        assertThat(CycleFixture.queryText("select status from beneficiary where id = ?", h)).isEqualTo("ACTIVE");
        f.upload(augId, CycleFixture.results(augLines.stream().filter(l -> !h.toString().equals(l.get("beneficiaryId"))).toList(),
                List.of()));
        approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "Người hưởng đã chết"))
                .post("/api/v1/cycles/" + augId + "/carry-overs"), f.asReleaser());
        f.asApprover().post("/api/v1/cycles/" + augId + "/closure").then().statusCode(200);

        // the commune records the death (payment ends from September); the review shows it was decided
        CycleFixture.sql("insert into beneficiary_status_change (id, beneficiary_id, from_status, to_status, reason, effective_month, "
                + "decided_by, recorded_at) values (?, ?, 'ACTIVE', 'ENDED', 'DEATH', date '2026-09-01', 'commune-73-a', ?)",
                UUID.randomUUID(), h, TestClock.offset().plusMinutes(1));
        CycleFixture.sql("update beneficiary set status = 'ENDED' where id = ?", h);
        assertThat(commune("commune-73-b").get("/api/v1/deliveries/status-reviews?area=73001").then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        commune("commune-73-b").get("/api/v1/deliveries/status-reviews?area=73001&all=true").then().statusCode(200)
                .body("[0].statusSince", equalTo("ENDED:DEATH"));

        // ---- the family chooses a transfer to the funeral arranger's account: recorded by one officer, approved by another
        Map<String, Object> payee = new LinkedHashMap<>();
        payee.put("payeeKind", "FUNERAL_ARRANGER");
        payee.put("fullName", "Hoàng Văn Con");
        payee.put("nationalId", "073090000123");
        payee.put("relationship", "CHILD");
        payee.put("channel", "BANK_ACCOUNT");
        payee.put("bankBin", "970405");
        payee.put("accountNumber", "7300000099");
        payee.put("reason", "Con trai lo mai táng, đề nghị nhận qua tài khoản");
        commune("commune-73-a").contentType(ContentType.JSON).body(payee)
                .post("/api/v1/beneficiaries/" + r + "/family-payees").then().statusCode(422); // R is alive
        String payeeId = commune("commune-73-a").contentType(ContentType.JSON).body(payee)
                .post("/api/v1/beneficiaries/" + h + "/family-payees").then().statusCode(201)
                .body("state", equalTo("PENDING_CHECK")).body("nationalId", org.hamcrest.Matchers.not("073090000123"))
                .extract().jsonPath().getString("id");
        commune("commune-73-a").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + h + "/family-payees/" + payeeId + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        commune("commune-73-b").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + h + "/family-payees/" + payeeId + "/check").then().statusCode(200)
                .body("state", equalTo("APPROVED"));

        // ---- September: H's carried-over August goes to the family with the funeral support (25 × 500.000 đ), by transfer
        JsonPath sep = f.open("2026-09");
        String sepId = sep.getString("id");
        List<Map<String, Object>> sepLines = f.payments(sepId);
        List<Map<String, Object>> hLines = of(sepLines, h);
        assertThat(hLines).extracting(l -> l.get("kind") + " " + l.get("amountVnd") + " " + l.get("recipientKind") + " "
                + l.get("channel") + " " + l.get("recipientName"))
                .containsExactly("CARRY_OVER 1000000 FAMILY BANK_ACCOUNT Hoàng Văn Con",
                        "FUNERAL 12500000 FAMILY BANK_ACCOUNT Hoàng Văn Con");
        assertThat(of(sepLines, d)).isEmpty(); // suspended in September
        f.approveAndRelease(sepId, sep.getString("linesSha256"));
        String file = f.asApprover().accept("text/csv").get("/api/v1/cycles/" + sepId + "/disbursements").then().statusCode(200)
                .extract().asString();
        assertThat(file).contains("Hoàng Văn Con", "7300000099", "12500000").doesNotContain("Hoàng Văn H");
        f.upload(sepId, CycleFixture.results(sepLines, List.of()));
        f.asApprover().post("/api/v1/cycles/" + sepId + "/closure").then().statusCode(200);

        // ---- October: D died; her unpaid (suspended) September is owed to the family with the funeral support, in cash
        JsonPath oct = f.open("2026-10");
        String octId = oct.getString("id");
        List<Map<String, Object>> octLines = f.payments(octId);
        assertThat(of(octLines, d)).extracting(l -> l.get("kind") + " " + l.get("forMonth") + " " + l.get("amountVnd") + " "
                + l.get("recipientKind") + " " + l.get("channel") + " " + l.get("note"))
                .containsExactly("ARREARS 2026-09 750000 FAMILY CASH_AT_POINT OWED_TO_FAMILY",
                        "FUNERAL 2026-10 12500000 FAMILY CASH_AT_POINT DEATH 2026-10 ×25");
        assertThat(of(octLines, h)).isEmpty(); // funeral support once; nothing more owed
        f.approveAndRelease(octId, oct.getString("linesSha256"));
        f.upload(octId, CycleFixture.results(octLines, List.of()));
        f.asApprover().post("/api/v1/cycles/" + octId + "/closure").then().statusCode(200);

        // ---- a resolution decided now raises the level to 550.000 đ from September (retroactive)
        long raise = f.asGenerator().contentType(ContentType.JSON).body(Map.of("provinceCode", P, "program", "SOCIAL_ASSISTANCE",
                "effectiveFrom", "2026-09", "amountVnd", 550_000, "decisionRef", "NQ-73/2026 nâng mức", "retroactive", true))
                .post("/api/v1/standard-levels").then().statusCode(201).body("retroactive", equalTo(true))
                .extract().jsonPath().getLong("id");
        // pending, it changes nothing
        JsonPath nov = f.open("2026-11");
        String novId = nov.getString("id");
        assertThat(amountsByKind(f.payments(novId), r)).containsExactly("REGULAR 2026-11 750000");
        f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/standard-levels/" + raise + "/check").then().statusCode(200);
        // approved: November at the new level, and the difference for September and October as arrears, visible as such
        JsonPath regenerated = f.asGenerator().post("/api/v1/cycles/" + novId + "/generation").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> novLines = f.payments(novId);
        assertThat(amountsByKind(novLines, r)).containsExactly("REGULAR 2026-11 825000", "LEVEL_DIFFERENCE 2026-09 75000",
                "LEVEL_DIFFERENCE 2026-10 75000");
        assertThat(of(novLines, r).get(1).get("note")).isEqualTo("LEVEL 500000 -> 550000 (NQ-73/2026 nâng mức)");
        // the family is owed D's difference for the September she was owed; August stays at August's level
        assertThat(amountsByKind(novLines, d)).containsExactly("LEVEL_DIFFERENCE 2026-09 75000");
        assertThat(of(novLines, d).get(0).get("recipientKind")).isEqualTo("FAMILY");
        assertThat(of(novLines, h)).isEmpty();
        assertThat(PayrollTest.comparison(f, novId)).containsEntry("ONE_OFF " + r,
                "LEVEL_DIFFERENCE: LEVEL 500000 -> 550000 (NQ-73/2026 nâng mức)|LEVEL_DIFFERENCE: LEVEL 500000 -> 550000 (NQ-73/2026 nâng mức)");
        // the months already paid were not rewritten
        assertThat(CycleFixture.queryLong("select amount_vnd from payment_line where cycle_id = ?::uuid and beneficiary_id = ?",
                octId, r)).isEqualTo(750_000L);
        f.asGenerator().post("/api/v1/cycles/" + novId + "/generation").then().statusCode(200)
                .body("linesSha256", equalTo(regenerated.getString("linesSha256")));
        f.approveAndRelease(novId, regenerated.getString("linesSha256"));
        f.upload(novId, CycleFixture.results(novLines, List.of()));
        f.asApprover().post("/api/v1/cycles/" + novId + "/closure").then().statusCode(200);

        // ---- a K2 coefficient set from next month, entered by one admin and approved by another
        YearMonth next = TestClock.month().plusMonths(1);
        String change = asSubject("admin-73-maker", Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("coefficients", List.of(Map.of("minAge", 16, "maxAge", 23, "coefficient", 1.8, "perChild", false)),
                        "effectiveFrom", next.toString(), "decisionRef", "Nghị định thử nghiệm 73"))
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K2/coefficients").then().statusCode(200)
                .extract().jsonPath().getString("id");
        asSubject("admin-73-checker", Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/allowance-categories/coefficient-changes/" + change + "/check").then().statusCode(200);
        f.asApprover().queryParam("month", next.toString()).get("/api/v1/beneficiaries/" + s + "/allowance").then()
                .statusCode(200).body("amountVnd", equalTo(990_000));
        f.asApprover().queryParam("month", "2026-11").get("/api/v1/beneficiaries/" + s + "/allowance").then()
                .statusCode(200).body("amountVnd", equalTo(825_000));

        // ---- adjustments both ways carry their decision number onto the lines that pay or recover them
        PayrollTest.adjustmentWithDecision(f, r, -100_000, "2026-10", "QĐ-TH-73/2026");
        PayrollTest.adjustmentWithDecision(f, s, 50_000, "2026-10", "QĐ-BS-73/2026");
        assertThat(CycleFixture.sqlFails("insert into payment_adjustment (id, beneficiary_id, program, for_month, amount_vnd, reason, "
                + "requested_by) values (gen_random_uuid(), '" + r + "', 'SOCIAL_ASSISTANCE', date '2026-08-01', 1000, 'x', 'y')"))
                .contains("payment_adjustment_decision");
        JsonPath later = f.open(next.toString());
        List<Map<String, Object>> laterLines = f.payments(later.getString("id"));
        Map<String, Object> rRegular = of(laterLines, r).stream().filter(l -> "REGULAR".equals(l.get("kind"))).findFirst().orElseThrow();
        assertThat(rRegular.get("amountVnd")).isEqualTo(725_000);
        assertThat((String) rRegular.get("note")).contains("RECOVERY 100000 (QĐ-TH-73/2026)");
        assertThat(of(laterLines, s)).anySatisfy(l -> {
            assertThat(l.get("kind")).isEqualTo("REGULAR");
            assertThat(l.get("amountVnd")).isEqualTo(990_000); // the new K2 coefficient, 1.8 × 550.000 đ
        }).anySatisfy(l -> {
            assertThat(l.get("kind")).isEqualTo("ADJUSTMENT");
            assertThat((String) l.get("note")).endsWith("(QĐ-BS-73/2026)");
        }).noneSatisfy(l -> assertThat(l.get("kind")).isEqualTo("LEVEL_DIFFERENCE"));
        // months before the new set keep the old coefficient (arrears for a month not yet paid, if any)
        assertThat(of(laterLines, s)).filteredOn(l -> "ARREARS".equals(l.get("kind")))
                .allSatisfy(l -> assertThat(l.get("amountVnd")).isEqualTo(825_000));

        // ---- fees: a schedule per provider and channel, approved by a second officer, priced per line and per commune
        f.asGenerator().contentType(ContentType.JSON).body(fee("CASH_AT_POINT", "BANKONLY", 5000, 0, 0))
                .post("/api/v1/provider-fees").then().statusCode(422); // BANKONLY does not pay cash in 73
        String bankFee = f.asGenerator().contentType(ContentType.JSON).body(fee("BANK_ACCOUNT", "TESTPAY", 1000, 50, 2000))
                .post("/api/v1/provider-fees").then().statusCode(201).body("state", equalTo("PENDING_CHECK"))
                .extract().jsonPath().getString("id");
        String cashFee = f.asGenerator().contentType(ContentType.JSON).body(fee("CASH_AT_POINT", "TESTPAY", 5000, 0, 0))
                .post("/api/v1/provider-fees").then().statusCode(201).extract().jsonPath().getString("id");
        f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/provider-fees/" + cashFee + "/check").then().statusCode(200);
        // the bank schedule is still pending: its lines are unpriced
        f.asApprover().queryParam("month", "2026-08").queryParam("area", P).get("/api/v1/reports/fees").then().statusCode(200)
                .body("feeVnd", equalTo(10_000)).body("unpricedLines", equalTo(1));
        f.asGenerator().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/provider-fees/" + bankFee + "/check").then().statusCode(403);
        f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/provider-fees/" + bankFee + "/check").then().statusCode(200);
        // August: R by bank 1.000 + 0,5% × 750.000 = 4.750 đ; D and S in cash 5.000 đ each; H's failed delivery costs nothing
        JsonPath report = f.asApprover().queryParam("month", "2026-08").queryParam("area", P).get("/api/v1/reports/fees")
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getLong("feeVnd")).isEqualTo(14_750L);
        assertThat(report.getLong("paidLines")).isEqualTo(3L);
        assertThat(report.getInt("unpricedLines")).isZero();
        List<Map<String, Object>> rows = report.getList("rows");
        assertThat(rows).extracting(x -> x.get("communeCode") + " " + x.get("channel") + " " + x.get("paidLines") + " "
                + x.get("paidVnd") + " " + x.get("feeVnd"))
                .containsExactly("73001 BANK_ACCOUNT 1 750000 4750", "73001 CASH_AT_POINT 1 750000 5000",
                        "73009 CASH_AT_POINT 1 750000 5000");
        byte[] csv = f.asApprover().queryParam("month", "2026-08").queryParam("area", P).queryParam("format", "csv")
                .accept("text/csv").get("/api/v1/reports/fees").then().statusCode(200).extract().asByteArray();
        String csvText = new String(csv, StandardCharsets.UTF_8);
        assertThat(csvText).startsWith("\ufeff").contains("'=HYPERLINK", "14750").doesNotContain(",=HYPERLINK");
        // a commune officer asking for the province is refused, never narrowed
        commune("commune-73-a").queryParam("month", "2026-08").queryParam("area", P).get("/api/v1/reports/fees").then()
                .statusCode(403);
        // the provider's part: each paid line with its fee
        List<Map<String, Object>> feeLines = f.asProvider().queryParam("cycleId", augId).get("/api/v1/reports/fees/lines")
                .then().statusCode(200).extract().jsonPath().getList("lines");
        assertThat(feeLines).extracting(x -> x.get("channel") + " " + x.get("feeVnd"))
                .containsExactlyInAnyOrder("BANK_ACCOUNT 4750", "CASH_AT_POINT 5000", "CASH_AT_POINT 5000");
    }

    static Map<String, Object> fee(String channel, String provider, long fixed, int rateBp, long min) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provinceCode", P);
        m.put("channel", channel);
        m.put("providerCode", provider);
        m.put("effectiveFrom", "2026-08");
        m.put("fixedVnd", fixed);
        m.put("rateBp", rateBp);
        m.put("minVnd", min);
        m.put("contractRef", "HĐ-73/2026");
        return m;
    }

    static List<Map<String, Object>> of(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId"))).toList();
    }

    static List<String> amountsByKind(List<Map<String, Object>> lines, UUID person) {
        return of(lines, person).stream().map(l -> l.get("kind") + " " + l.get("forMonth") + " " + l.get("amountVnd")).toList();
    }

    static io.restassured.response.Response confirmDeceased(String delivery) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("confirmationId", UUID.randomUUID().toString());
        body.put("outcome", "DECEASED");
        body.put("recipient", "NONE");
        body.put("amountVnd", 0);
        body.put("capturedAt", TestClock.offset().withNano(0).minusMinutes(5).toString());
        body.put("deviceSentAt", TestClock.offset().withNano(0).toString());
        body.put("position", Map.of("latitude", 15.12, "longitude", 108.80, "accuracyM", 12.0));
        return asSubject("field-73", Roles.FIELD_OFFICER, "73001")
                .multiPart(new MultiPartSpecBuilder(JSON.writeValueAsString(body)).controlName("confirmation")
                        .mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("photo", "file0.jpg", TestImages.jpeg(320, 240, 73), "image/jpeg")
                .post("/api/v1/deliveries/" + delivery + "/confirmation");
    }
}
