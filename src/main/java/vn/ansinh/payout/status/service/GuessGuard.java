package vn.ansinh.payout.status.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * What one more miss of a national ID does to its bookkeeping: the decision of the per-ID lock, made
 * with the service's clock and kept apart from the database so its arithmetic can be checked over a
 * simulated year (GuessGuardTest; docs/architecture.md, "Payment-status lookup").
 *
 * <ul>
 * <li>every {@code missesBeforeLock} misses lock the ID; the n-th lock lasts {@code firstLock × growth^(n-1)},
 * at most {@code longestLock};</li>
 * <li>the {@code perDay}-th miss of a calendar day locks it until the next day, the {@code perMonth}-th of a
 * month until the next month (whichever lock ends later holds);</li>
 * <li>the lock count is forgotten only after a whole year without a miss.</li>
 * </ul>
 */
public record GuessGuard(int missesBeforeLock, Duration firstLock, int growth, Duration longestLock, int perDay,
        int perMonth, ZoneId zone) {

    /** A year without a miss forgets the earlier locks. */
    static final Duration MEMORY = Duration.ofDays(365);

    /** One ID's bookkeeping ({@code lookup_guard}); {@link #NONE} for an ID never missed. */
    public record State(int version, int lockLevel, int missesSinceLock, LocalDate missDay, int missesDay,
            LocalDate missMonth, int missesMonth, Instant lastMissAt, Instant lockedUntil) {

        public static final State NONE = new State(0, 0, 0, null, 0, null, 0, null, null);

        public boolean lockedAt(Instant at) {
            return lockedUntil != null && lockedUntil.isAfter(at);
        }

        public boolean isNew() {
            return missDay == null;
        }
    }

    /** The state after a miss {@code at}, and whether that miss started a lock. */
    public record Outcome(State state, boolean locked) {
    }

    public static GuessGuard of(StatusConfig config, ZoneId zone) {
        return new GuessGuard(config.missesBeforeLock(), config.lockFor(), config.lockGrowth(), config.longestLock(),
                config.missesPerDay(), config.missesPerMonth(), zone);
    }

    public Outcome miss(State s, Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        LocalDate month = YearMonth.from(day).atDay(1);
        boolean forget = s.lastMissAt() == null || !s.lastMissAt().plus(MEMORY).isAfter(at);
        int level = forget ? 0 : s.lockLevel();
        int sinceLock = (forget ? 0 : s.missesSinceLock()) + 1;
        int missesDay = (day.equals(s.missDay()) ? s.missesDay() : 0) + 1;
        int missesMonth = (month.equals(s.missMonth()) ? s.missesMonth() : 0) + 1;
        Instant until = null;
        if (sinceLock >= missesBeforeLock) {
            level++;
            sinceLock = 0;
            until = at.plus(lockLength(level));
        }
        if (missesDay >= perDay) {
            until = later(until, day.plusDays(1).atStartOfDay(zone).toInstant());
        }
        if (missesMonth >= perMonth) {
            until = later(until, month.plusMonths(1).atStartOfDay(zone).toInstant());
        }
        Instant lockedUntil = until != null ? until : s.lockedUntil();
        return new Outcome(new State(s.version() + 1, level, sinceLock, day, missesDay, month, missesMonth, at, lockedUntil),
                until != null);
    }

    /** The n-th lock's length (n from 1). */
    public Duration lockLength(int n) {
        Duration d = firstLock;
        for (int i = 1; i < n && d.compareTo(longestLock) < 0; i++) {
            d = d.multipliedBy(growth);
        }
        return d.compareTo(longestLock) > 0 ? longestLock : d;
    }

    /** A lock lifted by commune staff: the ID answers again now, its day and month start afresh; earlier locks still count. */
    public State lifted(State s, Instant at) {
        if (s.isNew()) {
            return s;
        }
        return new State(s.version() + 1, s.lockLevel(), 0, s.missDay(), 0, s.missMonth(), 0, s.lastMissAt(), null);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
