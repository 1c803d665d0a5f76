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

    /** Misses of one ID (date of birth wrong, or an ID of nobody) after which it is locked (GuessGuard). */
    @WithDefault("3")
    int missesBeforeLock();

    /** The first lock's length; each later lock is {@link #lockGrowth()} times longer, up to {@link #longestLock()}. */
    @WithDefault("1h")
    Duration lockFor();

    @WithDefault("6")
    int lockGrowth();

    @WithDefault("365d")
    Duration longestLock();

    /** The misses of one ID in a calendar day (Asia/Ho_Chi_Minh) that lock it until the next day. */
    @WithDefault("5")
    int missesPerDay();

    /** The misses of one ID in a calendar month that lock it until the next month. */
    @WithDefault("8")
    int missesPerMonth();

    /** How long a one-time code of the detail tier is valid. */
    @WithDefault("5m")
    Duration codeValidFor();

    /** Checks of one code (right or wrong) before it is spent. */
    @WithDefault("3")
    int codeAttempts();

    /** Codes sent for one ID in a calendar day. */
    @WithDefault("3")
    int codesPerIdPerDay();

    /** Codes sent to one phone in a calendar day (a representative may receive for several people). */
    @WithDefault("5")
    int codesPerPhonePerDay();

    /** Distinct IDs one client network (/24, /48) may miss on within an hour before it counts as enumerating. */
    @WithDefault("20")
    int enumerationIds();

    /** Key of the HMAC that IDs are stored and logged under. No default: set it per environment. */
    String idHashKey();
}
