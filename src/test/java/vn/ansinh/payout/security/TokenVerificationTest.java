package vn.ansinh.payout.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import vn.ansinh.payout.testing.TestEnvironment;
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
        Instant past = Tokens.verifierNow().minusSeconds(7200);
        String token = Tokens.sign(Tokens.claims("u1", Set.of(Roles.ADMIN), List.of())
                .issuedAt(past).expiresAt(past.plusSeconds(600)));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        String token = Tokens.sign(Tokens.claims("u1", Set.of(Roles.ADMIN), List.of())
                .issuedAt(Tokens.verifierNow().plusSeconds(3600)).expiresAt(Tokens.verifierNow().plusSeconds(7200))
                .claim("nbf", Tokens.verifierNow().plusSeconds(3600).getEpochSecond()));
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
                .groups(Roles.ADMIN).expiresAt(Tokens.verifierNow().plusSeconds(600)));
        given().auth().oauth2(token).get(AREAS).then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = Tokens.sign(Jwt.issuer(Tokens.ISSUER).audience("some-other-app").subject("u1")
                .groups(Roles.ADMIN).expiresAt(Tokens.verifierNow().plusSeconds(600)));
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
                .claim("areas", List.of("51")).expiresAt(Tokens.verifierNow().plusSeconds(600)));
        given().auth().oauth2(token).get("/api/v1/audit").then().statusCode(401);
    }

    /**
     * Algorithm confusion: a token "signed" with HS256 using the service's public key as the shared
     * secret (the key is public, so anyone can), in the PEM text and in its DER bytes.
     */
    @Test
    void aTokenSignedWithHs256UsingThePublicKeyIsRefused() throws Exception {
        String pem = java.nio.file.Files.readString(TestEnvironment.PUBLIC_KEY);
        byte[] der = java.util.Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        for (byte[] secret : List.of(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8), der)) {
            String token = Tokens.claims("u1", Set.of(Roles.AUDITOR), List.of("51")).jws()
                    .algorithm(SignatureAlgorithm.HS256).sign(new SecretKeySpec(secret, "HmacSHA256"));
            given().auth().oauth2(token).get("/api/v1/audit").then().statusCode(401);
        }
    }

    /** A stranger's key carried in the token's own header (jwk) is not a key the service trusts. */
    @Test
    void aTokenCarryingItsOwnKeyInTheHeaderIsRefused() throws Exception {
        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"sub\":\"u1\","
                + "\"groups\":[\"auditor\"],\"areas\":[\"51\"],\"exp\":" + (Tokens.verifierNow().getEpochSecond() + 600) + ",\"iat\":" + Tokens.verifierNow().getEpochSecond() + "}");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setJwkHeader(stranger);
        jws.getHeaders().setObjectHeaderValue("jku", "https://evil.example/keys.json");
        jws.setKey(stranger.getPrivateKey());
        given().auth().oauth2(jws.getCompactSerialization()).get("/api/v1/audit").then().statusCode(401);
    }

    /** Roles that are not an array of names never grant a role: a bare string, a number, an object, nesting. */
    @Test
    void rolesOfUnexpectedTypesGrantNothing() {
        for (String groups : List.of("\"auditor\"", "7", "{\"auditor\":true}", "[[\"auditor\"]]", "[\"auditor\", 1]", "null")) {
            String token = Tokens.signJson("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                    + "\",\"sub\":\"u1\",\"groups\":" + groups + ",\"areas\":[\"51\"],\"exp\":"
                    + (Tokens.verifierNow().getEpochSecond() + 600) + ",\"iat\":" + Tokens.verifierNow().getEpochSecond() + "}");
            int status = given().auth().oauth2(token).get("/api/v1/audit").then().extract().statusCode();
            org.assertj.core.api.Assertions.assertThat(status).as("groups = " + groups).isIn(401, 403);
        }
        // the same token with the roles as an array is let in: the refusals above are about the shape
        String valid = Tokens.signJson("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"u1\",\"groups\":[\"auditor\"],\"areas\":[\"51\"],\"exp\":"
                + (Tokens.verifierNow().getEpochSecond() + 600) + ",\"iat\":" + Tokens.verifierNow().getEpochSecond() + "}");
        given().auth().oauth2(valid).get("/api/v1/audit").then().statusCode(200);
    }

    /** Areas of unexpected types: a number, an object, numbers in an array, nested arrays, null. */
    @Test
    void areasOfUnexpectedTypesGrantNothing() {
        for (Object areas : List.<Object>of(51, java.util.Map.of("51", true), List.of(51), List.of(List.of("51")),
                List.of("51", "../01"), List.of(""))) {
            String token = Tokens.sign(Tokens.claims("u1", Set.of(Roles.AUDITOR), List.of()).claim("areas", areas));
            int status = given().auth().oauth2(token).queryParam("area", "51").get("/api/v1/audit").then().extract()
                    .statusCode();
            org.assertj.core.api.Assertions.assertThat(status).as("areas = " + areas).isIn(401, 403);
        }
    }
}
