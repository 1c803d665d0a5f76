package vn.ansinh.payout.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * The roles claim must be what the token contract says: an array of role names. The JWT library reads
 * a bare string as one role ({@code "groups": "auditor"} would make its bearer an auditor); a token
 * whose {@code groups} is anything but an array of strings is refused as a whole (401), before any
 * role check, whoever signed it. (The {@code areas} claim is checked where it is read, in
 * {@link CurrentCaller}.)
 */
@ApplicationScoped
public class TokenShape implements SecurityIdentityAugmentor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (!rolesAreAnArrayOfNames(jwt.getRawToken())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("groups claim is not an array of role names"));
        }
        return Uni.createFrom().item(identity);
    }

    static boolean rolesAreAnArrayOfNames(String rawToken) {
        try {
            String[] parts = rawToken.split("\\.");
            JsonNode groups = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .get("groups");
            if (groups == null) {
                return true;
            }
            if (!groups.isArray()) {
                return false;
            }
            for (JsonNode g : groups) {
                if (!g.isTextual()) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
