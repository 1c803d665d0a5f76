package vn.ansinh.payout.security.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;

/**
 * DEV BUILDS ONLY: demo tokens for every role, so the API can be tried without an identity
 * provider. {@code curl -X POST localhost:8080/dev/tokens/province.quangngai}. Absent from
 * production and test builds (build profile check), so it can never be reached there.
 */
@IfBuildProfile("dev")
@Path("/dev/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class DevTokenResource {

    record DemoUserView(String username, String name, List<String> roles, List<String> areas) {
    }

    record TokenView(String username, String accessToken, String tokenType, Instant expiresAt) {
    }

    private final DevSigningKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public DevTokenResource(DevSigningKey key, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    @GET
    @PermitAll
    @Operation(hidden = true)
    public List<DemoUserView> users() {
        return DemoUsers.ALL.stream().map(u -> new DemoUserView(u.username(), u.name(), u.roles(), u.areas())).toList();
    }

    @POST
    @Path("/{username}")
    @PermitAll
    @Operation(hidden = true)
    public TokenView token(@PathParam("username") String username) {
        DemoUsers.DemoUser user = DemoUsers.find(username)
                .orElseThrow(() -> ApiException.notFound("demo user"));
        // at most the verifier's smallrye.jwt.time-to-live (1 hour)
        Instant issued = clock.now();
        Instant expires = issued.plus(Duration.ofMinutes(55));
        String token = Jwt.issuer(issuer)
                .audience(audience)
                .subject(user.subject())
                .preferredUserName(user.username())
                .claim("name", user.name())
                .groups(new HashSet<>(user.roles()))
                .claim("areas", user.areas())
                .issuedAt(issued)
                .expiresAt(expires)
                .jws().keyId("dev").sign(key.privateKey());
        return new TokenView(user.username(), token, "Bearer", expires);
    }
}
