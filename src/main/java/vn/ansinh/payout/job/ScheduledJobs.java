package vn.ansinh.payout.job;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.cycle.service.CycleService;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.security.Caller;

/**
 * The monthly jobs of the payment calendar. Each run is claimed in {@link JobRuns} for its period (one
 * replica runs it), recorded with its counts, and idempotent, so a run interrupted by a crash is
 * resumed by the sweeper on any replica and finishes without doing anything twice. Cron and zone come
 * from configuration; tests turn the scheduler off and call the jobs directly.
 */
@ApplicationScoped
public class ScheduledJobs {

    public static final String GENERATE_CYCLES = "generate-cycles";
    public static final String SUSPENSION_REVIEW = "suspension-review";
    public static final String OPEN_PAYMENTS_REMINDER = "open-payments-reminder";

    private final JobRuns runs;
    private final CycleService cycles;
    private final Pool pool;
    private final Clock clock;
    private final AtomicLong openHomeDeliveries = new AtomicLong();
    private final AtomicLong openFailedPayments = new AtomicLong();

    public ScheduledJobs(JobRuns runs, CycleService cycles, Pool pool, Clock clock, MeterRegistry metrics) {
        this.runs = runs;
        this.cycles = cycles;
        this.pool = pool;
        this.clock = clock;
        metrics.gauge("ansinh.payments.open", io.micrometer.core.instrument.Tags.of("kind", "home_delivery"), openHomeDeliveries);
        metrics.gauge("ansinh.payments.open", io.micrometer.core.instrument.Tags.of("kind", "failed"), openFailedPayments);
    }

    @Scheduled(identity = GENERATE_CYCLES, cron = "${ansinh.jobs.generate-cycles.cron}", timeZone = "${ansinh.jobs.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledGeneration() {
        return generateCycles(generationMonth(), null).replaceWithVoid();
    }

    /** The month the job of the 20th generates: next month, by the calendar in Vietnam. */
    public YearMonth generationMonth() {
        return clock.currentMonth().plusMonths(1);
    }

    /** The month the review of the 1st looks at: the month that just ended. */
    public YearMonth suspensionReviewMonth() {
        return clock.currentMonth().minusMonths(1);
    }

    /** The month the reminder of the 10th counts: this one. */
    public YearMonth reminderMonth() {
        return clock.currentMonth();
    }

    @Scheduled(identity = SUSPENSION_REVIEW, cron = "${ansinh.jobs.suspension-review.cron}", timeZone = "${ansinh.jobs.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSuspensionReview() {
        return flagSuspensionReview(suspensionReviewMonth()).replaceWithVoid();
    }

    @Scheduled(identity = OPEN_PAYMENTS_REMINDER, cron = "${ansinh.jobs.open-payments-reminder.cron}",
            timeZone = "${ansinh.jobs.zone}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledReminder() {
        return remindOpenPayments(reminderMonth()).replaceWithVoid();
    }

    /** Resumes runs whose replica died (lease expired) or that failed with attempts left. */
    @Scheduled(identity = "job-sweeper", every = "${ansinh.jobs.sweep-every:10m}", delay = 2, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return runs.stalled().flatMap(stalled -> Multi.createFrom().iterable(stalled)
                .onItem().transformToUniAndConcatenate(s -> resume(s).onFailure().recoverWithNull())
                .collect().last().replaceWithVoid());
    }

    Uni<JobRuns.Run> resume(JobRuns.Stalled s) {
        YearMonth period = YearMonth.parse(s.period());
        return switch (s.job()) {
            case GENERATE_CYCLES -> generateCycles(period, null);
            case SUSPENSION_REVIEW -> flagSuspensionReview(period);
            case OPEN_PAYMENTS_REMINDER -> remindOpenPayments(period);
            default -> Uni.createFrom().nullItem();
        };
    }

    /**
     * Runs {@code work} as the job's run for the period if this replica claims it; returns the run as
     * recorded (also when another replica holds or finished it).
     */
    private Uni<JobRuns.Run> run(String job, YearMonth period, Function<Long, Uni<Map<String, Object>>> work) {
        return runs.claim(job, period.toString()).flatMap(id -> {
            if (id == null) {
                Log.infof("job %s for %s: claimed elsewhere or done", job, period);
                return runs.find(job, period.toString());
            }
            return work.apply(id)
                    .flatMap(counts -> runs.succeed(id, counts))
                    .onFailure().call(e -> {
                        Log.errorf(e, "job %s for %s failed", job, period);
                        return runs.fail(id, e);
                    })
                    .onFailure().recoverWithNull()
                    .flatMap(v -> runs.find(job, period.toString()));
        });
    }

