package vn.ansinh.payout.cycle;

import static vn.ansinh.payout.testing.Api.approve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.cycle.api.CycleResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * One province's payroll over four months, with the cases the rules single out: an age-coefficient
 * change, a single parent also disabled (paid both), an addition, a suspension and its resumption with
 * arrears, a death with funeral support, a move out of the province, a failed payment carried over, and an
 * adjustment. Standard
 * level 500.000 đ throughout.
 */
@QuarkusTest
public class PayrollTest {

    @Test
    public void payrollFollowsTheRegistryMonthByMonth() throws Exception {
        CycleFixture f = new CycleFixture("97");
        UUID a = f.person("Trần Văn A", LocalDate.parse("1946-09-15"), "MALE"); // 79 in August, 80 in September
        f.entitlement(a, "K5a", "2025-01");
        UUID b = f.person("Lê Thị B", LocalDate.parse("2016-03-01"), "FEMALE");
        f.entitlement(b, "K1", "2025-01");
        f.bankAccount(b, "0123456789", "2026-08");
        UUID c = f.person("Phạm Văn C", LocalDate.parse("1980-05-05"), "MALE");
        f.entitlement(c, "SOCIAL_ASSISTANCE", "K6", "SEVERE", 0, "2025-01");
        f.status(c, "ACTIVE", "SUSPENDED", "OTHER", "2026-09");
        f.status(c, "SUSPENDED", "ACTIVE", "RESUMED", "2026-11");
        UUID d = f.person("Võ Thị D", LocalDate.parse("1941-01-01"), "FEMALE");
        f.entitlement(d, "K5c", "2025-01");
        f.status(d, "ACTIVE", "ENDED", "DEATH", "2026-10");
        UUID e = f.person("Đỗ Văn E", LocalDate.parse("1950-02-02"), "MALE");
        f.entitlement(e, "K5a", "2026-09");
        UUID ff = f.person("Ngô Thị F", LocalDate.parse("1950-06-06"), "FEMALE", 2, "CANNOT_TRAVEL");
        f.entitlement(ff, "K5b", "2025-01");
        UUID g = f.person("Bùi Thị G", LocalDate.parse("1985-07-07"), "FEMALE");
        f.entitlement(g, "SOCIAL_ASSISTANCE", "K4", null, 2, "2025-01");
        f.entitlement(g, "SOCIAL_ASSISTANCE", "K6", "SEVERE", 0, "2025-01");
        UUID h = f.person("Hà Văn H", LocalDate.parse("1941-03-03"), "MALE"); // K5c, 1.0: moves out of the province in October
        f.entitlement(h, "K5c", "2025-01");
        CycleFixture.sql("insert into beneficiary_move (id, beneficiary_id, from_commune, to_commune, from_address, to_address, "
                + "effective_month, decided_by) values (?, ?, ?, '21211', 'Thôn 1', 'Thôn 5', date '2026-10-01', 'officer')",
                UUID.randomUUID(), h, f.commune(1));
        CycleFixture.sql("update beneficiary set commune_code = '21211' where id = ?", h);
        f.paymentPoint(1);

        // ---- August: the province's first cycle
        JsonPath aug = f.open("2026-08");
        String augId = aug.getString("id");
        assertThat(aug.getString("status")).isEqualTo("GENERATED");
        assertThat(aug.getInt("lineCount")).isEqualTo(8);
        assertThat(aug.getLong("totalAmountVnd")).isEqualTo(5_500_000L);
        List<Map<String, Object>> augLines = f.payments(augId);
        assertThat(amounts(augLines, a)).containsExactly(750_000L);
        assertThat(amounts(augLines, g)).containsExactlyInAnyOrder(1_000_000L, 750_000L);
        assertThat(channel(augLines, b)).isEqualTo("BANK_ACCOUNT");
        assertThat(channel(augLines, ff)).isEqualTo("HOME_DELIVERY");
        assertThat(channel(augLines, a)).isEqualTo("CASH_AT_POINT");
        assertThat(total(aug, "CHANNEL", "BANK_ACCOUNT")).isEqualTo(750_000L);
        assertThat(total(aug, "COMMUNE", f.commune(2))).isEqualTo(500_000L);
        assertThat(amounts(augLines, h)).containsExactly(500_000L); // paid where they lived in August

        // a month before the province's first cycle is refused (it was paid outside this service)
        f.asGenerator().contentType(ContentType.JSON).body(Map.of("provinceCode", "97", "program", "SOCIAL_ASSISTANCE",
                "month", "2026-07")).post("/api/v1/cycles").then().statusCode(422);
        // opening it again returns the same payroll
        f.asGenerator().contentType(ContentType.JSON).body(Map.of("provinceCode", "97", "program", "SOCIAL_ASSISTANCE",
                "month", "2026-08")).post("/api/v1/cycles").then().statusCode(200)
                .body("id", equalTo(augId)).body("linesSha256", equalTo(aug.getString("linesSha256")));
        // and regenerating from an unchanged registry gives the same hash
        f.asGenerator().post("/api/v1/cycles/" + augId + "/generation").then().statusCode(200)
                .body("linesSha256", equalTo(aug.getString("linesSha256")));

        // four eyes: the generator cannot approve; a stale hash is refused; nothing changes on refusal
        f.asGenerator().contentType(ContentType.JSON).body(Map.of("linesSha256", aug.getString("linesSha256")))
                .post("/api/v1/cycles/" + augId + "/approval").then().statusCode(403).body("code", equalTo("SEPARATION_OF_DUTIES"));
        f.asApprover().contentType(ContentType.JSON).body(Map.of("linesSha256", "0".repeat(64)))
                .post("/api/v1/cycles/" + augId + "/approval").then().statusCode(412);
        f.asApprover().get("/api/v1/cycles/" + augId).then().body("status", equalTo("GENERATED"));
        f.approveAndRelease(augId, aug.getString("linesSha256"));
        f.asGenerator().post("/api/v1/cycles/" + augId + "/generation").then().statusCode(409);
        assertThat(CycleFixture.queryLong("select count(*) from home_delivery where cycle_id = ?", UUID.fromString(augId)))
                .isEqualTo(1);
        // an approved payroll is sealed in the database too
        assertThatThrownBy(() -> CycleFixture.sql("update payment_line set amount_vnd = 1 where cycle_id = ?",
                UUID.fromString(augId))).hasStackTraceContaining("payment_line rows are never updated");
        assertThatThrownBy(() -> CycleFixture.sql("delete from payment_line where cycle_id = ? and channel <> 'HOME_DELIVERY'", UUID.fromString(augId)))
                .hasStackTraceContaining("payment lines of an approved cycle never change");

        // the provider's file: same bytes twice, checksum as announced
        Response csv1 = f.asProvider().accept("text/csv").get("/api/v1/cycles/" + augId + "/disbursements");
        csv1.then().statusCode(200);
        byte[] body = csv1.asByteArray();
        assertThat(csv1.header("X-Checksum-SHA256")).isEqualTo(sha256(body));
        assertThat(f.asProvider().accept("text/csv").get("/api/v1/cycles/" + augId + "/disbursements").asByteArray())
                .isEqualTo(body);
        String csv = new String(body, StandardCharsets.UTF_8);
        assertThat(csv.lines()).hasSize(2);
        assertThat(csv).contains("0123456789", "750000", "VND");
        Response json = f.asProvider().accept(CycleResource.G2P_JSON).get("/api/v1/cycles/" + augId + "/disbursements");
        json.then().statusCode(200);
        assertThat(json.header("X-Checksum-SHA256")).isEqualTo(sha256(json.asByteArray()));
        JsonPath g2p = new JsonPath(json.asString());
        assertThat(g2p.getInt("header.total_count")).isEqualTo(1);
        assertThat(g2p.getString("message.disbursements[0].payee_fa")).isEqualTo("account:0123456789@970405.napas");
        assertThat(g2p.getString("message.disbursements[0].currency_code")).isEqualTo("VND");
        // the same file at its own path, which a generated client can ask for (one operation, one form)
        assertThat(f.asProvider().get("/api/v1/cycles/" + augId + "/disbursements/g2p").then().statusCode(200)
                .header("X-Checksum-SHA256", json.header("X-Checksum-SHA256")).extract().asByteArray())
                .isEqualTo(json.asByteArray());

        // results: F's payment fails; applying the file twice changes nothing the second time
        String fRef = refOf(augLines, ff);
        String results = CycleFixture.results(augLines, List.of(fRef));
        JsonPath first = f.upload(augId, results);
        assertThat(first.getInt("applied")).isEqualTo(8);
        JsonPath second = f.upload(augId, results);
        assertThat(second.getInt("applied")).isZero();
        assertThat(second.getInt("unchanged")).isEqualTo(8);
        assertThat(CycleFixture.queryLong("select count(*) from payment_result r join payment_line l on l.id = r.line_id "
                + "where l.cycle_id = ?", UUID.fromString(augId))).isEqualTo(8);
        // a conflicting result for the settled line is refused and reported
        String conflicting = "reference_id,status,amount_vnd,provider_reference,paid_at,failure_code,failure_detail\n"
                + fRef + ",PAID,500000,PRV-LATE,2026-12-06T10:00:00+07:00,,\n"
                + "C97SA202608-999,PAID,1,X,2026-12-06T10:00:00+07:00,,\n";
        JsonPath third = f.upload(augId, conflicting);
        assertThat(third.getInt("rejected")).isEqualTo(2);
        List<String> reasons = f.asProvider().get("/api/v1/cycles/" + augId + "/reconciliations/" + third.getString("id")
                + "/rejections").then().statusCode(200).extract().jsonPath().getList("items.reason");
        assertThat(reasons).containsExactly("CONFLICTS_WITH_SETTLED_RESULT", "UNKNOWN_REFERENCE");

        // a cycle with an unsettled line does not close, and says why
        f.asApprover().post("/api/v1/cycles/" + augId + "/closure").then().statusCode(409)
                .body("blockers[0].code", equalTo("UNSETTLED_LINES")).body("blockers[0].lines", equalTo(1))
                .body("blockers[0].amountVnd", equalTo(500_000));
        f.asApprover().get("/api/v1/cycles/" + augId).then().body("status", equalTo("DISBURSING"));
        assertThat(approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "Tài khoản bị đóng"))
                .post("/api/v1/cycles/" + augId + "/carry-overs"), f.asReleaser()).getString("resultId")).isEqualTo("1 lines, 500000 VND");
        f.asApprover().post("/api/v1/cycles/" + augId + "/closure").then().statusCode(200).body("status", equalTo("CLOSED"));

        // ---- September: an adjustment recorded in between; A turns 80; E starts; C is suspended
        String adjustment = f.asApprover().header("Idempotency-Key", "payroll-test-" + b).contentType(ContentType.JSON)
                .body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", 200_000,
                        "reason", "Truy chi phần thiếu tháng 8", "decisionRef", "QĐ-8/UBND"))
                .post("/api/v1/beneficiaries/" + b + "/adjustments").then().statusCode(201).extract().jsonPath().getString("id");
        f.asReleaser().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + b + "/adjustments/" + adjustment + "/check").then().statusCode(200);
        JsonPath sep = f.open("2026-09");
        String sepId = sep.getString("id");
        List<Map<String, Object>> sepLines = f.payments(sepId);
        assertThat(sep.getInt("lineCount")).isEqualTo(10);
        assertThat(sep.getLong("totalAmountVnd")).isEqualTo(6_450_000L);
        assertThat(amounts(sepLines, a)).containsExactly(1_000_000L);
        assertThat(amounts(sepLines, c)).isEmpty();
        assertThat(kinds(sepLines, b)).containsExactly("REGULAR", "ADJUSTMENT");
        assertThat(kinds(sepLines, ff)).containsExactly("REGULAR", "CARRY_OVER");
        Map<String, String> changes = comparison(f, sepId);
        assertThat(changes).containsEntry("ADDED " + e, "NEW_ENTITLEMENT")
                .containsEntry("REMOVED " + c, "SUSPENDED:OTHER")
                .containsEntry("CHANGED " + a, "COEFFICIENT_CHANGED")
                .containsEntry("ONE_OFF " + b, "ADJUSTMENT: Truy chi phần thiếu tháng 8 (QĐ-8/UBND)")
                .containsEntry("ONE_OFF " + ff, "CARRY_OVER")
                .hasSize(5);
        f.approveAndRelease(sepId, sep.getString("linesSha256"));
        f.upload(sepId, CycleFixture.results(sepLines, List.of()));
        f.asApprover().post("/api/v1/cycles/" + sepId + "/closure").then().statusCode(200);

        // ---- October: D died; funeral support, 20 × the standard level, to the family
        JsonPath oct = f.open("2026-10");
        List<Map<String, Object>> octLines = f.payments(oct.getString("id"));
        assertThat(kinds(octLines, d)).containsExactly("FUNERAL");
        assertThat(amounts(octLines, d)).containsExactly(10_000_000L);
        assertThat(octLines.stream().filter(l -> d.toString().equals(l.get("beneficiaryId"))).findFirst().orElseThrow()
                .get("recipientKind")).isEqualTo("FAMILY");
        assertThat(comparison(f, oct.getString("id"))).containsEntry("REMOVED " + d, "ENDED:DEATH")
                .containsEntry("REMOVED " + h, "MOVED_OUT");
        assertThat(amounts(octLines, h)).isEmpty();
        f.approveAndRelease(oct.getString("id"), oct.getString("linesSha256"));
        f.upload(oct.getString("id"), CycleFixture.results(octLines, List.of()));
        f.asApprover().post("/api/v1/cycles/" + oct.getString("id") + "/closure").then().statusCode(200);

        // ---- November: C resumed; the suspended months are paid as arrears, once
        JsonPath nov = f.open("2026-11");
        List<Map<String, Object>> novLines = f.payments(nov.getString("id"));
        List<Map<String, Object>> cLines = novLines.stream().filter(l -> c.toString().equals(l.get("beneficiaryId"))).toList();
        assertThat(cLines).extracting(l -> l.get("kind") + " " + l.get("forMonth") + " " + l.get("amountVnd"))
                .containsExactly("REGULAR 2026-11 750000", "ARREARS 2026-09 750000", "ARREARS 2026-10 750000");
        assertThat(kinds(novLines, d)).isEmpty(); // funeral support is paid once
        assertThat(comparison(f, nov.getString("id"))).containsEntry("ADDED " + c, "RESUMED");
        f.asGenerator().post("/api/v1/cycles/" + nov.getString("id") + "/generation").then().statusCode(200)
                .body("linesSha256", equalTo(nov.getString("linesSha256")));
    }

    @Test
    public void theProviderSeesNoCategoryAndNoOtherProvince() {
        CycleFixture f = new CycleFixture("90");
        UUID p = f.person("Hồ Văn H", LocalDate.parse("1960-01-01"), "MALE");
        f.entitlement(p, "SOCIAL_ASSISTANCE", "K8", null, 0, "2026-01");
        JsonPath cycle = f.open("2026-10");
        f.asProvider().get("/api/v1/cycles/" + cycle.getString("id") + "/payments").then().statusCode(200)
                .body("items[0].categoryCode", org.hamcrest.Matchers.nullValue())
                .body("items[0].amountVnd", equalTo(750_000));
        vn.ansinh.payout.testing.Api.as(vn.ansinh.payout.security.Roles.PAYMENT_PROVIDER, "51")
                .get("/api/v1/cycles/" + cycle.getString("id") + "/payments").then().statusCode(403);
        vn.ansinh.payout.testing.Api.as(vn.ansinh.payout.security.Roles.PROVINCE_OFFICER, "51")
                .post("/api/v1/cycles/" + cycle.getString("id") + "/generation").then().statusCode(403);
        // a token cannot make its bearer the service itself: a "system" group grants no scope
        io.restassured.RestAssured.given().auth().oauth2(vn.ansinh.payout.testing.Tokens.sign(vn.ansinh.payout.testing.Tokens
                .claims("forged-system", java.util.Set.of(vn.ansinh.payout.security.Roles.PROVINCE_OFFICER, "system"), List.of("51"))))
                .accept(ContentType.JSON).post("/api/v1/cycles/" + cycle.getString("id") + "/generation").then().statusCode(403);
        // not released: no file yet
        f.asProvider().accept("text/csv").get("/api/v1/cycles/" + cycle.getString("id") + "/disbursements")
                .then().statusCode(409);
    }

    static Map<String, String> comparison(CycleFixture f, String cycleId) {
        List<Map<String, Object>> items = f.asApprover().queryParam("size", 1000).get("/api/v1/cycles/" + cycleId + "/comparison")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().collect(Collectors.toMap(i -> i.get("change") + " " + i.get("beneficiaryId"),
                i -> (String) i.get("reason"), (x, y) -> x + "|" + y));
    }

    /** Records an adjustment as one province officer and has another approve it (or leaves it pending); its id. */
    static String adjustment(CycleFixture f, UUID person, long amount, String forMonth, boolean approve) {
        String id = f.asGenerator().header("Idempotency-Key", "recovery-" + person + "-" + amount).contentType(ContentType.JSON)
                .body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", forMonth, "amountVnd", amount,
                        "reason", "Thu hồi tiền chi thừa", "decisionRef", "QĐ-TH/UBND"))
                .post("/api/v1/beneficiaries/" + person + "/adjustments").then().statusCode(201).extract().jsonPath().getString("id");
        if (approve) {
            f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                    .post("/api/v1/beneficiaries/" + person + "/adjustments/" + id + "/check").then().statusCode(200);
        }
        return id;
    }

    /** An adjustment with its decision number, recorded by the generator and approved by the approver; its id. */
    static String adjustmentWithDecision(CycleFixture f, UUID person, long amount, String forMonth, String decision) {
        String id = f.asGenerator().header("Idempotency-Key", "decision-" + person + "-" + amount).contentType(ContentType.JSON)
                .body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", forMonth, "amountVnd", amount,
                        "reason", amount < 0 ? "Thu hồi tiền chi thừa" : "Truy chi phần thiếu", "decisionRef", decision))
                .post("/api/v1/beneficiaries/" + person + "/adjustments").then().statusCode(201).extract().jsonPath().getString("id");
        f.asApprover().contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + person + "/adjustments/" + id + "/check").then().statusCode(200);
        return id;
    }

    @Test
    public void anOverpaymentIsRecoveredFromLaterMonthsNeverBelowZeroAndOnlyOnceApproved() throws Exception {
        CycleFixture f = new CycleFixture("81");
        // 750.000 đ a month each (K5a)
        UUID p = f.person("Lý Văn Thu", LocalDate.parse("1950-02-02"), "MALE");
        f.entitlement(p, "K5a", "2025-01");
        f.bankAccount(p, "8100000001", "2025-01");
        UUID q = f.person("Lý Thị Hồi", LocalDate.parse("1950-03-03"), "FEMALE", 2, "CANNOT_TRAVEL");
        f.entitlement(q, "K5a", "2025-01");
        f.paymentPoint(1);
        // P was overpaid 1.000.000 đ; Q 750.000 đ; a larger recovery for P is recorded but never approved
        adjustment(f, p, -1_000_000, "2026-07", true);
        String pending = adjustment(f, p, -5_000_000, "2026-07", false);
        adjustment(f, q, -750_000, "2026-07", true);

        // August takes all of a month from each, and no more: both lines pay 0, settled, nobody is sent anything
        JsonPath aug = f.open("2026-08");
        String augId = aug.getString("id");
        List<Map<String, Object>> augLines = f.payments(augId);
        assertThat(amounts(augLines, p)).containsExactly(0L);
        assertThat(amounts(augLines, q)).containsExactly(0L);
        assertThat(augLines).allSatisfy(l -> assertThat(l.get("state")).isEqualTo("PAID"));
        assertThat(aug.getLong("totalAmountVnd")).isZero();
        f.approveAndRelease(augId, aug.getString("linesSha256"));
        assertThat(CycleFixture.queryLong("select count(*) from home_delivery where cycle_id = ?::uuid", augId)).isZero();
        String file = f.asApprover().accept("text/csv").get("/api/v1/cycles/" + augId + "/disbursements").then().statusCode(200)
                .extract().asString();
        assertThat(file).doesNotContain(refOf(augLines, p));
        assertThat(CycleFixture.queryLong("select sum(recovered_vnd) from payment_line where cycle_id = ?::uuid", augId))
                .isEqualTo(1_500_000L);

        // September takes what P still owes (250.000 đ); Q owes nothing more
        JsonPath sep = f.open("2026-09");
        List<Map<String, Object>> sepLines = f.payments(sep.getString("id"));
        assertThat(amounts(sepLines, p)).containsExactly(500_000L);
        assertThat(amounts(sepLines, q)).containsExactly(750_000L);
        f.approveAndRelease(sep.getString("id"), sep.getString("linesSha256"));
        List<Map<String, Object>> adjustments = f.asApprover().get("/api/v1/beneficiaries/" + p + "/adjustments").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(adjustments).anySatisfy(a -> {
            assertThat(a.get("amountVnd")).isEqualTo(-1_000_000);
            assertThat(a.get("state")).isEqualTo("APPROVED");
            assertThat(a.get("recoveredVnd")).isEqualTo(1_000_000);
        });
        assertThat(adjustments).anySatisfy(a -> {
            assertThat(a.get("id")).isEqualTo(pending);
            assertThat(a.get("state")).isEqualTo("PENDING_CHECK");
            assertThat(a.get("recoveredVnd")).isEqualTo(0);
        });

        // October: paid in full; the pending recovery never touched a payroll
        JsonPath oct = f.open("2026-10");
        assertThat(amounts(f.payments(oct.getString("id")), p)).containsExactly(750_000L);
    }

    static List<Long> amounts(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId")))
                .map(l -> ((Number) l.get("amountVnd")).longValue()).toList();
    }

    static List<String> kinds(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId"))).map(l -> (String) l.get("kind")).toList();
    }

    static String channel(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId"))).map(l -> (String) l.get("channel"))
                .findFirst().orElseThrow();
    }

    static String refOf(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId"))).map(l -> (String) l.get("reference"))
                .findFirst().orElseThrow();
    }

    static long total(JsonPath cycle, String dimension, String key) {
        List<Map<String, Object>> totals = cycle.getList("totals");
        return totals.stream().filter(t -> dimension.equals(t.get("dimension")) && key.equals(t.get("key")))
                .map(t -> ((Number) t.get("amountVnd")).longValue()).findFirst().orElse(0L);
    }

    static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
