package vn.ansinh.payout.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import vn.ansinh.payout.testing.Tokens;

/** Only a token signed by the configured key, for this issuer and audience, and in date, gets in. */
@QuarkusTest
class TokenVerificationTest {

    private static final String AREAS = "/api/v1/areas";

    @Test
    void aValidTokenIsAccepted() {
        given().auth().oauth2(Tokens.of(Roles.COMMUNE_OFFICER, "21211")).get(AREAS).then().statusCode(200);
    }

    @Test
    void noTokenIsUnauthorizedWithAProblemDetail() {
        given().get(AREAS).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("UNAUTHENTICATED"))
                .body("type", equalTo("urn:ansinh:problem:unauthenticated"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant past = Instant.now().minusSeconds(7200);
        String token = Tokens.sign(Tokens.claims("u1", Set.of(Roles.ADMIN), List.of())
                .issuedAt(past).expiresAt(past.plusSeconds(600)));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        String token = Tokens.sign(Tokens.claims("u1", Set.of(Roles.ADMIN), List.of())
                .issuedAt(Instant.now().plusSeconds(3600)).expiresAt(Instant.now().plusSeconds(7200))
                .claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond()));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String token = Tokens.signedByStranger(Tokens.claims("u1", Set.of(Roles.ADMIN), List.of()));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String token = Tokens.sign(Jwt.issuer("https://evil.example/realms/x").audience(Tokens.AUDIENCE).subject("u1")
                .groups(Roles.ADMIN).expiresAt(Instant.now().plusSeconds(600)));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = Tokens.sign(Jwt.issuer(Tokens.ISSUER).audience("some-other-app").subject("u1")
                .groups(Roles.ADMIN).expiresAt(Instant.now().plusSeconds(600)));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        String unsigned = Tokens.unsigned(Tokens.of(Roles.ADMIN));
        given().auth().oauth2(unsigned).get(AREAS).then().statusCode(401);
    }

    @Test
    void aTokenWithEditedClaimsIsRefused() {
        String token = Tokens.tampered(Tokens.of(Roles.FIELD_OFFICER, "21211"), "field_officer", "auditor");
        given().auth().oauth2(token).get("/api/v1/audit").then().statusCode(401);
    }

    @Test
    void garbageInTheAuthorizationHeaderIsRefused() {
        given().header("Authorization", "Bearer not.a.jwt").get(AREAS).then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").get(AREAS).then().statusCode(401);
    }

    @Test
    void areasThatAreNotAnArrayOfCodesInvalidateTheToken() {
        String notArray = Tokens.sign(Tokens.claims("u1", Set.of(Roles.AUDITOR), List.of()).claim("areas", "51"));
        given().auth().oauth2(notArray).get("/api/v1/audit").then().statusCode(401);
        String notCodes = Tokens.sign(Tokens.claims("u1", Set.of(Roles.AUDITOR), List.of("51", "'; drop table area;--")));
        given().auth().oauth2(notCodes).get("/api/v1/audit").then().statusCode(401);
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        String token = Tokens.sign(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).groups(Roles.AUDITOR)
                .claim("areas", List.of("51")).expiresAt(Instant.now().plusSeconds(600)));
        given().auth().oauth2(token).get("/api/v1/audit").then().statusCode(401);
    }
}