    /**
     * Generates the month's cycles for every province and program paying someone that month and not
     * generated by hand yet (optionally only the given provinces). A province whose cycle cannot be
     * generated (an earlier cycle unapproved, no standard level) is reported and the others go on.
     */
    public Uni<JobRuns.Run> generateCycles(YearMonth month, Set<String> onlyProvinces) {
        return run(GENERATE_CYCLES, month, id -> pool.preparedQuery("""
                select distinct split_part(a.path, '/', 2) as province, e.program
                from beneficiary b
                join area a on a.code = b.commune_code
                join entitlement e on e.beneficiary_id = b.id and e.start_month <= $1 and (e.end_month is null or e.end_month >= $1)
                where b.status = 'ACTIVE'
                except
                select province_code, program from payment_cycle where month = $1 and status <> 'DRAFT'
                order by 1, 2
                """).execute(Tuple.of(month.atDay(1))).flatMap(rows -> {
                    List<String[]> todo = new ArrayList<>();
                    for (Row r : rows) {
                        if (onlyProvinces == null || onlyProvinces.contains(r.getString(0))) {
                            todo.add(new String[] { r.getString(0), r.getString(1) });
                        }
                    }
                    Caller system = Caller.system(GENERATE_CYCLES);
                    List<String> generated = new ArrayList<>();
                    Map<String, String> failed = new LinkedHashMap<>();
                    return Multi.createFrom().iterable(todo)
                            .onItem().transformToUniAndConcatenate(t -> cycles.open(system, t[0], Program.valueOf(t[1]), month)
                                    .invoke(o -> generated.add(o.cycle().code()))
                                    .replaceWithVoid()
                                    .onFailure().recoverWithItem(e -> {
                                        failed.put(t[0] + "/" + t[1], e instanceof vn.ansinh.payout.common.api.ApiException a
                                                ? a.detailKey() : e.getClass().getSimpleName());
                                        return null;
                                    }))
                            .collect().last()
                            .map(v -> {
                                Map<String, Object> counts = new LinkedHashMap<>();
                                counts.put("generated", generated);
                                counts.put("failed", failed);
                                return counts;
                            });
                }));
    }

    /**
     * Flags for review (Thông tư 02/2021, Điều 2) everyone with a regular line in each of the three
     * months ending {@code lastMonth} and nothing collected from those cycles. Nobody is suspended here.
     */
    public Uni<JobRuns.Run> flagSuspensionReview(YearMonth lastMonth) {
        return run(SUSPENSION_REVIEW, lastMonth, id -> pool.preparedQuery("""
                with lines as (
                    select l.id, l.beneficiary_id, l.commune_code, l.amount_vnd, l.kind, c.program, c.month
                    from payment_line l join payment_cycle c on c.id = l.cycle_id
                    where c.month between $1 and $2 and c.status in ('DISBURSING', 'CLOSED')),
                unpaid as (
                    select x.beneficiary_id, x.program, max(x.commune_code) as commune_code,
                           -- carried-over lines repeat earlier months' money: count what was owed once
                           coalesce(sum(x.amount_vnd) filter (where x.kind <> 'CARRY_OVER'), 0) as amount
                    from lines x
                    left join payment_result r on r.line_id = x.id and r.outcome = 'PAID'
                    join beneficiary b on b.id = x.beneficiary_id and b.status = 'ACTIVE'
                    group by x.beneficiary_id, x.program
                    having count(distinct x.month) filter (where x.kind = 'REGULAR') = 3 and count(r.line_id) = 0)
                insert into suspension_review (id, beneficiary_id, commune_code, program, first_month, last_month,
                                               unpaid_amount_vnd, job_run_id)
                select gen_random_uuid(), beneficiary_id, commune_code, program, $1, $2, amount, $3 from unpaid
                on conflict (beneficiary_id, program, last_month) do nothing
                """).execute(Tuple.of(lastMonth.minusMonths(2).atDay(1), lastMonth.atDay(1), id))
                .map(rows -> Map.<String, Object>of("flagged", rows.rowCount())));
    }

    /**
     * Counts, 10 days into the month, the home deliveries and failed lines of the month's cycles still
     * open; the counts go to the job run and to the gauge ansinh_payments_open. The lists are the
     * cycles' payments with state=OPEN.
     */
    public Uni<JobRuns.Run> remindOpenPayments(YearMonth month) {
        return run(OPEN_PAYMENTS_REMINDER, month, id -> pool.preparedQuery("""
                with latest as (
                    select distinct on (r.line_id) r.line_id, r.attempt, r.channel from payment_reroute r
                    join payment_line l on l.id = r.line_id join payment_cycle c on c.id = l.cycle_id
                    where c.month = $1 order by r.line_id, r.attempt desc),
                open_lines as (
                    select c.code, coalesce(lt.channel, l.channel) as channel, res.outcome
                    from payment_line l
                    join payment_cycle c on c.id = l.cycle_id and c.month = $1 and c.status in ('APPROVED', 'DISBURSING')
                    left join latest lt on lt.line_id = l.id
                    left join payment_result res on res.line_id = l.id and res.attempt = coalesce(lt.attempt, 1)
                    left join payment_carry_over co on co.line_id = l.id
                    where co.line_id is null and (res.outcome is null or res.outcome = 'FAILED'))
                select code, count(*) filter (where channel = 'HOME_DELIVERY' and outcome is null),
                       count(*) filter (where outcome = 'FAILED')
                from open_lines group by code order by code
                """).execute(Tuple.of(month.atDay(1))).map(rows -> {
                    Map<String, Object> byCycle = new LinkedHashMap<>();
                    long home = 0;
                    long failed = 0;
                    for (Row r : rows) {
                        byCycle.put(r.getString(0), Map.of("openHomeDeliveries", r.getLong(1), "failed", r.getLong(2)));
                        home += r.getLong(1);
                        failed += r.getLong(2);
                    }
                    openHomeDeliveries.set(home);
                    openFailedPayments.set(failed);
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put("openHomeDeliveries", home);
                    counts.put("failed", failed);
                    counts.put("byCycle", byCycle);
                    if (home + failed > 0) {
                        Log.warnf("%d home deliveries and %d failed payments still open for %s", home, failed, month);
                    }
                    return counts;
                }));
    }

}
