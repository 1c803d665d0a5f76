package vn.ansinh.payout.status.port;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The SMS gateway (ansinh.sms.*): where it is, the key the service presents, how long to wait and how often to retry. */
@ConfigMapping(prefix = "ansinh.sms")
public interface SmsConfig {

    /** e.g. https://sms-gateway.example.vn; without it no code is sent (each request counts as refused by the gateway). */
    Optional<String> baseUrl();

    /** Bearer key the gateway issued to this service (from the Secret). */
    Optional<String> apiKey();

    /** The sender name (brandname) registered with the carriers. */
    @WithDefault("ANSINH")
    String sender();

    @WithDefault("3s")
    Duration timeout();

    /** Further attempts after a time-out, a refused connection, 429 or 5xx (same Idempotency-Key). */
    @WithDefault("2")
    int retries();

    @WithDefault("200ms")
    Duration backoff();
}
