package vn.ansinh.payout.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST Assured shortcuts: a request as a given role in given areas. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String role, String... areas) {
        return given().auth().oauth2(Tokens.of(role, areas)).accept(ContentType.JSON);
    }

    public static RequestSpecification asSubject(String subject, String role, String... areas) {
        return given().auth().oauth2(Tokens.forSubject(subject, role, areas)).accept(ContentType.JSON);
    }

    /** A request as one person holding several roles (one {@code sub}). */
    public static RequestSpecification asPerson(String subject, java.util.Set<String> roles, String... areas) {
        return given().auth().oauth2(Tokens.withRoles(subject, roles, areas)).accept(ContentType.JSON);
    }

    /**
     * A maker's 202 (a change request PENDING_CHECK), checked by another person: returns the checked request.
     */
    public static io.restassured.path.json.JsonPath approve(io.restassured.response.Response pending, RequestSpecification checker) {
        pending.then().statusCode(202).body("state", org.hamcrest.Matchers.equalTo("PENDING_CHECK"));
        return checker.contentType(ContentType.JSON).body(java.util.Map.of("decision", "APPROVE"))
                .post("/api/v1/change-requests/" + pending.jsonPath().getString("id") + "/check")
                .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("APPLIED")).extract().jsonPath();
    }

    public static RequestSpecification anonymous() {
        return given().accept(ContentType.JSON);
    }
}
