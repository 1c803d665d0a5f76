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

    public static RequestSpecification anonymous() {
        return given().accept(ContentType.JSON);
    }
}
