package vn.ansinh.payout.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's sense of time: Asia/Ho_Chi_Minh (UTC+7, no daylight saving). A payment month is a
 * calendar month in that zone, whatever the server's own zone is.
 */
@ApplicationScoped
public class Clock {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    public Instant now() {
        return Instant.now();
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
