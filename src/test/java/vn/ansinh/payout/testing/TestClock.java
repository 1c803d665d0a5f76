package vn.ansinh.payout.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import vn.ansinh.payout.common.Clock;

/**
 * The suite's clock: it replaces {@link Clock} in the service under test, and the tests read the same
 * one, so no test depends on the day it runs. It starts at a pinned instant ({@link #DEFAULT_START}, or
 * the system property {@code ansinh.test.now}, e.g. {@code -Dansinh.test.now=2026-12-31T23:59:00+07:00}
 * to run the whole suite as if the machine's clock read that) and moves forward with elapsed time
 * (the monotonic timer, never the calendar), as a real clock would. A test that needs a particular
 * instant sets it with {@link #set} and puts the clock back with {@link #reset}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends Clock {

    /** A weekday in the middle of a month: not a job day, not a boundary. */
    public static final String DEFAULT_START = "2026-12-10T10:00:00+07:00";

    private static final Instant START = OffsetDateTime.parse(System.getProperty("ansinh.test.now", DEFAULT_START)).toInstant();

    private static final long SUITE_STARTED = System.nanoTime();

    private static volatile Instant base = START;
    private static volatile long baseNanos = SUITE_STARTED;

    @Override
    public Instant now() {
        return instant();
    }

    /** The suite's "now". */
    public static Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    public static ZonedDateTime local() {
        return instant().atZone(ZONE);
    }

    public static OffsetDateTime offset() {
        return local().toOffsetDateTime();
    }

    public static LocalDate date() {
        return local().toLocalDate();
    }

    public static YearMonth month() {
        return YearMonth.from(local());
    }

    /** The clock reads this instant from now on (and moves on from it). */
    public static synchronized void set(Instant at) {
        base = at;
        baseNanos = System.nanoTime();
    }

    public static void set(String isoOffsetDateTime) {
        set(OffsetDateTime.parse(isoOffsetDateTime).toInstant());
    }

    public static void advance(Duration by) {
        set(instant().plus(by));
    }

    /** Back to the suite's pinned start (plus the time elapsed since the suite began). */
    public static synchronized void reset() {
        set(START.plus(Duration.ofNanos(System.nanoTime() - SUITE_STARTED)));
    }
}
