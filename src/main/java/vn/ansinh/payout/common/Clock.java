package vn.ansinh.payout.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's sense of time: Asia/Ho_Chi_Minh (UTC+7, no daylight saving). A payment month is a
 * calendar month in that zone, whatever the server's own zone is.
 *
 * <p>This is the only class that reads the machine's clock: every rule that depends on the date or
 * the time takes this bean (tests replace it with a clock they pin), and a time that a rule or a
 * report will read back is written from it rather than by PostgreSQL's {@code now()}. An
 * architecture test refuses {@code now()} calls of {@code java.time} anywhere else.
 */
@ApplicationScoped
public class Clock {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    public Instant now() {
        return Instant.now();
    }

    /** Now, at Vietnam's offset (+07:00): what timestamps are written and compared with. */
    public OffsetDateTime offsetNow() {
        return localNow().toOffsetDateTime();
    }

    public ZonedDateTime localNow() {
        return now().atZone(ZONE);
    }

    public LocalDate today() {
        return localNow().toLocalDate();
    }

    public YearMonth currentMonth() {
        return YearMonth.from(localNow());
    }
}
