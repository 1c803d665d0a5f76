package vn.ansinh.payout.cycle;

import static vn.ansinh.payout.testing.Api.approve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.cycle.service.ReconciliationService;
import vn.ansinh.payout.job.JobRuns;
import vn.ansinh.payout.job.ScheduledJobs;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.Api;
import vn.ansinh.payout.testing.TestClock;

/** Concurrent generation, signed callbacks, and the scheduled jobs, each in a test province of its own. */
@QuarkusTest
public class ReconciliationAndJobsTest {

    static final String SECRET = "q7Vh2mZ9xL4pR8sT1wK6nB3cD5fG0jYe";
    /** TESTPAY's second secret: it is rotating (application.properties, %test.ansinh.providers.TESTPAY). */
    static final String NEXT_SECRET = "N4uE8rW2tQ6yI0oP3aS7dF1gH5jK9lZx";

    @Inject
    ScheduledJobs jobs;

    @Test
    public void twoConcurrentGenerationsProduceOnePayroll() throws Exception {
        CycleFixture f = new CycleFixture("95");
        for (int i = 0; i < 20; i++) {
            f.entitlement(f.person("Người Số " + i, LocalDate.parse("1950-01-01").plusDays(i), "MALE"), "K5a", "2026-01");
        }
        CountDownLatch start = new CountDownLatch(1);
        Map<String, String> body = Map.of("provinceCode", "95", "program", "SOCIAL_ASSISTANCE", "month", "2026-10");
        List<CompletableFuture<Response>> calls = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return f.asGenerator().contentType(ContentType.JSON).body(body).post("/api/v1/cycles");
        })).toList();
        start.countDown();
        List<Response> responses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 200);
        assertThat(responses).extracting(r -> r.jsonPath().getString("id")).containsOnly(responses.get(0).jsonPath().getString("id"));
        assertThat(CycleFixture.queryLong("select count(*) from payment_cycle where province_code = '95'")).isEqualTo(1);
        assertThat(CycleFixture.queryLong("select count(*) from payment_line l join payment_cycle c on c.id = l.cycle_id "
                + "where c.province_code = '95'")).isEqualTo(20);
        // the job for the same month finds nothing left to generate
        JobRuns.Run run = jobs.generateCycles(YearMonth.parse("2026-10"), java.util.Set.of("95")).await().indefinitely();
        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(run.counts()).contains("\"generated\":[]");
    }

    @Test
    public void callbacksMustBeSignedFreshAndNew() {
        CycleFixture f = new CycleFixture("94");
        UUID p = f.person("Đinh Văn K", LocalDate.parse("1950-01-01"), "MALE");
        f.entitlement(p, "K5a", "2026-01");
        f.bankAccount(p, "9988776655", "2026-01");
        JsonPath cycle = f.open("2026-10");
        String id = cycle.getString("id");
        f.approveAndRelease(id, cycle.getString("linesSha256"));
        String ref = (String) f.payments(id).get(0).get("reference");
        // a transfer still with the provider is not carried over: its result may yet come
        assertThat(approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/cycles/" + id + "/carry-overs"), f.asReleaser()).getString("resultId")).isEqualTo("0 lines, 0 VND");
        String json = "{\"callbackId\":\"cb-0001-abcdef\",\"results\":[{\"referenceId\":\"" + ref + "\",\"status\":\"PAID\","
                + "\"amountVnd\":750000,\"providerReference\":\"BANK-778\",\"paidAt\":\"2026-10-05T08:00:00+07:00\"}]}";

        // unsigned, wrongly signed, stale: refused, nothing stored
        callback(f, json, null, null).then().statusCode(401).body("code", equalTo("SIGNATURE_INVALID"));
        String now = String.valueOf(TestClock.instant().getEpochSecond());
        callback(f, json, now, "sha256=" + "ab".repeat(32)).then().statusCode(401);
        callback(f, json, now, sign("another-secret", now, json)).then().statusCode(401);
        String old = String.valueOf(TestClock.instant().getEpochSecond() - 3600);
        callback(f, json, old, sign(SECRET, old, json)).then().statusCode(401);
        callback(f, json.replace("750000", "1"), now, sign(SECRET, now, json)).then().statusCode(401); // body edited after signing
        assertThat(CycleFixture.queryLong("select count(*) from payment_result r join payment_line l on l.id = r.line_id "
                + "where l.cycle_id = ?", UUID.fromString(id))).isZero();

        // signed: applied; replayed: refused; the same result under a new id: unchanged
        callback(f, json, now, sign(SECRET, now, json)).then().statusCode(200).body("applied", equalTo(1));
        callback(f, json, now, sign(SECRET, now, json)).then().statusCode(409).body("code", equalTo("REPLAYED"));
        String again = json.replace("cb-0001-abcdef", "cb-0002-abcdef");
        callback(f, again, now, sign(SECRET, now, again)).then().statusCode(200)
                .body("applied", equalTo(0)).body("unchanged", equalTo(1));
        // during a rotation the provider's next secret verifies too
        String rotated = json.replace("cb-0001-abcdef", "cb-0004-abcdef");
        callback(f, rotated, now, sign(NEXT_SECRET, now, rotated)).then().statusCode(200).body("unchanged", equalTo(1));
        String conflicting = json.replace("cb-0001-abcdef", "cb-0003-abcdef").replace("\"PAID\"", "\"FAILED\"")
                .replace("\"providerReference\":\"BANK-778\",\"paidAt\":\"2026-10-05T08:00:00+07:00\"", "\"failureCode\":\"NAME_MISMATCH\"");
        callback(f, conflicting, now, sign(SECRET, now, conflicting)).then().statusCode(200)
                .body("rejected[0].reason", equalTo("CONFLICTS_WITH_SETTLED_RESULT"));
        assertThat(CycleFixture.queryLong("select count(*) from payment_result r join payment_line l on l.id = r.line_id "
                + "where l.cycle_id = ?", UUID.fromString(id))).isEqualTo(1);
        f.asApprover().post("/api/v1/cycles/" + id + "/closure").then().statusCode(200);
        // a provider of another province cannot post results for this one
        Api.asSubject("provider-51", Roles.PAYMENT_PROVIDER, "51").contentType(ContentType.JSON)
                .header("X-Ansinh-Timestamp", now).header("X-Ansinh-Signature", sign(SECRET, now, again.replace("0002", "0009")))
                .body(again.replace("0002", "0009").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/disbursements/callbacks").then().statusCode(403);
    }

    @Test
    public void failedPaymentIsReroutedToHomeDeliveryWithinTheCycle() {
        CycleFixture f = new CycleFixture("99");
        UUID p = f.person("Lý Thị M", LocalDate.parse("1940-01-01"), "FEMALE");
        f.entitlement(p, "K5a", "2026-01");
        f.bankAccount(p, "1122334455", "2026-01");
        JsonPath cycle = f.open("2026-10");
        String id = cycle.getString("id");
        f.approveAndRelease(id, cycle.getString("linesSha256"));
        List<Map<String, Object>> lines = f.payments(id);
        String ref = (String) lines.get(0).get("reference");
        f.asApprover().contentType(ContentType.JSON).body(Map.of("channel", "HOME_DELIVERY", "reason", "Tài khoản đóng"))
                .post("/api/v1/cycles/" + id + "/payments/1/reroute").then().statusCode(409); // not failed yet
        f.upload(id, CycleFixture.results(lines, List.of(ref)));
        // a re-route to a payment point must name one of the line's commune
        UUID elsewhere = f.paymentPoint(2);
        f.asApprover().contentType(ContentType.JSON).body(Map.of("channel", "CASH_AT_POINT", "paymentPointId", elsewhere.toString(),
                "reason", "x")).post("/api/v1/cycles/" + id + "/payments/1/reroute").then().statusCode(400)
                .body("errors[0].field", equalTo("paymentPointId"));
        approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("channel", "HOME_DELIVERY", "reason", "Tài khoản đóng"))
                .post("/api/v1/cycles/" + id + "/payments/1/reroute"), f.asReleaser());
        f.asApprover().queryParam("state", "REROUTED").get("/api/v1/cycles/" + id + "/payments").then()
                .body("items[0].currentChannel", equalTo("HOME_DELIVERY")).body("items[0].attempt", equalTo(2));
        assertThat(CycleFixture.queryLong("select count(*) from home_delivery where cycle_id = ? and attempt = 2",
                UUID.fromString(id))).isEqualTo(1);
        // the provider sending the same file again does not fail the cash attempt nobody has made yet
        JsonPath again = f.upload(id, CycleFixture.results(lines, List.of(ref)));
        assertThat(again.getInt("applied")).isZero();
        assertThat(again.getInt("unchanged")).isEqualTo(1);
        assertThat(f.payments(id).get(0).get("state")).isEqualTo("REROUTED");

        // ten days in: the reminder counts it
        JobRuns.Run reminder = jobs.remindOpenPayments(YearMonth.parse("2026-10")).await().indefinitely();
        assertThat(reminder.counts()).contains("C99SA202610");
        // the cash paid at home settles the second attempt (a spreadsheet's byte-order mark is fine), and the cycle closes
        assertThat(f.upload(id, "\uFEFF" + CycleFixture.results(lines, List.of())).getInt("applied")).isEqualTo(1);
        f.asApprover().post("/api/v1/cycles/" + id + "/closure").then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    public void theJobFlagsWhoHasNotCollectedForThreeMonthsAndRunsOncePerPeriod() {
        CycleFixture f = new CycleFixture("93");
        UUID away = f.person("Mai Văn N", LocalDate.parse("1945-01-01"), "MALE");
        f.entitlement(away, "K5a", "2026-01");
        UUID home = f.person("Mai Thị O", LocalDate.parse("1946-01-01"), "FEMALE");
        f.entitlement(home, "K5a", "2026-01");
        for (String month : List.of("2026-06", "2026-07", "2026-08")) {
            JobRuns.Run run = jobs.generateCycles(YearMonth.parse(month), java.util.Set.of("93")).await().indefinitely();
            assertThat(run.status()).isEqualTo("SUCCEEDED");
            String id = Api.as(Roles.PROVINCE_OFFICER, "93").queryParam("province", "93").queryParam("month", month)
                    .get("/api/v1/cycles").then().statusCode(200).extract().jsonPath().getString("items[0].id");
            JsonPath cycle = f.asApprover().get("/api/v1/cycles/" + id).then().extract().jsonPath();
            assertThat(cycle.getString("generatedBy")).isEqualTo("system:generate-cycles");
            f.approveAndRelease(id, cycle.getString("linesSha256"));
            List<Map<String, Object>> lines = f.payments(id);
            // nothing of the absent person's is collected, neither the month's allowance nor what was carried over
            f.upload(id, CycleFixture.results(lines.stream().filter(l -> !away.toString().equals(l.get("beneficiaryId"))).toList(),
                    List.of()));
            approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "Không đến nhận"))
                    .post("/api/v1/cycles/" + id + "/carry-overs"), f.asReleaser());
            f.asApprover().post("/api/v1/cycles/" + id + "/closure").then().statusCode(200);
        }
        JobRuns.Run run = jobs.flagSuspensionReview(YearMonth.parse("2026-08")).await().indefinitely();
        assertThat(run.status()).isEqualTo("SUCCEEDED");
        List<String> flagged = Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).get("/api/v1/suspension-reviews")
                .then().statusCode(200).extract().jsonPath().getList("items.beneficiaryId");
        assertThat(flagged).containsExactly(away.toString());
        assertThat(CycleFixture.queryLong("select count(*) from beneficiary where id = ? and status = 'ACTIVE'", away))
                .isEqualTo(1); // flagged, not suspended
        // a second run for the same period does nothing and is the same recorded run
        JobRuns.Run second = jobs.flagSuspensionReview(YearMonth.parse("2026-08")).await().indefinitely();
        assertThat(second.id()).isEqualTo(run.id());
        assertThat(second.attempts()).isEqualTo(1);
        Api.as(Roles.AUDITOR, "93").queryParam("job", "suspension-review").get("/api/v1/jobs/runs").then().statusCode(200)
                .body("items.period", org.hamcrest.Matchers.hasItem("2026-08"));
        // a run abandoned by a crashed replica is taken over once its lease has passed
        CycleFixture.superuser("update job_run set status = 'RUNNING', finished_at = null, lease_until = now() - interval '1 minute' "
                + "where job = 'suspension-review' and period = '2026-08'");
        JobRuns.Run resumed = jobs.flagSuspensionReview(YearMonth.parse("2026-08")).await().indefinitely();
        assertThat(resumed.status()).isEqualTo("SUCCEEDED");
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(CycleFixture.queryLong("select count(*) from suspension_review where beneficiary_id = ?", away)).isEqualTo(1);
    }

    static Response callback(CycleFixture f, String json, String timestamp, String signature) {
        var request = f.asProvider().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8));
        if (timestamp != null) {
            request = request.header("X-Ansinh-Timestamp", timestamp);
        }
        if (signature != null) {
            request = request.header("X-Ansinh-Signature", signature);
        }
        return request.post("/api/v1/disbursements/callbacks");
    }

    static String sign(String secret, String timestamp, String body) {
        return "sha256=" + HexFormat.of().formatHex(ReconciliationService.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }
}
