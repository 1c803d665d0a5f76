package vn.ansinh.payout.registry;

import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.approve;
import static vn.ansinh.payout.testing.Api.as;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.registration.RegistrationTest;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

@QuarkusTest
class RegistryLifecycleTest {

    private static final String NEXT_MONTH = TestClock.month().plusMonths(1).toString();

    private static String newBeneficiary() {
        return BeneficiaryResourceTest.create(BeneficiaryResourceTest.person(BeneficiaryResourceTest.freshId(), "21211"))
                .jsonPath().getString("id");
    }

    @Test
    void statusChangesAreDatedHistoryAndEndedIsFinal() {
        String id = newBeneficiary();
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "SUSPENDED", "reason", "DEATH", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        approve(as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "SUSPENDED", "reason", "NOT_COLLECTED_3_MONTHS", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(202)
                .body("summary.fromStatus", equalTo("ACTIVE")).body("summary.toStatus", equalTo("SUSPENDED"))
                .body("state", equalTo("PENDING_CHECK")).extract().response(), as(Roles.PROVINCE_OFFICER, "51"));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "SUSPENDED", "reason", "OTHER", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(409);
        approve(as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "ENDED", "reason", "DEATH", "effectiveMonth", NEXT_MONTH, "note", "Giấy báo tử số 12"))
                .post("/api/v1/beneficiaries/" + id + "/status-changes"), as(Roles.COMMUNE_OFFICER, "21211"));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "ACTIVE", "reason", "RESUMED", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(409);
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(200)
                .body("toStatus", equalTo(List.of("SUSPENDED", "ENDED")))
                .body("[1].effectiveMonth", equalTo(NEXT_MONTH));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then().body("status", equalTo("ENDED"));
        as(Roles.COMMUNE_OFFICER, "21025").contentType(ContentType.JSON)
                .body(Map.of("toStatus", "SUSPENDED", "reason", "OTHER", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/status-changes").then().statusCode(403);
    }

    @Test
    void aMoveBetweenCommunesKeepsHistoryAndHandsTheRecordToTheNewCommune() {
        String id = newBeneficiary();
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("toCommune", "21025", "toAddress", "Tổ 3", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/moves").then().statusCode(403);
        approve(as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON)
                .body(Map.of("toCommune", "21025", "toAddress", "Tổ 3", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/moves"), as(Roles.PROVINCE_OFFICER, "51"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/moves").then()
                .body("[0].fromCommune", equalTo("21211")).body("[0].fromAddress", equalTo("Thôn 4"));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then().statusCode(403);
        as(Roles.COMMUNE_OFFICER, "21025").get("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .body("communeCode", equalTo("21025")).body("addressLine", equalTo("Tổ 3"));
        as(Roles.AUDITOR, "51").get("/api/v1/beneficiaries/" + id + "/moves").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].toCommune", equalTo("21025"));
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON)
                .body(Map.of("toCommune", "21025", "toAddress", "Tổ 3", "effectiveMonth", NEXT_MONTH))
                .post("/api/v1/beneficiaries/" + id + "/moves").then().statusCode(409);
    }

    @Test
    void aVerifiedRegistrationWithARepresentativeRecordsTheCommunesConfirmation() {
        UUID reg = UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(RegistrationTest.registration(reg, RegistrationTest.freshId(), "7770001234"));
        body.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", "7770001234",
                "accountHolderName", "LE THI MAI")); // the account is the representative's
        body.put("representative", Map.of("kind", "AUTHORIZED", "nationalId", "051185012345", "fullName", "Lê Thị Mai",
                "phone", "0905123456", "relationship", "con gái", "validFrom", "2026-01-01",
                "authorizationRef", "GUQ-2026/015"));
        vn.ansinh.payout.registration.port.LocalBankAccountsSimulator.open("970405", "7770001234", "Lê Thị Mai");
        RegistrationTest.submit(body);
        // a representative named only in this registration: no registry confirms her name, so a manual check
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + reg + "/verification")
                .then().statusCode(422).body("checks.outcome", equalTo("MANUAL_CHECK"))
                .body("checks.account.comparedWith", equalTo("UNCONFIRMED_REPRESENTATIVE"));
        String beneficiaryId = as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED", "manualCheckNote", "Giấy ủy quyền GUQ-2026/015 có chứng thực, CCCD khớp"))
                .post("/api/v1/registrations/" + reg + "/verification")
                .then().statusCode(200).body("checks.manualCheck.note", org.hamcrest.Matchers.notNullValue())
                .extract().jsonPath().getString("beneficiaryId");
        as(Roles.FIELD_OFFICER, "21211").get("/api/v1/beneficiaries/" + beneficiaryId + "/representatives").then()
                .statusCode(200).body("size()", equalTo(1))
                .body("[0].nationalId", equalTo("********2345"))
                .body("[0].mayReceive", equalTo(true))
                .body("[0].confirmedBy", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aCommuneOfficerRecordsRepresentativesAndAnExpiredOneCannotReceive() {
        String id = newBeneficiary();
        approve(as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("kind", "GUARDIAN", "nationalId", "051090011111", "fullName", "Trần Văn Giám",
                        "relationship", "cháu", "validFrom", "2025-01-01", "validTo", "2025-12-31", "authorizationRef", "GH-1"))
                .post("/api/v1/beneficiaries/" + id + "/representatives"), as(Roles.COMMUNE_OFFICER, "21211"));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id + "/representatives").then()
                .body("[0].mayReceive", equalTo(false)).body("[0].nationalId", equalTo("********1111"));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("kind", "AUTHORIZED", "nationalId", "051090011112", "fullName", "Trần Thị Ủy",
                        "relationship", "con", "validFrom", "2026-01-01", "authorizationRef", "UQ-2", "phone", "0123"))
                .post("/api/v1/beneficiaries/" + id + "/representatives").then().statusCode(400)
                .body("errors[0].field", equalTo("phone"));
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("kind", "AUTHORIZED", "nationalId", "051090011112", "fullName", "Trần Thị Ủy",
                        "relationship", "con", "validFrom", "2026-01-01", "authorizationRef", "UQ-2"))
                .post("/api/v1/beneficiaries/" + id + "/representatives").then().statusCode(403);
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id + "/representatives").then()
                .body("size()", equalTo(1));
    }

    @Test
    void coefficientsAreReadableAndOnlyAdminsChangeThemFromAMonthWithASecondAdminsCheck() {
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/allowance-categories").then().statusCode(200)
                .body("find { it.code == 'K6' }.sensitive", equalTo(true))
                .body("find { it.code == 'K5a' }.coefficients.coefficient", equalTo(List.of(1.5f, 2.0f)));
        String month = TestClock.month().toString();
        Map<String, Object> set = Map.of("coefficients", List.of(Map.of("coefficient", 1.2, "perChild", false)),
                "effectiveFrom", month, "decisionRef", "Nghị định 20/2021/NĐ-CP");
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON).body(set)
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K7/coefficients").then().statusCode(403);
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("coefficients", List.of(Map.of("minAge", 5, "maxAge", 3, "coefficient", 1.5, "perChild", false)),
                        "effectiveFrom", month, "decisionRef", "NĐ"))
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K7/coefficients").then().statusCode(400);
        // a set never rewrites a month already paid: it starts in the current month at the earliest
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("coefficients", List.of(Map.of("maxAge", 3, "coefficient", 1.5, "perChild", false)),
                        "effectiveFrom", TestClock.month().minusMonths(1).toString(), "decisionRef", "NĐ"))
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K7/coefficients").then().statusCode(400);
        String change = asSubject("admin-maker", Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("coefficients", List.of(Map.of("maxAge", 3, "coefficient", 1.7, "perChild", false)),
                        "effectiveFrom", month, "decisionRef", "NĐ thử"))
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K7/coefficients").then().statusCode(200)
                .body("coefficients[0].maxAge", equalTo(3)).body("state", equalTo("PENDING_CHECK"))
                .extract().jsonPath().getString("id");
        // pending: the coefficients in force are unchanged; the maker cannot approve their own set
        as(Roles.ADMIN).get("/api/v1/allowance-categories").then()
                .body("find { it.code == 'K7' }.coefficients.coefficient", equalTo(List.of(1.5f)));
        asSubject("admin-maker", Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/v1/allowance-categories/coefficient-changes/" + change + "/check").then().statusCode(403)
                .body("code", equalTo("SEPARATION_OF_DUTIES"));
        asSubject("admin-checker", Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("decision", "REJECT", "note", "sai số"))
                .post("/api/v1/allowance-categories/coefficient-changes/" + change + "/check").then().statusCode(200)
                .body("state", equalTo("REJECTED")).body("checkedBy", equalTo("admin-checker"));
        as(Roles.ADMIN).contentType(ContentType.JSON).body(set)
                .put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K99/coefficients").then().statusCode(404);
    }

    @Test
    void provinceOfficersSetFutureStandardLevelsForTheirProvinceOnly() {
        String month = TestClock.month().plusMonths(3).toString();
        Map<String, Object> level = Map.of("provinceCode", "51", "program", "SOCIAL_ASSISTANCE", "effectiveFrom", month,
                "amountVnd", 600000, "decisionRef", "Nghị quyết thử nghiệm");
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON).body(level)
                .post("/api/v1/standard-levels").then().statusCode(201).body("amountVnd", equalTo(600000));
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON).body(level)
                .post("/api/v1/standard-levels").then().statusCode(409);
        Map<String, Object> other = new HashMap<>(level);
        other.put("provinceCode", "31");
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON).body(other)
                .post("/api/v1/standard-levels").then().statusCode(403);
        Map<String, Object> past = new HashMap<>(level);
        past.put("effectiveFrom", "2024-01");
        as(Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON).body(past)
                .post("/api/v1/standard-levels").then().statusCode(400);
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("province", "51").queryParam("program", "SOCIAL_ASSISTANCE")
                .get("/api/v1/standard-levels").then().statusCode(200)
                .body("amountVnd", equalTo(List.of(360000, 500000, 600000)));
        // entered, it waits for a second province officer; the one who entered it cannot approve it
        String levelId = asSubject("province-level-checker", Roles.PROVINCE_OFFICER, "51").queryParam("province", "51")
                .queryParam("program", "SOCIAL_ASSISTANCE").get("/api/v1/standard-levels").then().statusCode(200)
                .extract().jsonPath().getString("find { it.amountVnd == 600000 }.id");
        asSubject("province-level-checker", Roles.PROVINCE_OFFICER, "51").contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVE")).post("/api/v1/standard-levels/" + levelId + "/check").then().statusCode(200)
                .body("state", equalTo("APPROVED"));
        // a new beneficiary's allowance follows the new level from that month
        String id = newBeneficiary();
        as(Roles.PROVINCE_OFFICER, "51").queryParam("month", month).get("/api/v1/beneficiaries/" + id + "/allowance")
                .then().statusCode(200).body("amountVnd", equalTo(1200000));
    }
}
