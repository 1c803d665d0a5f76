package vn.ansinh.payout.security;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * A {@code payment_provider} token must name the organisation its bearer works for in the {@code provider}
 * claim (api-map.md, "Token contract"): a provider token without it, or naming an organisation this service
 * does not work with, grants nothing. The role is taken away here, before any role check, so every
 * provider operation answers 403 to such a token whatever its {@code sub} or {@code areas} say. The
 * token's other roles are untouched.
 */
@ApplicationScoped
public class ProviderClaim implements SecurityIdentityAugmentor {

    /** A code: a bank BIN, or a name such as VNPOST or VIETTEL_MONEY. */
    public static final String CODE = "[A-Z0-9_]{2,40}";

    private final Instance<ProviderOrganisations> organisations;

    public ProviderClaim(Instance<ProviderOrganisations> organisations) {
        this.organisations = organisations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.hasRole(Roles.PAYMENT_PROVIDER)
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String code = code(jwt.getClaim("provider"));
        if (code != null && organisations.isResolvable() && organisations.get().knows(code)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new LinkedHashSet<>(identity.getRoles());
        roles.remove(Roles.PAYMENT_PROVIDER);
        QuarkusSecurityIdentity.Builder without = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal()).setAnonymous(false)
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes()).addRoles(roles)
                .addPermissionChecker(identity::checkPermission);
        return Uni.createFrom().item(without.build());
    }

    /** The claim as an organisation code, or null when absent or not a code. */
    public static String code(Object claim) {
        String value = claim instanceof JsonString js ? js.getString() : claim instanceof String s ? s : null;
        return value != null && value.matches(CODE) ? value : null;
    }
}
