package vn.ansinh.payout.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.testing.TestClock;

/**
 * Many clients racing on one thing, released together by a latch: the same cycle's approval and the
 * same provider callback. Exactly one effect each, whatever the others are told. (Races on one
 * registration id, one delivery, one person's registration and one cycle's opening are in their
 * features' tests.) In test province 87.
 */
@QuarkusTest
class ConcurrencyTest {

    static final int CLIENTS = 12;

    @Inject
    AreaDirectory areas;

    @Test
    void racingApprovalsOfOneCycleApproveItOnceAndMakeItsHomeDeliveriesOnce() throws Exception {
        CycleFixture f = new CycleFixture("87");
        areas.refresh().await().indefinitely();
        UUID banked = f.person("Lý Văn Đua", LocalDate.parse("1950-02-01"), "MALE");
        f.entitlement(banked, "K5a", "2026-01");
        f.bankAccount(banked, "8787878787", "2026-01");
        UUID atHome = f.person("Lý Thị Đua", LocalDate.parse("1949-03-01"), "FEMALE", 1, "CANNOT_TRAVEL");
        f.entitlement(atHome, "SOCIAL_ASSISTANCE", "K5b", null, 0, "2026-01");
        JsonPath cycle = f.open("2026-09");
        String id = cycle.getString("id");
        String sha = cycle.getString("linesSha256");

        List<Response> responses = race(() -> f.asApprover().contentType(ContentType.JSON).body(Map.of("linesSha256", sha))
                .post("/api/v1/cycles/" + id + "/approval"));

        assertThat(responses).extracting(Response::statusCode).allMatch(s -> s == 200 || s == 409);
        assertThat(responses).extracting(Response::statusCode).contains(200);
        UUID cycleId = UUID.fromString(id);
        assertThat(CycleFixture.queryText("select status from payment_cycle where id = ?", cycleId)).isEqualTo("APPROVED");
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'CYCLE_APPROVED' and entity_id = ?",
                id)).isEqualTo(1);
        // one home delivery per home-delivery line (her month and, where this is her first cycle, arrears)
        long homeLines = CycleFixture.queryLong("select count(*) from payment_line where cycle_id = ? and channel = 'HOME_DELIVERY'",
                cycleId);
        assertThat(homeLines).isPositive();
        assertThat(CycleFixture.queryLong("select count(*) from home_delivery where cycle_id = ?", cycleId)).isEqualTo(homeLines);
        assertThat(CycleFixture.queryLong("select count(*) from (select line_id from home_delivery where cycle_id = ? "
                + "group by line_id having count(*) > 1) x", cycleId)).isZero();
    }

    @Test
    void racingCopiesOfOneCallbackApplyItsResultOnce() throws Exception {
        CycleFixture f = new CycleFixture("87");
        areas.refresh().await().indefinitely();
        UUID p = f.person("Lý Văn Hồi", LocalDate.parse("1951-04-01"), "MALE");
        f.entitlement(p, "K5a", "2026-01");
        f.bankAccount(p, "8787000001", "2026-01");
        JsonPath cycle = f.open("2026-08");
        String id = cycle.getString("id");
        f.approveAndRelease(id, cycle.getString("linesSha256"));
        String ref = (String) f.payments(id).get(0).get("reference");
        String json = "{\"callbackId\":\"cb-race-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"results\":[{\"referenceId\":\""
                + ref + "\",\"status\":\"PAID\",\"amountVnd\":750000,\"providerReference\":\"BANK-RACE\","
                + "\"paidAt\":\"2026-08-05T08:00:00+07:00\"}]}";
        String now = String.valueOf(TestClock.instant().getEpochSecond());
        String signature = ReconciliationAndJobsTest.sign(ReconciliationAndJobsTest.SECRET, now, json);

        List<Response> responses = race(() -> ReconciliationAndJobsTest.callback(f, json, now, signature));

        // one is applied; every copy after it is a replay
        assertThat(responses).extracting(Response::statusCode).containsOnly(200, 409);
        assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow().jsonPath().getInt("applied"))
                .isEqualTo(1);
        assertThat(CycleFixture.queryLong("select count(*) from payment_result r join payment_line l on l.id = r.line_id "
                + "where l.cycle_id = ?", UUID.fromString(id))).isEqualTo(1);

        // the same result under many new callback ids at once: still one result
        List<Response> more = race(() -> {
            String other = json.replaceFirst("cb-race-[0-9a-f]+", "cb-race-" + UUID.randomUUID().toString().substring(0, 8));
            return ReconciliationAndJobsTest.callback(f, other, now,
                    ReconciliationAndJobsTest.sign(ReconciliationAndJobsTest.SECRET, now, other));
        });
        assertThat(more).extracting(Response::statusCode).allMatch(s -> s == 200 || s == 409);
        assertThat(more).extracting(r -> r.statusCode() == 200 ? r.jsonPath().getInt("applied") : 0).containsOnly(0);
        assertThat(CycleFixture.queryLong("select count(*) from payment_result r join payment_line l on l.id = r.line_id "
                + "where l.cycle_id = ?", UUID.fromString(id))).isEqualTo(1);
    }

    /** CLIENTS calls of one request, released at the same moment. */
    static List<Response> race(Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
