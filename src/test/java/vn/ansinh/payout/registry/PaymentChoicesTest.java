package vn.ansinh.payout.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static vn.ansinh.payout.testing.Api.approve;
import static vn.ansinh.payout.testing.Api.as;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

/**
 * Issue 21: representatives, payment choices, and registrations in old area codes, each tested from the text of
 * its rule (domain.md §3, citing Nghị định 20/2021 Điều 34, Công văn 5234/LĐTBXH-TTTT and the two provincial
 * plans). Test province 78.
 */
@QuarkusTest
class PaymentChoicesTest {

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /** The test province's fixture; made when a test runs (after the database is migrated), idempotent. */
    private static CycleFixture fixture() {
        return new CycleFixture("78");
    }

    private static Map<String, Object> registration(String nationalId, String commune, Map<String, Object> method,
            Map<String, Object> legacy) {
        Map<String, Object> person = new HashMap<>(Map.of("nationalId", nationalId, "fullName", "Nguyễn Thị Hòa",
                "dateOfBirth", "1948-02-03", "sex", "FEMALE", "addressLine", "Thôn 2"));
        if (commune != null) {
            person.put("communeCode", commune);
        }
        person.putAll(legacy);
        Map<String, Object> body = new HashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("person", person);
        body.put("paymentMethod", method);
        body.put("consent", Map.of("kind", "THUMBPRINT_IMAGE", "imageBase64", PNG));
        body.put("deviceTime", TestClock.offset().minusMinutes(5).toString());
        return body;
    }

