package vn.ansinh.payout.registration.port;

import java.util.function.Function;

import jakarta.annotation.PostConstruct;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.core.Vertx;
import vn.ansinh.payout.common.Clock;

/**
 * What the two HTTP verification adapters share: the start-up refusal of a production without adapters
 * configured (unless verification is declared unavailable) and the one {@link RemoteCall} to their endpoint,
 * absent when verification is unavailable, so every answer is then UNAVAILABLE. The adapters are
 * {@code @Singleton}s (no client proxy, so no no-args constructor), made at start by {@link VerificationStartup}.
 */
abstract class G2pAdapter {

    final VerificationConfig config;
    final ObjectMapper json;
    final Clock clock;
    private final Vertx vertx;
    private final String name;
    private final String path;
    private final Function<VerificationConfig, VerificationConfig.Endpoint> endpoint;
    RemoteCall call;

    G2pAdapter(VerificationConfig config, ObjectMapper json, Clock clock, Vertx vertx, String name, String path,
            Function<VerificationConfig, VerificationConfig.Endpoint> endpoint) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.vertx = vertx;
        this.name = name;
        this.path = path;
        this.endpoint = endpoint;
    }

    /** A production start without the registries configured is refused, unless the operator chose UNAVAILABLE. */
    @PostConstruct
    void start() {
        var problems = VerificationConfig.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("verification adapters are not configured (set them, or set "
                    + "ANSINH_VERIFICATION_MODE=unavailable to send every registration to a manual check): " + problems);
        }
        if (config.mode() == VerificationConfig.Mode.ADAPTERS) {
            call = new RemoteCall(vertx, clock, name, path, endpoint.apply(config));
        }
    }
}
