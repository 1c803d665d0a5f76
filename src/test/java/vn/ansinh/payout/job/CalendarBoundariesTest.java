package vn.ansinh.payout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.report.service.ReportService;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.Api;
import vn.ansinh.payout.testing.TestAreas;
import vn.ansinh.payout.testing.TestClock;

/**
 * The dates that break services written against UTC or today's date, at fixed instants: the end of a
 * month and of the year in Vietnam (which is still the previous day in UTC), Tết (the first day of the
 * lunar year 2027, 6 February: a short month, a long holiday), and the job days (generation on the 20th,
 * filing on the 25th, the review on the 1st, the reminder on the 10th). Province 76 is this test's own.
 */
@QuarkusTest
class CalendarBoundariesTest {

    private static final String PROVINCE = "76";

    @Inject
    ScheduledJobs jobs;

    @Inject
    ReportService reports;

    @Inject
    Clock clock;

    @ConfigProperty(name = "ansinh.jobs.zone")
    ZoneId zone;

    @ConfigProperty(name = "ansinh.jobs.generate-cycles.cron")
    String generateCron;

    @ConfigProperty(name = "ansinh.jobs.progress-snapshot.cron")
    String snapshotCron;

    @ConfigProperty(name = "ansinh.jobs.suspension-review.cron")
    String reviewCron;

    @ConfigProperty(name = "ansinh.jobs.open-payments-reminder.cron")
    String reminderCron;

    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    private ZonedDateTime next(String cron, String after) {
        ExecutionTime schedule = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ))
                .parse(cron));
        return schedule.nextExecution(ZonedDateTime.parse(after).withZoneSameInstant(zone)).orElseThrow();
    }

    @Test
    void theJobsRunOnTheirDaysInVietnamAcrossTheYearEndAndTet() {
        assertThat(zone).isEqualTo(Clock.ZONE);
        // the 20th at 02:00 in Vietnam is the 19th at 19:00 in UTC: the zone decides the day
        assertThat(next(generateCron, "2026-12-19T12:00:00+07:00")).isEqualTo("2026-12-20T02:00+07:00[Asia/Ho_Chi_Minh]");
        assertThat(next(generateCron, "2026-12-20T02:00:01+07:00")).isEqualTo("2027-01-20T02:00+07:00[Asia/Ho_Chi_Minh]");
        // Tết 2027 (6 February): the filing of the 25th still falls on the 25th of February
        assertThat(next(snapshotCron, "2027-02-06T00:00:30+07:00")).isEqualTo("2027-02-25T04:00+07:00[Asia/Ho_Chi_Minh]");
        assertThat(next(reviewCron, "2026-12-31T23:59:59+07:00")).isEqualTo("2027-01-01T03:00+07:00[Asia/Ho_Chi_Minh]");
        assertThat(next(reminderCron, "2027-01-10T06:59:00+07:00")).isEqualTo("2027-01-10T07:00+07:00[Asia/Ho_Chi_Minh]");
    }

    @Test
    void eachJobWorksOnTheMonthOfTheVietnameseCalendar() {
        TestClock.set("2026-12-20T02:00:00+07:00");
        assertThat(jobs.generationMonth()).isEqualTo(YearMonth.of(2027, 1));
        TestClock.set("2026-12-25T04:00:00+07:00");
        assertThat(reports.snapshotMonth()).isEqualTo(YearMonth.of(2026, 12));
        // 1 January, 03:00 in Vietnam: still 31 December in UTC
        TestClock.set("2027-01-01T03:00:00+07:00");
        assertThat(jobs.suspensionReviewMonth()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(jobs.reminderMonth()).isEqualTo(YearMonth.of(2027, 1));
        TestClock.set("2026-12-31T23:59:59+07:00");
        assertThat(clock.currentMonth()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(jobs.generationMonth()).isEqualTo(YearMonth.of(2027, 1));
    }

    @Test
    void theMonthTurnsAtMidnightInVietnamForLevelsAndCyclesAndTetChangesNothing() {
        TestAreas.ensureProvince(PROVINCE, 1);
        // the last minute of the year: December's level may still be entered; February is too far ahead
        TestClock.set("2026-12-31T23:59:30+07:00");
        level("2026-12").then().statusCode(201);
        open("2027-02").then().statusCode(422).body("code", equalTo("UNPROCESSABLE"));

        // half a minute later (16:00:30 UTC, still 31 December there): December is past, February may open
        TestClock.set("2027-01-01T00:00:30+07:00");
        level("2026-12").then().statusCode(400).body("errors[0].code", equalTo("IN_THE_PAST"));
        JsonPath february = open("2027-02").then().statusCode(201).body("month", equalTo("2027-02")).extract().jsonPath();

        // Tết 2027: the short month and the holiday change nothing; March may open once February is approved
        TestClock.set("2027-02-06T00:00:30+07:00");
        Api.asSubject("calendar-approver-76", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("linesSha256", february.getString("linesSha256")))
                .post("/api/v1/cycles/" + february.getString("id") + "/approval").then().statusCode(200);
        open("2027-03").then().statusCode(201).body("month", equalTo("2027-03"));
        open("2027-04").then().statusCode(422);
    }

    private static io.restassured.response.Response level(String month) {
        return Api.asSubject("calendar-officer-76", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("provinceCode", PROVINCE, "program", "SOCIAL_ASSISTANCE", "effectiveFrom", month,
                        "amountVnd", 500_000, "decisionRef", "Nghị định 76/2024/NĐ-CP"))
                .post("/api/v1/standard-levels");
    }

    private static io.restassured.response.Response open(String month) {
        return Api.asSubject("calendar-officer-76", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("provinceCode", PROVINCE, "program", "SOCIAL_ASSISTANCE", "month", month))
                .post("/api/v1/cycles");
    }
}
