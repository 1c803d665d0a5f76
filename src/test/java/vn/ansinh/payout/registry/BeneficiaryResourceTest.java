package vn.ansinh.payout.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static vn.ansinh.payout.testing.Api.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import vn.ansinh.payout.security.Roles;

@QuarkusTest
class BeneficiaryResourceTest {

    private static final AtomicInteger SERIAL = new AtomicInteger(100);

    /** A fresh, consistent citizen ID for a woman born in 1944 (registered in Quảng Ngãi). */
    static String freshId() {
        return "051144" + String.format("%06d", 400000 + SERIAL.incrementAndGet());
    }

    static Map<String, Object> person(String nationalId, String commune) {
        return Map.of("nationalId", nationalId, "fullName", "Trần Thị Ánh", "dateOfBirth", "1944-02-10",
                "sex", "FEMALE", "communeCode", commune, "addressLine", "Thôn 4", "phone", "0912 345 678",
                "mobility", "CANNOT_TRAVEL",
                "entitlements", List.of(Map.of("program", "SOCIAL_ASSISTANCE", "categoryCode", "K5a",
                        "decisionNumber", "12/QĐ-UBND", "decisionDate", "2024-01-05", "startMonth", "2024-02")));
    }

    static ExtractableResponse<Response> create(Map<String, Object> body) {
        return as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries").then().extract();
    }

