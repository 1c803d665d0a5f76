package vn.ansinh.payout.security;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads the token contract's claims into a {@link Caller}, once per request. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    @Inject
    RoutingContext routing;

    public Caller get() {
        if (caller == null) {
            if (identity.isAnonymous() || jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                throw new UnauthorizedException();
            }
            // a token can never make its bearer the service itself
            Set<String> roles = new LinkedHashSet<>(identity.getRoles());
            roles.remove(Caller.SYSTEM_ROLE);
            // the organisation a provider works for is its token's provider claim, never its subject; a
            // provider token without a known one has already lost its role (ProviderClaim)
            String providerCode = roles.contains(Roles.PAYMENT_PROVIDER) ? ProviderClaim.code(jwt.getClaim("provider")) : null;
            caller = new Caller(jwt.getSubject(), roles, areas(jwt.getClaim("areas")),
                    routing == null ? null : routing.get("requestId"), providerCode);
        }
        return caller;
    }

    /** The {@code areas} claim must be an array of area codes; anything else invalidates the token. */
    static Set<String> areas(Object claim) {
        Set<String> areas = new LinkedHashSet<>();
        if (claim == null) {
            return areas;
        }
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s) || !s.getString().matches("[0-9]{2,5}")) {
                    throw new UnauthorizedException("areas claim holds a value that is not an area code");
                }
                areas.add(s.getString());
            }
            return areas;
        }
        if (claim instanceof Iterable<?> values) {
            for (Object v : values) {
                String s = v instanceof JsonString js ? js.getString() : String.valueOf(v);
                if (!(v instanceof CharSequence || v instanceof JsonString) || !s.matches("[0-9]{2,5}")) {
                    throw new UnauthorizedException("areas claim holds a value that is not an area code");
                }
                areas.add(s);
            }
            return areas;
        }
        throw new UnauthorizedException("areas claim is not an array");
    }
}
