package vn.ansinh.payout.status.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the public payment-status lookup (ansinh.status.*). */
@ConfigMapping(prefix = "ansinh.status")
public interface StatusConfig {

    /** Off only for load benchmarks of the lookup itself. */
    @WithDefault("true")
    boolean rateLimitEnabled();

    /** Lookups per client (address) per minute. */
    @WithDefault("20")
    int perClientPerMinute();

    /** Lookups of one national ID per minute, from anywhere. */
    @WithDefault("5")
    int perIdPerMinute();

    /** Misses for one ID (within an hour) after which lookups of it are locked. */
    @WithDefault("5")
    int missesBeforeLock();

    @WithDefault("15m")
    Duration lockFor();

    /** Key of the HMAC that IDs are stored and logged under. No default: set it per environment. */
    String idHashKey();

    /** Use the first X-Forwarded-For address as the client (only behind a trusted ingress). */
    @WithDefault("false")
    boolean trustForwardedFor();
}