    @Test
    void aCommuneOfficerRegistersABeneficiaryAndReadsItBackMasked() {
        String nid = freshId();
        var created = create(person(nid, "21211"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        String id = created.jsonPath().getString("id");
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .body("nationalId", equalTo("********" + nid.substring(8)))
                .body("phone", equalTo("*******5678"))
                .body("fullName", equalTo("Trần Thị Ánh"))
                .body("entitlements[0].categoryCode", equalTo("K5a"))
                .body("entitlements[0].startMonth", equalTo("2024-02"));
        // the whole response never carries the full identifier
        String raw = as(Roles.PROVINCE_OFFICER, "51").get("/api/v1/beneficiaries/" + id).then().extract().asString();
        assertThat(raw).doesNotContain(nid).doesNotContain("912345678");
    }

    @Test
    void aBeneficiaryWithoutEntitlementsIsRegistered() {
        // entitlements are optional in the contract: absent or empty, the person is created with none (was a 500)
        for (boolean absent : new boolean[] { true, false }) {
            Map<String, Object> body = new java.util.HashMap<>(person(freshId(), "21211"));
            if (absent) {
                body.remove("entitlements");
            } else {
                body.put("entitlements", List.of());
            }
            var created = create(body);
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
            as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + created.jsonPath().getString("id"))
                    .then().statusCode(200).body("entitlements", org.hamcrest.Matchers.empty());
        }
    }

    @Test
    void fieldOfficersDoNotSeeEntitlements() {
        String id = create(person(freshId(), "21211")).jsonPath().getString("id");
        as(Roles.FIELD_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .body("entitlements", nullValue());
    }

    @Test
    void aSecondRegistrationOfTheSamePersonPointsToTheFirst() {
        String nid = freshId();
        String id = create(person(nid, "21211")).jsonPath().getString("id");
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(person(nid, "21211"))
                .post("/api/v1/beneficiaries").then().statusCode(409)
                .body("code", equalTo("ALREADY_EXISTS"))
                .body("existing", equalTo("/api/v1/beneficiaries/" + id));
    }

    @Test
    void concurrentRegistrationsOfOnePersonCreateOneRecord() throws Exception {
        String nid = freshId();
        var pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(pool.submit(() -> create(person(nid, "21211")).statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    }

    @Test
    void identityAndContactMistakesAreNamedFieldByField() {
        Map<String, Object> body = new java.util.HashMap<>(person("051044000001", "21211")); // says male
        body.put("phone", "02553822222"); // a landline
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries").then().statusCode(400)
                .body("errors.find { it.field == 'nationalId' }.code", equalTo("SEX_MISMATCH"))
                .body("errors.find { it.field == 'phone' }.code", equalTo("NOT_A_VIETNAMESE_MOBILE"));
        body.put("nationalId", "123456789");
        body.put("phone", "0912345678");
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries").then().statusCode(400)
                .body("errors.find { it.field == 'nationalId' }.code", equalTo("LEGACY_NOT_ALLOWED"));
        body.put("nationalId", freshId());
        body.put("dateOfBirth", "2999-01-01");
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries").then().statusCode(400).body("errors.field", hasItem("dateOfBirth"));
    }

    @Test
    void unknownCategoriesAndMissingSeverityAreRefused() {
        Map<String, Object> body = new java.util.HashMap<>(person(freshId(), "21211"));
        body.put("entitlements", List.of(
                Map.of("program", "SOCIAL_ASSISTANCE", "categoryCode", "K99", "decisionNumber", "1",
                        "decisionDate", "2024-01-01", "startMonth", "2024-01"),
                Map.of("program", "SOCIAL_ASSISTANCE", "categoryCode", "K6", "decisionNumber", "2",
                        "decisionDate", "2024-01-01", "startMonth", "2024-01")));
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(body)
                .post("/api/v1/beneficiaries").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("entitlements[0].categoryCode", "entitlements[1].variant"));
    }

    @Test
    void anOfficerCannotRegisterOrReadOutsideTheirCommune() {
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(person(freshId(), "21025"))
                .post("/api/v1/beneficiaries").then().statusCode(403).body("code", equalTo("OUT_OF_SCOPE"));
        String id = create(person(freshId(), "21211")).jsonPath().getString("id");
        as(Roles.COMMUNE_OFFICER, "21025").get("/api/v1/beneficiaries/" + id).then().statusCode(403)
                .body("code", equalTo("OUT_OF_SCOPE"));
        as(Roles.COMMUNE_OFFICER, "21025").queryParam("commune", "21211").get("/api/v1/beneficiaries").then()
                .statusCode(403);
        as(Roles.PAYMENT_PROVIDER, "51").get("/api/v1/beneficiaries/" + id).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void updatesNeedTheCurrentVersionAndAreAudited() {
        String id = create(person(freshId(), "21211")).jsonPath().getString("id");
        Map<String, Object> change = Map.of("fullName", "Trần Thị Ánh Hồng", "addressLine", "Thôn 5",
                "phone", "0987654321", "mobility", "CAN_TRAVEL");
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(change)
                .put("/api/v1/beneficiaries/" + id).then().statusCode(428);
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).header("If-Match", "\"0\"").body(change)
                .put("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .header("ETag", "\"1\"").body("fullName", equalTo("Trần Thị Ánh Hồng"));
        // a second officer still holding version 0 must not overwrite silently
        as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("fullName", "Tên Cũ", "addressLine", "Thôn 4", "mobility", "CAN_TRAVEL"))
                .put("/api/v1/beneficiaries/" + id).then().statusCode(412).body("code", equalTo("PRECONDITION_FAILED"));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then()
                .body("fullName", equalTo("Trần Thị Ánh Hồng"));
        var trail = as(Roles.AUDITOR, "51").queryParam("entityId", id).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(trail.getList("items.action")).containsExactly("BENEFICIARY_UPDATED", "BENEFICIARY_CREATED");
        assertThat(trail.getString("items[0].changes.fullName.before")).isEqualTo("Trần Thị Ánh");
        assertThat(trail.getString("items[0].changes.fullName.after")).isEqualTo("Trần Thị Ánh Hồng");
        assertThat(trail.getString("items[1].changes.nationalId.after")).startsWith("********");
    }

    @Test
    void theAllowanceFollowsStandardLevelAndAge() {
        String id = create(person(freshId(), "21211")).jsonPath().getString("id"); // born 02/1944, K5a
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("month", "2024-01").get("/api/v1/beneficiaries/" + id + "/allowance")
                .then().statusCode(200).body("amountVnd", equalTo(0)); // before the start month
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("month", "2024-02").get("/api/v1/beneficiaries/" + id + "/allowance")
                .then().statusCode(200).body("amountVnd", equalTo(720000)); // 80 in 02/2024: 2.0 × 360,000
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("month", "2024-07").get("/api/v1/beneficiaries/" + id + "/allowance")
                .then().statusCode(200).body("amountVnd", equalTo(1000000)) // 2.0 × 500,000
                .body("paid[0].coefficient", equalTo(2.0f));
    }

    @Test
    void listsAreScopedAndSearchIgnoresAccents() {
        String id = create(person(freshId(), "21211")).jsonPath().getString("id");
        List<String> ids = as(Roles.COMMUNE_OFFICER, "21211").queryParam("q", "tran thi anh").queryParam("size", 500)
                .get("/api/v1/beneficiaries").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(ids).contains(id);
        as(Roles.COMMUNE_OFFICER, "21025").queryParam("q", "tran thi anh").get("/api/v1/beneficiaries").then()
                .statusCode(200).body("totalItems", equalTo(0));
    }
}
