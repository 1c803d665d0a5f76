package vn.ansinh.payout.registration.port;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outside systems registrations are checked against (ansinh.verification.*). */
@ConfigMapping(prefix = "ansinh.verification")
public interface VerificationConfig {

    enum Mode {
        /** Talk to the configured registries; a production start without them is refused. */
        ADAPTERS,
        /** The operator's explicit choice: no registry is asked, every registration goes to a manual check. */
        UNAVAILABLE
    }

    @WithDefault("adapters")
    Mode mode();

    /** The National Population Database's registry search (SPDCI / G2P Connect registry shape). */
    Endpoint population();

    /** The account mapper's resolve (G2P Connect ID & Account Mapper), for "does this account belong to this person". */
    Endpoint bank();

    interface Endpoint {
        /** e.g. https://registry.example.gov.vn/v1; the path of the call is appended. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer ...}; from a Kubernetes Secret. */
        Optional<String> clientSecret();

        /** HMAC-SHA256 key the remote side signs its answers with ({@code Signature: sha256=<hex>}); from the Secret. */
        Optional<String> signingKey();

        /** Mutual TLS: PEM client certificate and key, and the CA to trust; all optional. */
        Optional<String> tlsCertPath();

        Optional<String> tlsKeyPath();

        Optional<String> tlsTrustPath();

        /** One attempt's deadline, connection included. */
        @WithDefault("3s")
        Duration timeout();

        /** Attempts after the first, for time-outs, refused connections and 5xx answers. */
        @WithDefault("2")
        int retries();

        /** First pause between attempts; doubles each time. */
        @WithDefault("200ms")
        Duration backoff();

        /** Consecutive failed calls that open the breaker; while open, nobody is asked and the answer is UNAVAILABLE. */
        @WithDefault("5")
        int breakerFailures();

        @WithDefault("30s")
        Duration breakerOpenFor();

        /** Largest answer read; a longer one is malformed. */
        @WithDefault("65536")
        int maxResponseBytes();
    }

    /** What stops a production start in ADAPTERS mode: an endpoint without its URL, secret or signing key. */
    static List<String> problems(VerificationConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.mode() == Mode.UNAVAILABLE) {
            return problems;
        }
        check(problems, "population", config.population());
        check(problems, "bank", config.bank());
        return problems;
    }

    private static void check(List<String> problems, String name, Endpoint e) {
        if (e.baseUrl().filter(u -> u.startsWith("https://") || u.startsWith("http://")).isEmpty()) {
            problems.add("ansinh.verification." + name + ".base-url is not set");
        }
        if (e.clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("ansinh.verification." + name + ".client-secret is not set");
        }
        if (e.signingKey().filter(s -> s.length() >= 32).isEmpty()) {
            problems.add("ansinh.verification." + name + ".signing-key is not set or shorter than 32 characters");
        }
    }
}
