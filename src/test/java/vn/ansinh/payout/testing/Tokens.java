package vn.ansinh.payout.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints real signed tokens for tests with the test-only key of {@link TestEnvironment}, and the
 * broken ones attackers send. Authorization tests never bypass signature checks.
 */
public final class Tokens {

    public static final String ISSUER = "https://auth.ansinh.local/realms/ansinh";
    public static final String AUDIENCE = "ansinh-payout";

    private Tokens() {
    }

    public static String of(String role, String... areas) {
        return sign(claims(UUID.randomUUID().toString(), Set.of(role), List.of(areas)));
    }

    public static String forSubject(String subject, String role, String... areas) {
        return sign(claims(subject, Set.of(role), List.of(areas)));
    }

    /** The organisation test provider tokens work for (application.properties, %test.ansinh.providers). */
    public static final String TEST_PROVIDER = "TESTPAY";

    /**
     * The instant the token verifier compares {@code iat}, {@code nbf} and {@code exp} with. smallrye-jwt reads
     * the machine's clock, not the service's {@code Clock} (token lifetimes are security, not payment dates), so
     * tokens are stamped relative to it: only offsets from it matter, never its date. The one place tests take it.
     */
    public static Instant verifierNow() {
        return Instant.now();
    }

    public static JwtClaimsBuilder claims(String subject, Set<String> roles, List<String> areas) {
        Instant now = verifierNow();
        JwtClaimsBuilder b = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).preferredUserName("test-" + subject)
                .groups(roles).claim("areas", areas).issuedAt(now).expiresAt(now.plusSeconds(600));
        return roles.contains("payment_provider") ? b.claim("provider", TEST_PROVIDER) : b;
    }

    /** A token with several roles: one person ({@code sub}) whatever roles it carries. */
    public static String withRoles(String subject, Set<String> roles, String... areas) {
        return sign(claims(subject, roles, List.of(areas)));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().sign(privateKey());
    }

    /**
     * Any payload, signed with the trusted test key (RS256): for claims the builder refuses to write,
     * such as roles that are not strings.
     */
    public static String signJson(String payloadJson) {
        try {
            org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
            jws.setPayload(payloadJson);
            jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKey(privateKey());
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with a key the service does not trust. */
    public static String signedByStranger(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.jws().sign(generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({"alg":"none"}) carrying the claims of a valid one. */
    public static String unsigned(String validToken) {
        String[] parts = validToken.split("\\.");
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + parts[1] + ".";
    }

    /** A valid token whose payload was edited after signing. */
    public static String tampered(String validToken, String from, String to) {
        String[] parts = validToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(from, to);
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(TestEnvironment.PRIVATE_KEY)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("test key not generated yet: is TestEnvironment active?", e);
        }
    }
}
