package vn.ansinh.payout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.approve;
import static vn.ansinh.payout.testing.Api.as;
import static vn.ansinh.payout.testing.Api.asPerson;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.registration.RegistrationTest;
import vn.ansinh.payout.registration.port.LocalBankAccountsSimulator;
import vn.ansinh.payout.registry.BeneficiaryResourceTestAccess;

/**
 * One test per row of the separation-of-duties table (docs/architecture.md, {@link SeparationOfDuties}):
 * the maker cannot check their own step, whatever roles their token carries; another person can. Then
 * the attack the rules are for: one officer holding every role in a commune tries to send a person's
 * allowance to an account of their own, and fails at every step.
 */
@QuarkusTest
class SeparationOfDutiesTest {

    static final String COMMUNE = "21211";
    static final String NEXT_MONTH = "2031-01";

    static RequestSpecification commune(String subject) {
        return asSubject(subject, Roles.COMMUNE_OFFICER, COMMUNE);
    }

    static RequestSpecification province(String subject) {
        return asSubject(subject, Roles.PROVINCE_OFFICER, "51");
    }

    static String beneficiary() {
        return BeneficiaryResourceTestAccess.createInTinhKhe();
    }

    static void ownCheckRefused(String changeId, RequestSpecification maker) {
        maker.contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/change-requests/" + changeId + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
    }

    @Test
    void theDocumentedTableIsThePolicy() throws Exception {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        for (SeparationOfDuties.Step step : SeparationOfDuties.Step.values()) {
            assertThat(doc).as("a row for %s", step).contains("| `" + step.name() + "` |");
        }
        assertThat(EnumSet.allOf(SeparationOfDuties.Step.class)).hasSize(13);
    }

