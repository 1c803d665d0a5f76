package vn.ansinh.payout.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.ansinh.payout.status.service.GuessGuard;
import vn.ansinh.payout.status.service.GuessGuard.State;

/**
 * The arithmetic of docs/architecture.md ("Payment-status lookup: guessing"): an attacker who knows a
 * national ID and guesses its date of birth as fast as the per-ID bookkeeping lets them, over a year, with
 * the production settings (application.properties). Plain JUnit, the policy alone.
 */
class GuessGuardTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** The production settings: 3 misses a lock, 1 h then ×6 each time up to a year, 5 a day, 8 a month. */
    static final GuessGuard PRODUCTION = new GuessGuard(3, Duration.ofHours(1), 6, Duration.ofDays(365), 5, 8, ZONE);

    /** Guesses as soon as the ID answers again; the instants of every guess in {@code span}. */
    static List<Instant> fastestAttacker(GuessGuard guard, Instant start, Duration span) {
        List<Instant> guesses = new ArrayList<>();
        State s = State.NONE;
        Instant t = start;
        Instant end = start.plus(span);
        while (t.isBefore(end)) {
            if (s.lockedAt(t)) {
                t = s.lockedUntil();
                continue;
            }
            guesses.add(t);
            s = guard.miss(s, t).state();
            t = t.plusSeconds(1);
        }
        return guesses;
    }

    @Test
    public void aYearOfFastestGuessingTriesAtMostEighteenOfTheDaysOfABirthYear() {
        int worst = 0;
        // whatever day and hour the attack starts
        for (int day = 0; day < 31; day++) {
            for (int hour = 0; hour < 24; hour += 5) {
                Instant start = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(day * 12L).plusHours(hour));
                worst = Math.max(worst, fastestAttacker(PRODUCTION, start, Duration.ofDays(365)).size());
            }
        }
        // 365 candidate dates (the CCCD gives the birth year): the chance of finding it in a year is worst/365
        assertThat(worst).isLessThanOrEqualTo(18);
        assertThat(worst / 365.0).isLessThan(0.05);
    }

    @Test
    public void locksGrowEachTimeAndTheDayAndMonthCapsHold() {
        Instant t = Instant.parse("2026-03-10T02:00:00Z");
        State s = State.NONE;
        for (int i = 0; i < 2; i++) {
            var o = PRODUCTION.miss(s, t);
            assertThat(o.locked()).isFalse();
            s = o.state();
        }
        var third = PRODUCTION.miss(s, t);
        assertThat(third.locked()).isTrue();
        assertThat(third.state().lockedUntil()).isEqualTo(t.plus(Duration.ofHours(1)));
        assertThat(PRODUCTION.lockLength(2)).isEqualTo(Duration.ofHours(6));
        assertThat(PRODUCTION.lockLength(5)).isEqualTo(Duration.ofDays(54));
        assertThat(PRODUCTION.lockLength(7)).isEqualTo(Duration.ofDays(365));
        // two more misses the same day reach the day's cap: locked until the next local midnight
        s = third.state();
        Instant later = t.plus(Duration.ofHours(2));
        s = PRODUCTION.miss(s, later).state();
        var fifth = PRODUCTION.miss(s, later);
        assertThat(fifth.locked()).isTrue();
        assertThat(fifth.state().lockedUntil()).isEqualTo(Instant.parse("2026-03-10T17:00:00Z"));
        // a month's cap: locked until the first of the next month, local time
        State many = new State(7, 1, 1, null, 0, java.time.LocalDate.parse("2026-03-01"), 7, t, null);
        assertThat(PRODUCTION.miss(many, t).state().lockedUntil()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
    }

    @Test
    public void aQuietYearForgetsEarlierLocksAndALiftedLockKeepsThem() {
        Instant t = Instant.parse("2026-03-10T02:00:00Z");
        State s = new State(9, 4, 2, java.time.LocalDate.parse("2026-03-10"), 2, java.time.LocalDate.parse("2026-03-01"), 2, t,
                t.plus(Duration.ofHours(64)));
        State lifted = PRODUCTION.lifted(s, t.plusSeconds(60));
        assertThat(lifted.lockedAt(t.plusSeconds(61))).isFalse();
        assertThat(lifted.lockLevel()).isEqualTo(4);
        // the next lock after a lift is the fifth
        State again = lifted;
        for (int i = 0; i < 3; i++) {
            again = PRODUCTION.miss(again, t.plusSeconds(120)).state();
        }
        assertThat(again.lockedUntil()).isEqualTo(t.plusSeconds(120).plus(Duration.ofDays(54)));
        // a year and a day later, the count starts again
        State forgotten = PRODUCTION.miss(s, t.plus(Duration.ofDays(366))).state();
        assertThat(forgotten.lockLevel()).isZero();
        assertThat(forgotten.missesSinceLock()).isEqualTo(1);
    }
}
