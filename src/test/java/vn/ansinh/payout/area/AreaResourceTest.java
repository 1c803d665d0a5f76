package vn.ansinh.payout.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.everyItem;
import static vn.ansinh.payout.testing.Api.as;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestAreas;

@QuarkusTest
class AreaResourceTest {

    @org.junit.jupiter.api.BeforeEach
    void testProvince() {
        TestAreas.ensureProvince();
    }

    @Test
    void allThirtyFourProvincesAndAllCommunesOf2025ArePresent() {
        as(Roles.FIELD_OFFICER, "21211").queryParam("level", "PROVINCE").queryParam("size", 1)
                .get("/api/v1/areas").then().statusCode(200)
                .body("totalItems", equalTo(34 + TestAreas.addedByTests("PROVINCE")));
        as(Roles.FIELD_OFFICER, "21211").queryParam("level", "COMMUNE").queryParam("size", 1)
                .get("/api/v1/areas").then().statusCode(200)
                .body("totalItems", equalTo(3321 + TestAreas.addedByTests("COMMUNE")));
    }

    @Test
    void mergedProvincesHaveTheirOfficialNumberOfCommunes() {
        as(Roles.PROVINCE_OFFICER, "51").queryParam("parent", "51").queryParam("size", 1)
                .get("/api/v1/areas").then().statusCode(200).body("totalItems", equalTo(96));
        as(Roles.PROVINCE_OFFICER, "31").queryParam("parent", "31").queryParam("size", 1)
                .get("/api/v1/areas").then().statusCode(200).body("totalItems", equalTo(114));
    }

    @Test
    void nameSearchIgnoresAccentsAndCase() {
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("q", "quang ngai").queryParam("level", "PROVINCE")
                .get("/api/v1/areas").then().statusCode(200)
                .body("items.code", equalTo(List.of("51")))
                .body("items[0].name", equalTo("Tỉnh Quảng Ngãi"));
        List<String> names = as(Roles.COMMUNE_OFFICER, "21211").queryParam("q", "dong").queryParam("size", 500)
                .get("/api/v1/areas").then().statusCode(200)
                .body("totalItems", org.hamcrest.Matchers.greaterThan(10))
                .extract().jsonPath().getList("items.name", String.class);
        assertThat(names).anyMatch(n -> n.contains("Đông"));
        assertThat(names).allMatch(n -> vn.ansinh.payout.common.VietnameseText.fold(n).contains("dong"));
    }

    @Test
    void searchTreatsLikeWildcardsLiterally() {
        as(Roles.COMMUNE_OFFICER, "21211").queryParam("q", "%").get("/api/v1/areas")
                .then().statusCode(200).body("totalItems", equalTo(0));
    }

    @Test
    void pagingIsStableAndOrderedByCode() {
        List<String> first = as(Roles.AUDITOR, "51").queryParam("parent", "51").queryParam("size", 50)
                .get("/api/v1/areas").then().statusCode(200)
                .body("page", equalTo(0)).body("totalPages", equalTo(2))
                .extract().jsonPath().getList("items.code", String.class);
        List<String> second = as(Roles.AUDITOR, "51").queryParam("parent", "51").queryParam("size", 50)
                .queryParam("page", 1).get("/api/v1/areas").then().statusCode(200)
                .extract().jsonPath().getList("items.code", String.class);
        assertThat(first).hasSize(50).isSorted();
        assertThat(second).hasSize(46).isSorted();
        assertThat(first.get(49)).isLessThan(second.get(0));
    }

    @Test
    void oneAreaByCodeAndUnknownCodeIsProblem404() {
        as(Roles.PAYMENT_PROVIDER, "51").get("/api/v1/areas/21211").then().statusCode(200)
                .body("name", equalTo("Xã Tịnh Khê")).body("level", equalTo("COMMUNE"))
                .body("parentCode", equalTo("51")).body("unitType", equalTo("commune"));
        as(Roles.PAYMENT_PROVIDER, "51").get("/api/v1/areas/99999").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void invalidFiltersAreProblemDetailsNamingTheField() {
        as(Roles.ADMIN).queryParam("size", 100000).queryParam("parent", "5x")
                .get("/api/v1/areas").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("parent", "size"));
        as(Roles.ADMIN).queryParam("level", "CONTINENT").get("/api/v1/areas").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void adminCreatesADistrictUnderAProvinceAndTheTreeKnowsIt() {
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("code", "989", "name", "Huyện  Thử Nghiệm", "level", "DISTRICT", "unitType", "district",
                        "parentCode", "98", "validFrom", "2024-01-01"))
                .post("/api/v1/areas").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/areas/989"))
                .body("name", equalTo("Huyện Thử Nghiệm"));
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("code", "98901", "name", "Xã Cũ", "level", "COMMUNE", "unitType", "commune",
                        "parentCode", "989", "validFrom", "2024-01-01"))
                .post("/api/v1/areas").then().statusCode(201);
        as(Roles.PROVINCE_OFFICER, "98").queryParam("parent", "989").get("/api/v1/areas").then().statusCode(200)
                .body("items.code", equalTo(List.of("98901")));
        // the same code again: codes are never reused
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("code", "989", "name", "Khác", "level", "DISTRICT", "unitType", "district",
                        "parentCode", "98", "validFrom", "2024-01-01"))
                .post("/api/v1/areas").then().statusCode(409).body("code", equalTo("ALREADY_EXISTS"))
                .body("existing", equalTo("/api/v1/areas/989"));
    }

    @Test
    void aCommuneCannotParentAnotherUnit() {
        as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("code", "988", "name", "Sai", "level", "DISTRICT", "unitType", "district",
                        "parentCode", "21211", "validFrom", "2024-01-01"))
                .post("/api/v1/areas").then().statusCode(400)
                .body("errors.field", hasItem("parentCode"));
        as(Roles.ADMIN).queryParam("q", "Sai").queryParam("parent", "21211").get("/api/v1/areas")
                .then().statusCode(200).body("totalItems", equalTo(0));
    }

    @Test
    void onlyAdminsChangeReferenceData() {
        for (String role : List.of(Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER)) {
            as(role, "51").contentType(ContentType.JSON)
                    .body(Map.of("code", "987", "name", "X", "level", "DISTRICT", "unitType", "district",
                            "parentCode", "98", "validFrom", "2024-01-01"))
                    .post("/api/v1/areas").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        }
        as(Roles.ADMIN).get("/api/v1/areas/987").then().statusCode(404);
    }

    @Test
    void retiredAreasAreHiddenUnlessAskedFor() {
        as(Roles.ADMIN).queryParam("level", "PROVINCE").queryParam("size", 500).get("/api/v1/areas").then()
                .statusCode(200).body("items.validTo", everyItem(org.hamcrest.Matchers.nullValue()));
    }
}