    @Test
    void rowPaymentMethod_theOfficerWhoCapturedARegistrationCannotDecideIt() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = RegistrationTest.registration(id, RegistrationTest.freshId(), "5550001234");
        // a commune officer captures it and tries to verify it
        commune("capturer-pm").contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then().statusCode(201);
        commune("capturer-pm").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        as(Roles.COMMUNE_OFFICER, COMMUNE).get("/api/v1/registrations/" + id).then().body("state", equalTo("SUBMITTED"))
                .body("decidedBy", org.hamcrest.Matchers.nullValue());
        // a commune with a single officer: the province checks instead
        province("province-checker-pm").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(200)
                .body("state", equalTo("VERIFIED")).body("decidedBy", equalTo("province-checker-pm"))
                .body("submittedBy", equalTo("capturer-pm"));
    }

    @Test
    void rowRepresentative_aRepresentativeAskedForByOneOfficerIsConfirmedByAnother() {
        String id = beneficiary();
        Response pending = commune("maker-rep").contentType(ContentType.JSON).body(Map.of("kind", "AUTHORIZED",
                "nationalId", "051190012345", "fullName", "Trần Thị Bé", "relationship", "con gái",
                "validFrom", "2026-01-01", "authorizationRef", "GUQ-1")).post("/api/v1/beneficiaries/" + id + "/representatives");
        pending.then().statusCode(202).body("madeBy", equalTo("maker-rep")).body("summary.nationalId", equalTo("********2345"));
        ownCheckRefused(pending.jsonPath().getString("id"), commune("maker-rep"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/representatives").then().body("size()", equalTo(0));
        JsonPath checked = approve(pending, commune("checker-rep"));
        assertThat(checked.getString("checkedBy")).isEqualTo("checker-rep");
        assertThat(CycleFixture.queryText("select requested_by || '/' || confirmed_by from representative where id = ?::uuid",
                checked.getString("resultId"))).isEqualTo("maker-rep/checker-rep");
    }

    @Test
    void rowMove_aMoveAskedForByOneProvinceOfficerIsCheckedByAnother() {
        String id = beneficiary();
        Response pending = province("maker-move").contentType(ContentType.JSON)
                .body(Map.of("toCommune", "21025", "toAddress", "Tổ 3", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/moves");
        ownCheckRefused(pending.jsonPath().getString("id"), province("maker-move"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("communeCode", equalTo(COMMUNE));
        approve(pending, province("checker-move"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("communeCode", equalTo("21025"));
    }

    @Test
    void rowStatusChange_endingPaymentTakesTwoPeopleAndAPendingChangeChangesNothing() {
        String id = beneficiary();
        Response pending = commune("maker-status").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "ENDED", "reason", "DEATH", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes");
        ownCheckRefused(pending.jsonPath().getString("id"), commune("maker-status"));
        // a second request of the same kind waits for the first
        commune("another").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "SUSPENDED", "reason", "OTHER", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(409);
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("status", equalTo("ACTIVE"));
        as(Roles.AUDITOR, "51").queryParam("state", "PENDING_CHECK").queryParam("entityId", id)
                .get("/api/v1/change-requests").then().statusCode(200).body("items[0].kind", equalTo("STATUS_CHANGE"))
                .body("items[0].checkedBy", org.hamcrest.Matchers.nullValue());
        // rejected: nothing written, and it cannot be approved afterwards
        commune("checker-status").contentType(ContentType.JSON).body(Map.of("decision", "REJECT", "note", "Không có giấy báo tử"))
                .post("/api/v1/change-requests/" + pending.jsonPath().getString("id") + "/check").then().statusCode(200)
                .body("state", equalTo("REJECTED")).body("checkedBy", equalTo("checker-status"));
        commune("third").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/change-requests/" + pending.jsonPath().getString("id") + "/check").then().statusCode(409);
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void rowAdjustment_oneOfficerRecordsAnotherApprovesAndLargeOnesNeedTheProvince() {
        String id = beneficiary();
        Map<String, Object> small = Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", 200_000,
                "reason", "Truy chi", "decisionRef", "QĐ-1/UBND");
        String adj = commune("maker-adj").header("Idempotency-Key", "adj-" + id).contentType(ContentType.JSON).body(small)
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201)
                .body("state", equalTo("PENDING_CHECK")).extract().jsonPath().getString("id");
        commune("maker-adj").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments/" + adj + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        commune("checker-adj").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments/" + adj + "/check").then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("checkedBy", equalTo("checker-adj"));
        Map<String, Object> large = Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", -3_000_000,
                "reason", "Thu hồi", "decisionRef", "QĐ-2/UBND");
        String big = commune("maker-adj").header("Idempotency-Key", "big-" + id).contentType(ContentType.JSON).body(large)
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201).extract().jsonPath().getString("id");
        commune("checker-adj").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments/" + big + "/check").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        // a province role scoped to the commune is still the commune's eyes, not the province's
        asSubject("province-role-in-commune", Roles.PROVINCE_OFFICER, COMMUNE).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVE")).post("/api/v1/beneficiaries/" + id + "/adjustments/" + big + "/check")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        province("province-adj").contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments/" + big + "/check").then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("checkedBy", equalTo("province-adj"));
    }

    @Test
    void adjustmentsAreIdempotentByTheClientsKey() {
        String id = beneficiary();
        Map<String, Object> body = Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", 100_000,
                "reason", "Truy chi", "decisionRef", "QĐ-3/UBND");
        String key = "retry-" + id;
        JsonPath first = commune("idem").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201).extract().jsonPath();
        commune("idem").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(200)
                .body("id", equalTo(first.getString("id"))).body("requestedAt", equalTo(first.getString("requestedAt")));
        commune("idem").header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", 900_000, "reason", "Truy chi",
                        "decisionRef", "QĐ-3/UBND"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(409).body("code", equalTo("CONFLICT"));
        commune("idem").contentType(ContentType.JSON).body(body).post("/api/v1/beneficiaries/" + id + "/adjustments")
                .then().statusCode(400);
        // the request is compared field by field: a reason and decision that only split differently are another request
        String split = "split-" + id;
        commune("idem").header("Idempotency-Key", split).contentType(ContentType.JSON).body(Map.of("program", "SOCIAL_ASSISTANCE",
                "forMonth", "2026-08", "amountVnd", 100_000, "reason", "a|b", "decisionRef", "c"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201);
        commune("idem").header("Idempotency-Key", split).contentType(ContentType.JSON).body(Map.of("program", "SOCIAL_ASSISTANCE",
                "forMonth", "2026-08", "amountVnd", 100_000, "reason", "a", "decisionRef", "b|c"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(409);
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/adjustments").then().body("size()", equalTo(2));
    }

    /** An old man entitled since January 2026 and paid into his bank account. */
    static void entitledAndPaidTo(CycleFixture f, String name, LocalDate born, String account) {
        UUID p = f.person(name, born, "MALE");
        f.entitlement(p, "SOCIAL_ASSISTANCE", "K5c", null, 0, "2026-01");
        f.bankAccount(p, account, "2026-01");
    }

    @Test
    void rowsRerouteCarryOverApprovalAndRelease_eachNeedsASecondProvinceOfficer() {
        CycleFixture f = new CycleFixture("84");
        entitledAndPaidTo(f, "Lò Văn Một", LocalDate.of(1940, 1, 1), "8400000001");
        UUID b = f.person("Lò Thị Hai", LocalDate.of(1941, 1, 1), "FEMALE");
        f.entitlement(b, "SOCIAL_ASSISTANCE", "K5c", null, 0, "2026-01");
        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", "2026-03");
        String cid = cycle.getString("id");
        // CYCLE_APPROVAL: the generator cannot approve
        asSubject("officer-gen-84", Roles.PROVINCE_OFFICER, "84").contentType(ContentType.JSON)
                .body(Map.of("linesSha256", cycle.getString("linesSha256"))).post("/api/v1/cycles/" + cid + "/approval")
                .then().statusCode(403).body("code", equalTo("SEPARATION_OF_DUTIES"));
        f.asApprover().contentType(ContentType.JSON).body(Map.of("linesSha256", cycle.getString("linesSha256")))
                .post("/api/v1/cycles/" + cid + "/approval").then().statusCode(200);
        // CYCLE_RELEASE: the approver cannot release
        f.asApprover().post("/api/v1/cycles/" + cid + "/disbursements").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        f.asReleaser().post("/api/v1/cycles/" + cid + "/disbursements").then().statusCode(200)
                .body("releasedBy", equalTo("officer-rel-84"));
        List<Map<String, Object>> lines = f.payments(cid);
        String bankRef = lines.stream().filter(l -> "BANK_ACCOUNT".equals(l.get("channel"))).findFirst().orElseThrow()
                .get("reference").toString();
        f.upload(cid, CycleFixture.results(lines.stream().filter(l -> "BANK_ACCOUNT".equals(l.get("channel"))).toList(),
                List.of(bankRef)));
        int lineNo = Integer.parseInt(bankRef.substring(bankRef.indexOf('-') + 1));
        // REROUTE
        Response reroute = f.asApprover().contentType(ContentType.JSON).body(Map.of("channel", "CASH_AT_POINT", "reason", "Tài khoản đóng"))
                .post("/api/v1/cycles/" + cid + "/payments/" + lineNo + "/reroute");
        reroute.then().statusCode(202).body("kind", equalTo("REROUTE")).body("summary.failureCode", equalTo("ACCOUNT_CLOSED"));
        ownCheckRefused(reroute.jsonPath().getString("id"), f.asApprover());
        f.asApprover().queryParam("state", "FAILED").get("/api/v1/cycles/" + cid + "/payments").then().body("totalItems", equalTo(1));
        approve(reroute, f.asReleaser());
        f.asApprover().queryParam("state", "REROUTED").get("/api/v1/cycles/" + cid + "/payments").then().body("totalItems", equalTo(1));
        // CARRY_OVER
        Response carry = f.asReleaser().contentType(ContentType.JSON).body(Map.of("reason", "Vắng mặt"))
                .post("/api/v1/cycles/" + cid + "/carry-overs");
        ownCheckRefused(carry.jsonPath().getString("id"), f.asReleaser());
        f.asApprover().queryParam("state", "CARRIED_OVER").get("/api/v1/cycles/" + cid + "/payments").then().body("totalItems", equalTo(0));
        JsonPath done = approve(carry, f.asApprover());
        assertThat(done.getString("resultId")).startsWith("2 lines");
        assertThat(CycleFixture.queryText("select string_agg(decided_by || '/' || checked_by, ',') from payment_carry_over co "
                + "join payment_line l on l.id = co.line_id where l.cycle_id = ?::uuid", cid))
                .isEqualTo("officer-rel-84/officer-appr-84,officer-rel-84/officer-appr-84");
    }

    @Test
    void theDatabaseRefusesAMakerWhoChecksTheirOwnWork() {
        String id = beneficiary();
        assertThat(CycleFixture.sqlFails("insert into beneficiary_status_change (id, beneficiary_id, from_status, to_status, reason, "
                + "effective_month, decided_by, checked_by) values (gen_random_uuid(), '" + id + "', 'ACTIVE', 'SUSPENDED', 'OTHER', "
                + "date '2031-01-01', 'same-person', 'same-person')")).contains("status_change_four_eyes");
        assertThat(CycleFixture.sqlFails("insert into change_request (id, kind, entity_type, entity_id, area_code, payload, summary, "
                + "state, made_by, checked_by, checked_at) values (gen_random_uuid(), 'MOVE', 'beneficiary', '" + id + "', '21211', "
                + "'{}', '{}', 'APPLIED', 'same-person', 'same-person', now())")).contains("change_request_four_eyes");
    }

    // ------------------------------------------------------------------ the attack

    /** Every role the token contract knows, held by one person in one commune. */
    static RequestSpecification omnipotent(String sub) {
        return asPerson(sub, Set.copyOf(Roles.ALL), COMMUNE);
    }

    /**
     * The insider captures a registration sending the person's payments to their own account (held in their
     * name at the bank), optionally naming themselves the representative, and tries to verify it themselves.
     */
    static UUID capturedAndSelfDecided(String sub, String beneficiary, String account, Map<String, Object> representative) {
        UUID reg = UUID.randomUUID();
        Map<String, Object> body = RegistrationTest.registration(reg, RegistrationTest.freshId(), account);
        body.remove("person");
        body.put("beneficiaryId", beneficiary);
        body.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", account,
                "accountHolderName", "Kẻ Gian"));
        if (representative != null) {
            body.put("representative", representative);
        }
        // the insider's own account, as a real bank holds it
        LocalBankAccountsSimulator.open("970405", account, "Kẻ Gian");
        omnipotent(sub).contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then().statusCode(201);
        omnipotent(sub).contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED", "manualCheckNote", "đã xem giấy"))
                .post("/api/v1/registrations/" + reg + "/verification").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        return reg;
    }

    @Test
    void oneOfficerWithEveryRoleInACommuneCannotRedirectAPersonsPaymentsAtAnyStep() {
        String id = beneficiary();
        String sub = "insider-all-roles";
        String account = "9090901234";

        // 1. a new payment method to their account: captured as field officer, decided as commune officer
        UUID reg = capturedAndSelfDecided(sub, id, account, null);

        // 2. themselves as the person's authorized representative
        Response rep = omnipotent(sub).contentType(ContentType.JSON).body(Map.of("kind", "AUTHORIZED",
                "nationalId", "051090012345", "fullName", "Kẻ Gian", "relationship", "hàng xóm", "validFrom", "2026-01-01",
                "authorizationRef", "GUQ-giả")).post("/api/v1/beneficiaries/" + id + "/representatives");
        rep.then().statusCode(202);
        ownCheckRefused(rep.jsonPath().getString("id"), omnipotent(sub));

        // 3. an adjustment paid to the person (then collected), and
        String adj = omnipotent(sub).header("Idempotency-Key", "insider-" + id).contentType(ContentType.JSON)
                .body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08", "amountVnd", 999_999_999, "reason", "x",
                        "decisionRef", "x")).post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201)
                .extract().jsonPath().getString("id");
        omnipotent(sub).contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments/" + adj + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));

        // 4. ending the real person's payment, or moving them away
        Response end = omnipotent(sub).contentType(ContentType.JSON)
                .body(Map.of("toStatus", "ENDED", "reason", "DEATH", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes");
        ownCheckRefused(end.jsonPath().getString("id"), omnipotent(sub));

        // 5. moving the person away: the maker must cover both communes, and a second person would still check it
        omnipotent(sub).contentType(ContentType.JSON)
                .body(Map.of("toCommune", "21025", "toAddress", "Tổ 9", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/moves").then().statusCode(403);

        // 6. a registration naming themselves the representative, paid into their account: still one person
        UUID viaRep = capturedAndSelfDecided(sub, id, account, Map.of("kind", "AUTHORIZED", "nationalId", "051090012345",
                "fullName", "Kẻ Gian", "relationship", "hàng xóm", "validFrom", "2026-01-01", "authorizationRef", "GUQ-giả"));

        // nothing took effect: no method, no representative, the adjustment unapproved, the person still active
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/payment-methods").then().body("size()", equalTo(0));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/representatives").then().body("size()", equalTo(0));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/adjustments").then().body("[0].state", equalTo("PENDING_CHECK"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("status", equalTo("ACTIVE"));
        as(Roles.AUDITOR, "51").get("/api/v1/registrations/" + reg).then().body("state", equalTo("SUBMITTED"));
        as(Roles.AUDITOR, "51").get("/api/v1/registrations/" + viaRep).then().body("state", equalTo("SUBMITTED"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id).then().body("communeCode", equalTo(COMMUNE));
    }

    @Test
    void oneOfficerWithEveryRoleInACommuneCannotTouchThePayrollOrItsResults() {
        CycleFixture f = new CycleFixture("85");
        entitledAndPaidTo(f, "Lò Văn Năm", LocalDate.of(1940, 5, 5), "8500000005");
        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", "2026-05");
        String cid = cycle.getString("id");
        // every role, scoped to one commune of the province, one person
        RequestSpecification insider = asPerson("insider-85", Set.copyOf(Roles.ALL), f.commune(1));
        insider.contentType(ContentType.JSON).body(Map.of("linesSha256", cycle.getString("linesSha256")))
                .post("/api/v1/cycles/" + cid + "/approval").then().statusCode(403);
        f.asApprover().contentType(ContentType.JSON).body(Map.of("linesSha256", cycle.getString("linesSha256")))
                .post("/api/v1/cycles/" + cid + "/approval").then().statusCode(200);
        asPerson("insider-85", Set.copyOf(Roles.ALL), f.commune(1)).post("/api/v1/cycles/" + cid + "/disbursements")
                .then().statusCode(403);
        f.asReleaser().post("/api/v1/cycles/" + cid + "/disbursements").then().statusCode(200);
        String ref = f.payments(cid).get(0).get("reference").toString();
        // reporting the transfer failed, as the provider it also claims to be, then re-routing it to cash
        asPerson("insider-85", Set.copyOf(Roles.ALL), f.commune(1)).contentType("text/csv")
                .body(CycleFixture.results(f.payments(cid), List.of(ref)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/cycles/" + cid + "/reconciliations").then().statusCode(403);
        asPerson("insider-85", Set.copyOf(Roles.ALL), f.commune(1)).contentType(ContentType.JSON)
                .body(Map.of("channel", "CASH_AT_POINT", "reason", "x"))
                .post("/api/v1/cycles/" + cid + "/payments/" + ref.substring(ref.indexOf('-') + 1) + "/reroute").then().statusCode(403);
        asPerson("insider-85", Set.copyOf(Roles.ALL), f.commune(1)).accept("text/csv")
                .get("/api/v1/cycles/" + cid + "/disbursements").then().statusCode(403);
        f.asApprover().get("/api/v1/cycles/" + cid + "/payments").then().body("items[0].state", equalTo("PENDING"));
    }

    @Test
    void twoCollidingRolesHeldByOnePersonAreStillOnePerson() {
        // field officer + commune officer: capture and decide
        String sub = "field-and-commune";
        RequestSpecification both = asPerson(sub, Set.of(Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER), COMMUNE);
        UUID reg = UUID.randomUUID();
        both.contentType(ContentType.JSON).body(RegistrationTest.registration(reg, RegistrationTest.freshId(), "7070701234"))
                .post("/api/v1/registrations").then().statusCode(201);
        asPerson(sub, Set.of(Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER), COMMUNE).contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + reg + "/verification").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        // commune officer + province officer: record a large adjustment and approve it as the province
        String id = beneficiary();
        String sub2 = "commune-and-province";
        String adj = asPerson(sub2, Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), "51").header("Idempotency-Key", "cp-" + id)
                .contentType(ContentType.JSON).body(Map.of("program", "SOCIAL_ASSISTANCE", "forMonth", "2026-08",
                        "amountVnd", 5_000_000, "reason", "x", "decisionRef", "x"))
                .post("/api/v1/beneficiaries/" + id + "/adjustments").then().statusCode(201).extract().jsonPath().getString("id");
        asPerson(sub2, Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), "51").contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVE")).post("/api/v1/beneficiaries/" + id + "/adjustments/" + adj + "/check")
                .then().statusCode(403).body("code", equalTo("SEPARATION_OF_DUTIES"));
        // province officer + payment provider: approve a payroll and release it to themselves
        CycleFixture f = new CycleFixture("85");
        UUID p = f.person("Lò Văn Ba", LocalDate.of(1940, 1, 1), "MALE");
        f.entitlement(p, "SOCIAL_ASSISTANCE", "K5c", null, 0, "2026-01");
        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", "2026-03");
        RequestSpecification insider = asPerson("province-and-provider", Set.of(Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER), "85");
        insider.contentType(ContentType.JSON).body(Map.of("linesSha256", cycle.getString("linesSha256")))
                .post("/api/v1/cycles/" + cycle.getString("id") + "/approval").then().statusCode(200);
        asPerson("province-and-provider", Set.of(Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER), "85")
                .post("/api/v1/cycles/" + cycle.getString("id") + "/disbursements").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
    }
}
