package vn.ansinh.payout.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static vn.ansinh.payout.testing.Api.as;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.TestEnvironment;

@QuarkusTest
public class RegistrationTest {

    /** A 1x1 PNG, as a phone would send a thumbprint. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final AtomicInteger SERIAL = new AtomicInteger();

    /** A consistent citizen ID of a man born in 1950; the simulators MATCH it (does not end in 9 or 0000). */
    public static String freshId() {
        return "051050" + String.format("%05d", 30000 + SERIAL.incrementAndGet()) + "1";
    }

    /**
     * A registration of Lê Văn Đức with a bank account the simulated bank holds in his name (opened there
     * first, as a real bank would have it).
     */
    public static Map<String, Object> registration(UUID id, String nationalId, String account) {
        vn.ansinh.payout.registration.port.LocalBankAccountsSimulator.open("970405", account, "Lê Văn Đức");
        Map<String, Object> person = Map.of("nationalId", nationalId, "fullName", "Lê Văn Đức",
                "dateOfBirth", "1950-05-01", "sex", "MALE", "communeCode", "21211", "addressLine", "Thôn 7");
        Map<String, Object> method = Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", account,
                "accountHolderName", "LE VAN DUC");
        Map<String, Object> body = new HashMap<>();
        body.put("id", id.toString());
        body.put("person", person);
        body.put("paymentMethod", method);
        body.put("phone", "0981234567");
        body.put("consent", Map.of("kind", "THUMBPRINT_IMAGE", "imageBase64", PNG));
        body.put("deviceTime", TestClock.offset().minusMinutes(30).toString());
        body.put("position", Map.of("latitude", 15.12, "longitude", 108.8, "accuracyMeters", 12.0));
        return body;
    }

    public static ExtractableResponse<Response> submit(Map<String, Object> body) {
        return as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/registrations").then().extract();
    }

    static int rowsFor(UUID id) throws Exception {
        try (Connection c = TestEnvironment.connect();
                var st = c.prepareStatement("select count(*) from registration where id = ?")) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void sendingTheSameRegistrationTwiceReturnsTheSameResultAndStoresOneRow() throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = registration(id, freshId(), "1234567890123");
        var first = submit(body);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.jsonPath().getString("state")).isEqualTo("SUBMITTED");
        assertThat(first.jsonPath().getString("account")).isEqualTo("*********0123");
        var again = submit(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("id")).isEqualTo(id.toString());
        assertThat(again.jsonPath().getString("submittedAt")).isEqualTo(first.jsonPath().getString("submittedAt"));
        assertThat(rowsFor(id)).isEqualTo(1);
        as(Roles.AUDITOR, "51").queryParam("entityId", id.toString()).get("/api/v1/audit").then()
                .body("totalItems", equalTo(1));
    }

    @Test
    void aDifferentPayloadUnderAUsedIdIsAConflict() {
        UUID id = UUID.randomUUID();
        String nid = freshId();
        assertThat(submit(registration(id, nid, "1234567890123")).statusCode()).isEqualTo(201);
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(registration(id, nid, "9876543210"))
                .post("/api/v1/registrations").then().statusCode(409).body("code", equalTo("CONFLICT"))
                .body("existing", equalTo("/api/v1/registrations/" + id));
    }

    @Test
    void concurrentCopiesOfOneRegistrationStoreItOnce() throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = registration(id, freshId(), "5556667778");
        var pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> submit(body).statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(201, 200);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(rowsFor(id)).isEqualTo(1);
    }

    @Test
    void whenThePopulationRegistryCannotAnswerTheRegistrationGoesToAManualCheckAndNeverPassesOnItsOwn() {
        UUID id = UUID.randomUUID();
        // the simulated registry is down for an ID ending in 99
        String unanswerable = "051050" + String.format("%04d", 3000 + SERIAL.incrementAndGet() % 6000) + "99";
        assertThat(submit(registration(id, unanswerable, "5556667712")).statusCode()).isEqualTo(201);
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/registrations/" + id + "/verification").then().statusCode(200)
                .body("identity.result", equalTo("UNAVAILABLE")).body("passed", equalTo(false))
                .body("outcome", equalTo("MANUAL_CHECK"));
        // VERIFIED without saying what was checked by hand is refused, and changes nothing
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(422)
                .body("checks.outcome", equalTo("MANUAL_CHECK"));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/registrations/" + id).then().body("state", equalTo("SUBMITTED"));
        // the checker vouches for what they verified in the papers, and the record says who and what
        vn.ansinh.payout.testing.Api.asSubject("checker-by-hand", Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED", "manualCheckNote", "CCCD gốc đối chiếu tại UBND xã"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(200)
                .body("state", equalTo("VERIFIED")).body("decidedBy", equalTo("checker-by-hand"))
                .body("checks.outcome", equalTo("MANUAL_CHECK")).body("checks.passed", equalTo(false))
                .body("checks.manualCheck.by", equalTo("checker-by-hand"));
    }

    @Test
    void aSyncBatchReportsEachItemAndOneBadItemRejectsNothingElse() throws Exception {
        UUID good = UUID.randomUUID();
        UUID badId = UUID.randomUUID();
        UUID lettersId = UUID.randomUUID();
        Map<String, Object> goodBody = registration(good, freshId(), "1112223334");
        Map<String, Object> wrongSex = registration(badId, "051150012345", "1112223335"); // digit 4 = 1: a woman
        Map<String, Object> letters = registration(lettersId, freshId(), "12AB567890");
        Map<String, Object> batch = Map.of("items", List.of(
                Map.of("type", "REGISTRATION", "payload", goodBody),
                Map.of("type", "REGISTRATION", "payload", wrongSex),
                Map.of("type", "REGISTRATION", "payload", goodBody),
                Map.of("type", "REGISTRATION", "payload", letters),
                Map.of("type", "REGISTRATION", "payload", Map.of("id", "not-a-uuid")),
                Map.of("type", "TELEPORT", "payload", Map.of())));
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(batch).post("/api/v1/sync").then()
                .statusCode(200)
                .body("items.outcome", equalTo(List.of("CREATED", "REJECTED", "DUPLICATE", "REJECTED", "REJECTED", "REJECTED")))
                .body("created", equalTo(1)).body("duplicates", equalTo(1)).body("rejected", equalTo(4))
                .body("items[1].problem.errors.field", hasItem("person.nationalId"))
                .body("items[3].problem.errors.field", hasItem("paymentMethod.accountNumber"))
                .body("items[1].id", equalTo(badId.toString()));
        assertThat(rowsFor(good)).isEqualTo(1);
        assertThat(rowsFor(badId)).isZero();
        assertThat(rowsFor(lettersId)).isZero();
    }

    @Test
    void badInputIsRefusedFieldByFieldAndStoresNothing() throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = registration(id, freshId(), "1234567890");
        body.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "999999", "accountNumber", "1234567890",
                "accountHolderName", "LE VAN DUC"));
        submit(body);
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then()
                .statusCode(400).body("errors.field", hasItem("paymentMethod.bankBin"));
        body.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", "1234567890",
                "accountHolderName", "LE VAN DUC"));
        body.put("phone", "+1 415 555 0100");
        body.put("deviceTime", TestClock.offset().plusDays(2).toString());
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("phone", "deviceTime"));
        body.put("phone", "0981234567");
        body.put("deviceTime", TestClock.offset().toString());
        body.put("consent", Map.of("kind", "SIGNATURE_IMAGE", "imageBase64", "JVBERi0xLjQK")); // a PDF
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then()
                .statusCode(400).body("errors.field", hasItem("consent.imageBase64"));
        body.put("consent", Map.of("kind", "VERBAL_WITH_WITNESS", "witnessName", "Trưởng thôn"));
        body.put("isVip", true);
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(body).post("/api/v1/registrations").then()
                .statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        assertThat(rowsFor(id)).isZero();
    }

    @Test
    void registeringOutsideTheOfficersCommuneIsRefused() throws Exception {
        UUID id = UUID.randomUUID();
        as(Roles.FIELD_OFFICER, "21025").contentType(ContentType.JSON).body(registration(id, freshId(), "1234567890"))
                .post("/api/v1/registrations").then().statusCode(403).body("code", equalTo("OUT_OF_SCOPE"));
        assertThat(rowsFor(id)).isZero();
    }

    @Test
    void aRegistrationNamingSomeoneRegisteredElsewhereIsCheckedAgainstTheirOwnCommune() throws Exception {
        String nid = freshId();
        UUID first = UUID.randomUUID();
        submit(registration(first, nid, "1234512345"));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + first + "/verification").then().statusCode(200);
        // an officer of another commune types the same person with their own commune and an account of theirs
        UUID hijack = UUID.randomUUID();
        Map<String, Object> body = registration(hijack, nid, "9999912345");
        body.put("person", Map.of("nationalId", nid, "fullName", "Lê Văn Đức", "dateOfBirth", "1950-05-01",
                "sex", "MALE", "communeCode", "21025", "addressLine", "Tổ 1"));
        as(Roles.FIELD_OFFICER, "21025").contentType(ContentType.JSON).body(body).post("/api/v1/registrations")
                .then().statusCode(403).body("code", equalTo("OUT_OF_SCOPE"));
        assertThat(rowsFor(hijack)).isZero();
    }

    @Test
    void anAccountHolderMustBeTheRecipientNotWhateverNameWasTyped() {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = registration(id, freshId(), "1234522222");
        // the bank holds it for Trần Văn Lạ; the registration types the beneficiary's own name as the holder
        vn.ansinh.payout.registration.port.LocalBankAccountsSimulator.open("970405", "1234522222", "Trần Văn Lạ");
        body.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", "1234522222",
                "accountHolderName", "LE VAN DUC"));
        submit(body);
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(422)
                .body("checks.account.holderName", equalTo("TRAN VAN LA"))
                .body("checks.account.nameMatches", equalTo(false)).body("checks.outcome", equalTo("FAILED"));
        // the other way round: whatever name is typed, an account the bank holds for the person passes
        UUID other = UUID.randomUUID();
        Map<String, Object> typo = registration(other, freshId(), "1234533333");
        typo.put("paymentMethod", Map.of("method", "BANK_ACCOUNT", "bankBin", "970405", "accountNumber", "1234533333",
                "accountHolderName", "TEN GO SAI"));
        submit(typo);
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/registrations/" + other + "/verification").then()
                .body("account.nameMatches", equalTo(true)).body("account.comparedWith", equalTo("BENEFICIARY"))
                .body("outcome", equalTo("PASSED"));
    }

    @Test
    void verificationMakesTheMethodActiveFromTheNextCycleAndKeepsHistory() {
        UUID first = UUID.randomUUID();
        String nid = freshId();
        submit(registration(first, nid, "1234500001"));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/registrations/" + first + "/verification").then()
                .statusCode(200).body("identity.result", equalTo("MATCH")).body("account.nameMatches", equalTo(true))
                .body("passed", equalTo(true));
        String beneficiaryId = as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + first + "/verification")
                .then().statusCode(200).body("state", equalTo("VERIFIED"))
                .extract().jsonPath().getString("beneficiaryId");
        String next = TestClock.month().plusMonths(1).toString();
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + beneficiaryId + "/payment-methods").then()
                .statusCode(200).body("size()", equalTo(1))
                .body("[0].effectiveFrom", equalTo(next)).body("[0].accountNumber", equalTo("******0001"));
        // deciding again is refused
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + first + "/verification").then().statusCode(409);
        // a second registration for the same person supersedes the first before it took effect
        UUID second = UUID.randomUUID();
        Map<String, Object> change = registration(second, nid, "1234500002");
        change.remove("person");
        change.put("beneficiaryId", beneficiaryId);
        submit(change);
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + second + "/verification").then().statusCode(200);
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + beneficiaryId + "/payment-methods").then()
                .body("size()", equalTo(2))
                .body("[0].effectiveTo", equalTo(TestClock.month().toString()))
                .body("[1].effectiveFrom", equalTo(next))
                .body("[1].effectiveTo", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anAccountInSomeoneElsesNameCannotBeVerifiedButCanWaitForDocuments() {
        UUID id = UUID.randomUUID();
        submit(registration(id, freshId(), "1234567813")); // the simulated bank says NGUYEN VAN KHAC
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(422)
                .body("code", equalTo("UNPROCESSABLE")).body("checks.account.nameMatches", equalTo(false));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "NEEDS_DOCUMENTS"))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(400);
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON)
                .body(Map.of("decision", "NEEDS_DOCUMENTS", "reasons", List.of("Sổ tài khoản đứng tên người khác")))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(200)
                .body("state", equalTo("NEEDS_DOCUMENTS"));
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("state", "NEEDS_DOCUMENTS").queryParam("size", 500)
                .get("/api/v1/registrations").then().statusCode(200).body("items.id", hasItem(id.toString()));
        as(Roles.FIELD_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "REJECTED", "reasons", List.of("x")))
                .post("/api/v1/registrations/" + id + "/verification").then().statusCode(403);
    }
}