    /**
     * domain.md §3 (Nghị định 20/2021 Điều 34; the provincial plans): "receiving into an account is encouraged,
     * never forced. A person who declines an account gives a written reason." Cash at the point and cash at home
     * are both a declined account.
     */
    @Test
    void aPersonWhoDeclinesAnAccountGivesTheWrittenReason_domain3_Dieu34() {
        CycleFixture F = fixture();
        for (String method : List.of("CASH_AT_POINT", "HOME_DELIVERY")) {
            Map<String, Object> m = new HashMap<>(Map.of("method", method));
            if ("HOME_DELIVERY".equals(method)) {
                m.put("homeDeliveryReason", "Liệt giường");
            }
            as(Roles.FIELD_OFFICER, F.commune(1)).contentType(ContentType.JSON)
                    .body(registration("078148100001", F.commune(1), m, Map.of())).post("/api/v1/registrations")
                    .then().statusCode(400).body("errors.field", hasItem("paymentMethod.declinedAccountReason"));
        }
        // with the reason it is taken, and the method in force keeps it
        Map<String, Object> body = registration("078148100002", F.commune(1),
                Map.of("method", "CASH_AT_POINT", "declinedAccountReason", "Không muốn mở tài khoản, tuổi cao"), Map.of());
        as(Roles.FIELD_OFFICER, F.commune(1)).contentType(ContentType.JSON).body(body).post("/api/v1/registrations")
                .then().statusCode(201);
        String beneficiary = asSubject("checker-78", Roles.COMMUNE_OFFICER, F.commune(1)).contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + body.get("id") + "/verification")
                .then().statusCode(200).extract().jsonPath().getString("beneficiaryId");
        assertThat(CycleFixture.queryText("select declined_account_reason from payment_method where beneficiary_id = ?",
                UUID.fromString(beneficiary))).isEqualTo("Không muốn mở tài khoản, tuổi cao");
        // and the database refuses a registered cash method without one
        assertThat(CycleFixture.sqlFails("insert into payment_method (id, beneficiary_id, method, effective_from_month, "
                + "registration_id) values ('" + UUID.randomUUID() + "', '" + beneficiary + "', 'CASH_AT_POINT', date '2027-06-01', '"
                + body.get("id") + "')")).contains("payment_method_declined_reason");
    }

    /** domain.md §3: "cash at the commune payment point (at least one per commune …)": the point serves the person's commune. */
    @Test
    void aCashPaymentPointMustServeThePersonsCommune_domain3() {
        CycleFixture F = fixture();
        UUID elsewhere = F.paymentPoint(2);
        UUID own = F.paymentPoint(1);
        Map<String, Object> wrong = registration("078148100003", F.commune(1), Map.of("method", "CASH_AT_POINT",
                "paymentPointId", elsewhere.toString(), "declinedAccountReason", "Quen nhận tiền mặt"), Map.of());
        as(Roles.FIELD_OFFICER, F.commune(1)).contentType(ContentType.JSON).body(wrong).post("/api/v1/registrations")
                .then().statusCode(400).body("errors.code", hasItem("NOT_A_POINT_OF_THE_COMMUNE"));
        assertThat(CycleFixture.queryLong("select count(*) from registration where id = ?", UUID.fromString((String) wrong.get("id"))))
                .isZero();
        Map<String, Object> right = registration("078148100004", F.commune(1), Map.of("method", "CASH_AT_POINT",
                "paymentPointId", own.toString(), "declinedAccountReason", "Quen nhận tiền mặt"), Map.of());
        as(Roles.FIELD_OFFICER, F.commune(1)).contentType(ContentType.JSON).body(right).post("/api/v1/registrations")
                .then().statusCode(201);
        String beneficiary = asSubject("checker-78", Roles.COMMUNE_OFFICER, F.commune(1)).contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + right.get("id") + "/verification")
                .then().statusCode(200).extract().jsonPath().getString("beneficiaryId");
        // the database refuses a point of another commune too
        assertThat(CycleFixture.sqlFails("update payment_method set payment_point_id = '" + elsewhere + "' where beneficiary_id = '"
                + beneficiary + "'")).contains("does not serve the commune");
    }

    /**
     * domain.md §3: the cash point is the commune's; a move to another commune updates the chosen point (a point of
     * the new commune named with the move) or clears it (the new commune's point pays). Moves are checked by a
     * second person as before.
     */
    @Test
    void aMoveUpdatesOrClearsTheChosenCashPoint_domain3() {
        CycleFixture F = fixture();
        UUID point1 = F.paymentPoint(1);
        UUID point3 = F.paymentPoint(3);
        UUID cleared = F.person("Lý Thị Cúc", LocalDate.parse("1944-04-04"), "FEMALE");
        UUID updated = F.person("Lý Văn Tùng", LocalDate.parse("1944-05-05"), "MALE");
        for (UUID p : List.of(cleared, updated)) {
            CycleFixture.sql("insert into payment_method (id, beneficiary_id, method, payment_point_id, effective_from_month) "
                    + "values (?, ?, 'CASH_AT_POINT', ?, date '2026-01-01')", UUID.randomUUID(), p, point1);
        }
        String month = TestClock.month().plusMonths(1).toString();
        // a point of another commune than the destination is refused before anything is asked
        as(Roles.PROVINCE_OFFICER, "78").contentType(ContentType.JSON)
                .body(Map.of("toCommune", F.commune(2), "toAddress", "Tổ 1", "effectiveMonth", month, "paymentPointId",
                        point3.toString()))
                .post("/api/v1/beneficiaries/" + updated + "/moves").then().statusCode(400)
                .body("errors.code", hasItem("NOT_A_POINT_OF_THE_COMMUNE"));
        approve(as(Roles.PROVINCE_OFFICER, "78").contentType(ContentType.JSON)
                .body(Map.of("toCommune", F.commune(2), "toAddress", "Tổ 1", "effectiveMonth", month))
                .post("/api/v1/beneficiaries/" + cleared + "/moves"), as(Roles.PROVINCE_OFFICER, "78"));
        approve(as(Roles.PROVINCE_OFFICER, "78").contentType(ContentType.JSON)
                .body(Map.of("toCommune", F.commune(3), "toAddress", "Tổ 2", "effectiveMonth", month, "paymentPointId",
                        point3.toString()))
                .post("/api/v1/beneficiaries/" + updated + "/moves"), as(Roles.PROVINCE_OFFICER, "78"));
        LocalDate from = LocalDate.parse(month + "-01");
        // months before the move keep the old point; from the move on, the new one or none
        assertThat(CycleFixture.queryText("select coalesce(payment_point_id::text, 'none') from payment_method "
                + "where beneficiary_id = ? and effective_to_month is null", cleared)).isEqualTo("none");
        assertThat(CycleFixture.queryText("select payment_point_id::text from payment_method where beneficiary_id = ? "
                + "and effective_to_month = ?", cleared, from.minusMonths(1))).isEqualTo(point1.toString());
        assertThat(CycleFixture.queryText("select payment_point_id::text || '@' || effective_from_month from payment_method "
                + "where beneficiary_id = ? and effective_to_month is null", updated)).isEqualTo(point3 + "@" + from);
        as(Roles.AUDITOR, "78").queryParam("entityId", cleared.toString()).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", hasItem("PAYMENT_METHOD_CHANGED"));
    }

    /**
     * Issue 21 (representatives) and domain.md §3: a guardian or authorized person receives for the beneficiary
     * within the authorization's validity; cash at home is for those who cannot travel and have no one to collect
     * for them. When the authorization has expired, a housebound person is paid at home and a child (under 16,
     * Nghị định 20/2021 Điều 5.1) is held for home delivery and the commune's review: never sent silently to the
     * cash point. An adult who can travel collects in person at the point.
     */
    @Test
    void anExpiredAuthorizationNeverSendsAHouseboundPersonOrAChildToTheCashPoint_domain3_Dieu5() {
        CycleFixture f = fixture();
        UUID point = f.paymentPoint(1);
        UUID housebound = f.person("Trịnh Thị Nằm", LocalDate.parse("1940-01-01"), "FEMALE", 1, "CANNOT_TRAVEL");
        f.entitlement(housebound, "SOCIAL_ASSISTANCE", "K5a", null, 0, "2026-01");
        UUID child = f.person("Trịnh Bé Na", LocalDate.parse("2018-06-01"), "FEMALE", 1, "CAN_TRAVEL");
        f.entitlement(child, "SOCIAL_ASSISTANCE", "K1", null, 0, "2026-01");
        UUID adult = f.person("Trịnh Văn Đi", LocalDate.parse("1950-01-01"), "MALE", 1, "CAN_TRAVEL");
        f.entitlement(adult, "SOCIAL_ASSISTANCE", "K5a", null, 0, "2026-01");
        UUID current = f.person("Trịnh Thị Còn", LocalDate.parse("1940-02-02"), "FEMALE", 1, "CANNOT_TRAVEL");
        f.entitlement(current, "SOCIAL_ASSISTANCE", "K5a", null, 0, "2026-01");
        for (UUID p : List.of(housebound, child, adult, current)) {
            UUID rep = UUID.randomUUID();
            // authorizations that ended in October 2026 (one still valid, for contrast)
            CycleFixture.sql("insert into representative (id, beneficiary_id, kind, national_id, full_name, relationship, "
                    + "valid_from, valid_to, authorization_ref, confirmed_by, confirmed_at, requested_by) values (?, ?, 'AUTHORIZED', "
                    + "'078090000001', 'Trịnh Văn Giúp', 'con', date '2026-01-01', ?, 'GUQ-1', 'chk', timestamptz '2026-01-02 09:00+07', 'mk')", rep, p,
                    p.equals(current) ? null : LocalDate.parse("2026-10-31"));
            CycleFixture.sql("insert into payment_method (id, beneficiary_id, method, payment_point_id, representative_id, "
                    + "effective_from_month) values (?, ?, 'CASH_AT_POINT', ?, ?, date '2026-01-01')", UUID.randomUUID(), p,
                    point, rep);
        }
        String cycle = f.open("2026-11").getString("id");
        List<Map<String, Object>> lines = f.payments(cycle);
        Map<String, Object> h = line(lines, housebound);
        assertThat(h.get("channel")).isEqualTo("HOME_DELIVERY");
        assertThat(h.get("recipientKind")).isEqualTo("BENEFICIARY");
        assertThat(h.get("paymentPointId")).isNull();
        assertThat(h.get("note")).isEqualTo("REPRESENTATIVE_AUTHORIZATION_EXPIRED");
        Map<String, Object> c = line(lines, child);
        assertThat(c.get("channel")).isEqualTo("HOME_DELIVERY");
        assertThat(c.get("note")).isEqualTo("REPRESENTATIVE_AUTHORIZATION_EXPIRED_CHILD_REVIEW");
        Map<String, Object> a = line(lines, adult);
        assertThat(a.get("channel")).isEqualTo("CASH_AT_POINT");
        assertThat(a.get("recipientKind")).isEqualTo("BENEFICIARY");
        Map<String, Object> v = line(lines, current);
        assertThat(v.get("channel")).isEqualTo("CASH_AT_POINT");
        assertThat(v.get("recipientKind")).isEqualTo("REPRESENTATIVE");
        assertThat(v.get("paymentPointId")).isEqualTo(point.toString());
    }

    private static Map<String, Object> line(List<Map<String, Object>> lines, UUID person) {
        return lines.stream().filter(l -> person.toString().equals(l.get("beneficiaryId"))).findFirst().orElseThrow();
    }

    /**
     * Issue 21 (old units) and domain.md §4: a registration from papers in old codes is placed on its 2025 commune
     * and says how; an old commune split across several is refused with a problem asking for the 2025 commune.
     */
    @Test
    void aRegistrationInOldCodesIsPlacedAndASplitCommuneAsksForThe2025One_domain4() {
        Map<String, Object> cash = Map.of("method", "CASH_AT_POINT", "declinedAccountReason", "Tuổi cao");
        // Phường Trần Phú (10528, TP Hải Dương) went to 10532 and 10537
        Map<String, Object> split = registration("030148100005", null, cash,
                Map.of("legacyProvinceCode", "30", "legacyDistrictCode", "288", "legacyCommuneCode", "10528"));
        as(Roles.FIELD_OFFICER, "10532").contentType(ContentType.JSON).body(split).post("/api/v1/registrations").then()
                .statusCode(400).body("errors[0].field", equalTo("person.communeCode"))
                .body("errors[0].code", equalTo("LEGACY_COMMUNE_SPLIT"))
                .body("areaMapping.candidates", equalTo(List.of("10532", "10537")));
        // Phường Bình Hàn (10510) went whole into Phường Cẩm Thượng (10507)
        Map<String, Object> merged = registration("030148100006", null, cash,
                Map.of("legacyProvinceCode", "30", "legacyDistrictCode", "288", "legacyCommuneCode", "10510"));
        as(Roles.FIELD_OFFICER, "10507").contentType(ContentType.JSON).body(merged).post("/api/v1/registrations").then()
                .statusCode(201).body("communeCode", equalTo("10507")).body("areaMapping.rule", equalTo("MERGED"))
                .body("areaMapping.oldCommuneCode", equalTo("10510"));
        String beneficiary = asSubject("checker-10507", Roles.COMMUNE_OFFICER, "10507").contentType(ContentType.JSON)
                .body(Map.of("decision", "VERIFIED")).post("/api/v1/registrations/" + merged.get("id") + "/verification")
                .then().statusCode(200).extract().jsonPath().getString("beneficiaryId");
        as(Roles.COMMUNE_OFFICER, "10507").get("/api/v1/beneficiaries/" + beneficiary).then().statusCode(200)
                .body("communeCode", equalTo("10507")).body("legacyCommuneCode", equalTo("10510"))
                .body("legacyDistrictCode", equalTo("288"));
    }
}
