package vn.ansinh.payout.common;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static vn.ansinh.payout.testing.Api.as;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.security.Roles;

/** Bad input gets a clear problem detail in the caller's language, never a 500 or a stack trace. */
@QuarkusTest
class ErrorResponsesTest {

    private static final String VALID = """
            {"code":"52998","name":"Xã Mới","level":"COMMUNE","unitType":"commune","parentCode":"51","validFrom":"2026-01-01"}""";

    @Test
    void malformedJsonIsA400ProblemAndStoresNothing() {
        as(Roles.ADMIN).contentType(ContentType.JSON).body("{\"code\":\"52990\",\"name\":")
                .post("/api/v1/areas").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"))
                .body("status", equalTo(400))
                .body(not(containsString("Exception")))
                .body(not(containsString("jackson")));
        as(Roles.ADMIN).get("/api/v1/areas/52990").then().statusCode(404);
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        as(Roles.ADMIN).contentType(ContentType.JSON).body(VALID.replace("}", ",\"isAdmin\":true}"))
                .post("/api/v1/areas").then().statusCode(400)
                .body("code", equalTo("UNKNOWN_FIELD"))
                .body("errors.field", hasItem("isAdmin"));
        as(Roles.ADMIN).get("/api/v1/areas/52998").then().statusCode(404);
    }

    @Test
    void aWrongTypeNamesTheField() {
        as(Roles.ADMIN).contentType(ContentType.JSON).body(VALID.replace("\"2026-01-01\"", "[1,2]"))
                .post("/api/v1/areas").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("validFrom"));
        as(Roles.ADMIN).contentType(ContentType.JSON).body(VALID.replace("\"COMMUNE\"", "\"GALAXY\""))
                .post("/api/v1/areas").then().statusCode(400)
                .body("errors.field", hasItem("level"));
    }

    @Test
    void missingAndInvalidFieldsAreListedOneByOne() {
        as(Roles.ADMIN).contentType(ContentType.JSON).body("{\"code\":\"x1\",\"name\":\" \"}")
                .post("/api/v1/areas").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.hasItems("code", "name", "level", "unitType", "validFrom"))
                .body("errors.find { it.field == 'code' }.code", equalTo("PATTERN"))
                .body("errors.find { it.field == 'name' }.message", equalTo("không được để trống"));
    }

    @Test
    void anEmptyBodyIsAProblemNotACrash() {
        as(Roles.ADMIN).contentType(ContentType.JSON).body("")
                .post("/api/v1/areas").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyIs413ProblemDetails() {
        String huge = "{\"name\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        as(Roles.ADMIN).contentType(ContentType.JSON).body(huge)
                .post("/api/v1/areas").then().log().ifValidationFails().statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void aWrongContentTypeIs415() {
        as(Roles.ADMIN).contentType(ContentType.XML).body("<area/>")
                .post("/api/v1/areas").then().statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void messagesAreVietnameseByDefaultAndEnglishOnRequest() {
        as(Roles.ADMIN).get("/api/v1/areas/99999").then().statusCode(404)
                .header("Content-Language", "vi").body("title", equalTo("Không tìm thấy"));
        as(Roles.ADMIN).header("Accept-Language", "en-US,en;q=0.9").get("/api/v1/areas/99999").then().statusCode(404)
                .header("Content-Language", "en").body("title", equalTo("Not found"));
        as(Roles.ADMIN).header("Accept-Language", "en").contentType(ContentType.JSON).body("{\"code\":\"x1\"}")
                .post("/api/v1/areas").then().statusCode(400)
                .body("errors.find { it.field == 'code' }.message", equalTo("has the wrong format"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        as(Roles.ADMIN).get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        as(Roles.ADMIN).delete("/api/v1/areas").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void everyResponseCarriesARequestIdThatProblemsRepeat() {
        String id = as(Roles.ADMIN).get("/api/v1/areas/99999").then().statusCode(404)
                .extract().header("X-Request-Id");
        org.assertj.core.api.Assertions.assertThat(id).isNotBlank();
        as(Roles.ADMIN).header("X-Request-Id", "phone-7f3a-0001").get("/api/v1/areas/99999").then()
                .header("X-Request-Id", "phone-7f3a-0001").body("requestId", equalTo("phone-7f3a-0001"));
        // an id that could forge log lines is replaced, not echoed
        as(Roles.ADMIN).header("X-Request-Id", "bad id\" injected=1").get("/api/v1/areas/99999").then()
                .header("X-Request-Id", not(containsString("injected")));
    }
}
