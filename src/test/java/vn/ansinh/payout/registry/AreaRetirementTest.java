package vn.ansinh.payout.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static vn.ansinh.payout.testing.Api.as;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestAreas;
import vn.ansinh.payout.testing.TestClock;

/**
 * Issue 21: admins retire or merge units with an effect date. domain.md §4: "An area code is never reused"; the 2025
 * reorganisation merged units from a date (Nghị quyết 202/2025/QH15). Test province 78.
 */
@QuarkusTest
class AreaRetirementTest {

    private static Map<String, Object> body(String successor, String effectiveDate) {
        java.util.HashMap<String, Object> b = new java.util.HashMap<>(Map.of("effectiveDate", effectiveDate,
                "decisionRef", "NQ-78/2026", "reason", "Sắp xếp đơn vị hành chính cấp xã"));
        if (successor != null) {
            b.put("successorCode", successor);
        }
        return b;
    }

    /**
     * A merged commune's people are moved to the successor from the effect month (a dated move each, kept as
     * history), never left in a unit that no longer exists; the unit keeps its code with the date it ended.
     */
    @Test
    void mergingACommuneMovesItsPeopleToTheSuccessorFromTheEffectMonth_domain4() {
        CycleFixture f = new CycleFixture("78");
        TestAreas.ensureProvince("78", 6);
        UUID a = f.person("Mai Thị Hợp", LocalDate.parse("1945-01-01"), "FEMALE", 4, "CAN_TRAVEL");
        UUID b = f.person("Mai Văn Nhất", LocalDate.parse("1946-01-01"), "MALE", 4, "CANNOT_TRAVEL");
        String effect = TestClock.month().plusMonths(1).atDay(1).toString();
        // not an admin: refused
        as(Roles.PROVINCE_OFFICER, "78").contentType(ContentType.JSON).body(body("78005", effect))
                .post("/api/v1/areas/78004/retirement").then().statusCode(403);
        // bad input changes nothing
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body("21211", effect))
                .post("/api/v1/areas/78004/retirement").then().statusCode(400).body("errors[0].code", equalTo("NOT_A_SUCCESSOR"));
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body("78005", TestClock.month().plusMonths(1).atDay(15).toString()))
                .post("/api/v1/areas/78004/retirement").then().statusCode(400).body("errors[0].code", equalTo("FIRST_OF_MONTH"));
        // a commune where people live is not simply retired
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body(null, effect))
                .post("/api/v1/areas/78004/retirement").then().statusCode(409);
        assertThat(CycleFixture.queryText("select coalesce(valid_to::text, 'in force') from area where code = '78004'"))
                .isEqualTo("in force");

        as(Roles.ADMIN).contentType(ContentType.JSON).body(body("78005", effect))
                .post("/api/v1/areas/78004/retirement").then().statusCode(201)
                .body("movedPeople", equalTo(2)).body("successorCode", equalTo("78005"));
        as(Roles.AUDITOR, "78").get("/api/v1/areas/78004").then().statusCode(200)
                .body("validTo", equalTo(effect)).body("successorCode", equalTo("78005"));
        as(Roles.COMMUNE_OFFICER, "78005").get("/api/v1/beneficiaries/" + a).then().statusCode(200)
                .body("communeCode", equalTo("78005"));
        as(Roles.AUDITOR, "78").get("/api/v1/beneficiaries/" + b + "/moves").then().statusCode(200)
                .body("[0].fromCommune", equalTo("78004")).body("[0].toCommune", equalTo("78005"))
                .body("[0].effectiveMonth", equalTo(effect.substring(0, 7)));
        as(Roles.AUDITOR, "78").queryParam("entityId", a.toString()).get("/api/v1/audit").then()
                .body("items.action", hasItem("BENEFICIARY_MOVED"));
        as(Roles.AUDITOR, "78").queryParam("entityId", "78004").get("/api/v1/audit").then()
                .body("items.action", hasItem("AREA_MERGED"));
        // once is enough: a second retirement is a conflict
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body("78005", effect))
                .post("/api/v1/areas/78004/retirement").then().statusCode(409);
    }

    /** A commune where no one lives is retired without a successor; the listing drops it from its date. */
    @Test
    void anEmptyCommuneIsRetiredAndLeavesTheListingOnItsDate() {
        TestAreas.ensureProvince("78", 6);
        String effect = TestClock.month().plusMonths(1).atDay(1).toString();
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body(null, effect))
                .post("/api/v1/areas/78006/retirement").then().statusCode(201).body("movedPeople", equalTo(0));
        as(Roles.AUDITOR, "78").get("/api/v1/areas/78006").then().body("validTo", equalTo(effect));
        // the province cannot go while communes under it are in force
        as(Roles.ADMIN).contentType(ContentType.JSON).body(body(null, effect))
                .post("/api/v1/areas/78/retirement").then().statusCode(409);
    }
}
