package vn.ansinh.payout.report.repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reports' aggregations, all in SQL over indexes. Who is "in payment" in a month, and in which
 * commune, is what the payroll decided: a REGULAR line of an approved cycle for that month, with the
 * commune of that month (so someone who moved is counted where they lived each month).
 */
@ApplicationScoped
public class ReportRepository {

    /** Account-collection progress of one month in a set of communes. */
    public record Progress(long inPayment, long bank, long wallet, long cashAtPoint, long home, long noMethod,
            long submitted, long verified, long needsDocuments, long rejected, long identityPassed, long accountPassed) {
    }

    /** Lines of a cycle in the communes, by current channel, state and failure code. */
    public record Outcome(String channel, String state, String failureCode, long lines, long amountVnd) {
    }

    public record HomeDeliveries(long confirmed, long confirmedVnd, long outstanding, long outstandingVnd, long failed,
            long cancelled, long flagged) {
    }

    public record CycleInfo(UUID id, String code, String provinceCode, String program, LocalDate month, String status,
            long lineCount, long totalVnd) {
    }

    /** One month of the year summary: the people in payment and their registered methods. */
    public record MonthFigures(LocalDate month, long inPayment, long bank, long wallet, long cashAtPoint, long home,
            long noMethod) {
    }

    /** The month's lines in the communes by the channel they were paid (or are to be paid) through, after re-routes. */
    public record ChannelFigures(String channel, long lines, long amountVnd, long paidLines, long paidVnd) {
    }

    /** The lines of a month's cycles by where they stand: {lines, amount} per state, and the month. */
    public record MonthOutcomes(LocalDate month, String state, long lines, long amountVnd) {
    }

    /** A filed report; {@code cycleId} names the cycle of a payout-results report, null for a progress report. */
    public record Snapshot(UUID id, String kind, String areaCode, LocalDate month, UUID cycleId, String content,
            String sha256, OffsetDateTime frozenAt, String frozenBy) {
    }

    /** The month's people in payment in the communes, with the payment method in force for each. */
    private static final String IN_PAYMENT = """
            inpay as (
                select distinct l.beneficiary_id from payment_line l
                join payment_cycle c on c.id = l.cycle_id and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
                where l.kind = 'REGULAR' and l.for_month = %1$s and l.commune_code = any(%2$s)),
            in_force as (
                select distinct on (m.beneficiary_id) m.beneficiary_id, m.method from payment_method m
                where m.beneficiary_id in (select beneficiary_id from inpay)
                  and m.effective_from_month <= %1$s and (m.effective_to_month is null or m.effective_to_month >= %1$s)
                order by m.beneficiary_id, m.effective_from_month desc, m.created_at desc),
            methods as (
                select i.beneficiary_id, f.method from inpay i left join in_force f on f.beneficiary_id = i.beneficiary_id)""";

    /**
     * The latest attempt of each line of a CTE {@code ml} (its lines, with their {@code id}) and its channel,
     * for those re-routed: {@code rr}. A line without a re-route is on attempt 1, on its own channel.
     */
    public static final String LATEST_ATTEMPT = """
            rr as (
                select distinct on (r.line_id) r.line_id, r.attempt, r.channel from payment_reroute r
                where r.line_id in (select id from ml) order by r.line_id, r.attempt desc)""";

    private final Pool pool;

    /** From how many communes a report's aggregation gets the wide-scope settings above. */
    private final int wideScope;

    public ReportRepository(Pool pool,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "ansinh.reports.wide-scope-communes", defaultValue = "20")
            int wideScope) {
        this.pool = pool;
        this.wideScope = wideScope;
    }

    public Uni<String> areaName(String code) {
        return pool.preparedQuery("select name from area where code = $1").execute(Tuple.of(code))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /**
     * The month's aggregations read a million lines for a province: run with room for their sorts and
     * hashes in memory, and with hash joins. Left to itself, PostgreSQL looked up each person's payment
     * method with an index probe (a million probes) and spilled sorts to disk: 14-16 s for the
     * province's progress report, against ~3.5 s so (`EXPLAIN ANALYZE`, docs/benchmarks.md). Only for
     * scopes of many communes (a province's): a commune's report keeps its index plans.
     */
    private <T> Uni<T> aggregation(Set<String> communes,
            java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<T>> work) {
        if (communes.size() < wideScope) {
            // a commune or a few: the index plans are right, and memory need not be raised
            return pool.withConnection(work);
        }
        return pool.withTransaction(c -> c.query("set local work_mem = '64MB'").execute()
                .flatMap(r -> c.query("set local enable_nestloop = off").execute())
                .flatMap(r -> work.apply(c)));
    }

    public Uni<Progress> progress(LocalDate month, Set<String> communes) {
        return aggregation(communes, c -> c.preparedQuery("with " + IN_PAYMENT.formatted("$1::date", "$2::text[]") + """
                , regs as (
                    select r.state, r.checks, r.submitted_at, r.decided_at from registration r
                    where r.commune_code = any($2::text[])
                      and ((r.submitted_at >= $3 and r.submitted_at < $4) or (r.decided_at >= $3 and r.decided_at < $4)))
                select (select count(*) from methods),
                       (select count(*) from methods where method = 'BANK_ACCOUNT'),
                       (select count(*) from methods where method = 'E_WALLET'),
                       (select count(*) from methods where method = 'CASH_AT_POINT'),
                       (select count(*) from methods where method = 'HOME_DELIVERY'),
                       (select count(*) from methods where method is null),
                       count(*) filter (where submitted_at >= $3 and submitted_at < $4),
                       count(*) filter (where state = 'VERIFIED' and decided_at >= $3 and decided_at < $4),
                       count(*) filter (where state = 'NEEDS_DOCUMENTS' and decided_at >= $3 and decided_at < $4),
                       count(*) filter (where state = 'REJECTED' and decided_at >= $3 and decided_at < $4),
                       -- checks by the month of the decision, like the decisions: a filed month's figure never
                       -- moves when a late decision lands in a later month (docs/architecture.md, Reports)
                       count(*) filter (where decided_at >= $3 and decided_at < $4
                                        and checks -> 'identity' ->> 'result' = 'MATCH'),
                       count(*) filter (where decided_at >= $3 and decided_at < $4
                                        and checks -> 'account' ->> 'status' = 'FOUND'
                                        and (checks -> 'account' ->> 'nameMatches')::boolean)
                from regs
                """).execute(Tuple.of(month, communes.toArray(String[]::new), start(month), start(month.plusMonths(1)))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Progress(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11));
                });
    }

    /** The first instant of a month in Asia/Ho_Chi_Minh. */
    private static OffsetDateTime start(LocalDate month) {
        return month.atStartOfDay(vn.ansinh.payout.common.Clock.ZONE).toOffsetDateTime();
    }

    public Uni<List<MonthFigures>> year(int year, Set<String> communes) {
        return aggregation(communes, c -> c.preparedQuery("""
                select mo.m::date,
                       f.in_payment, f.bank, f.wallet, f.point, f.home, f.none
                from generate_series(make_date($1, 1, 1), make_date($1, 12, 1), interval '1 month') mo(m)
                cross join lateral (
                    """ + "with " + IN_PAYMENT.formatted("mo.m::date", "$2::text[]") + """
                    select count(*) in_payment, count(*) filter (where method = 'BANK_ACCOUNT') bank,
                           count(*) filter (where method = 'E_WALLET') wallet,
                           count(*) filter (where method = 'CASH_AT_POINT') point,
                           count(*) filter (where method = 'HOME_DELIVERY') home,
                           count(*) filter (where method is null) none
                    from methods) f
                order by 1
                """).execute(Tuple.of(year, communes.toArray(String[]::new)))).map(rows -> {
                    List<MonthFigures> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new MonthFigures(r.getLocalDate(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                                r.getLong(5), r.getLong(6)));
                    }
                    return out;
                });
    }

    /**
     * Every line of the month's approved cycles in the communes (regular, arrears, carried over), by the
     * channel of its latest attempt: a line re-routed from a bank account to cash counts as cash, which is
     * how it was paid. Paid means the latest attempt's result is PAID.
     */
    public Uni<List<ChannelFigures>> channels(LocalDate month, Set<String> communes) {
        return aggregation(communes, c -> c.preparedQuery("""
                with ml as (
                    select l.id, l.amount_vnd, l.channel from payment_line l
                    join payment_cycle c on c.id = l.cycle_id and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
                    where c.month = $1 and l.commune_code = any($2::text[])),
                """ + LATEST_ATTEMPT + """
                select coalesce(rr.channel, ml.channel), count(*), coalesce(sum(ml.amount_vnd), 0)::bigint,
                       count(*) filter (where res.outcome = 'PAID'),
                       coalesce(sum(ml.amount_vnd) filter (where res.outcome = 'PAID'), 0)::bigint
                from ml left join rr on rr.line_id = ml.id
                left join payment_result res on res.line_id = ml.id and res.attempt = coalesce(rr.attempt, 1)
                group by 1 order by 1
                """).execute(Tuple.of(month, communes.toArray(String[]::new)))).map(rows -> {
                    List<ChannelFigures> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ChannelFigures(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3),
                            r.getLong(4))));
                    return out;
                });
    }

    /**
     * The lines of each month's approved cycles of a year in the communes, by where their latest attempt
     * stands: PAID, FAILED, CARRIED_OVER (left for the next cycle) or OPEN (no result yet).
     */
    public Uni<List<MonthOutcomes>> yearOutcomes(int year, Set<String> communes) {
        return aggregation(communes, c -> c.preparedQuery("""
                with ml as (
                    select l.id, l.amount_vnd, c.month from payment_line l
                    join payment_cycle c on c.id = l.cycle_id and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
                    where c.month >= make_date($1, 1, 1) and c.month < make_date($1 + 1, 1, 1)
                      and l.commune_code = any($2::text[])),
                """ + LATEST_ATTEMPT + """
                select ml.month,
                       case when co.line_id is not null then 'CARRIED_OVER' when res.outcome is not null then res.outcome
                            else 'OPEN' end,
                       count(*), coalesce(sum(ml.amount_vnd), 0)::bigint
                from ml left join rr on rr.line_id = ml.id
                left join payment_result res on res.line_id = ml.id and res.attempt = coalesce(rr.attempt, 1)
                left join payment_carry_over co on co.line_id = ml.id
                group by 1, 2 order by 1, 2
                """).execute(Tuple.of(year, communes.toArray(String[]::new)))).map(rows -> {
                    List<MonthOutcomes> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new MonthOutcomes(r.getLocalDate(0), r.getString(1), r.getLong(2), r.getLong(3))));
                    return out;
                });
    }

    public Uni<CycleInfo> cycle(UUID id) {
        return pool.preparedQuery("""
                select c.id, c.code, c.province_code, c.program, c.month, c.status,
                       coalesce(t.line_count, 0), coalesce(t.amount_vnd, 0)
                from payment_cycle c left join payment_cycle_total t on t.cycle_id = c.id and t.dimension = 'ALL'
                where c.id = $1
                """).execute(Tuple.of(id)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new CycleInfo(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getLocalDate(4),
                            r.getString(5), r.getLong(6), r.getLong(7));
                });
    }

    /** The latest attempt of each line (after re-routes) and where it stands, for lines in the communes. */
    private static final String LINE_STATES = """
            with rr as (
                select distinct on (r.line_id) r.line_id, r.attempt, r.channel from payment_reroute r
                join payment_line l on l.id = r.line_id where l.cycle_id = $1 order by r.line_id, r.attempt desc),
            st as (
                select l.id, l.line_no, l.amount_vnd, l.beneficiary_id, l.commune_code,
                       coalesce(rr.channel, l.channel) as channel,
                       case when co.line_id is not null then 'CARRIED_OVER' when res.outcome is not null then res.outcome
                            else 'OPEN' end as state,
                       res.failure_code, res.provider_ref, res.paid_at, co.reason as carry_reason
                from payment_line l
                left join rr on rr.line_id = l.id
                left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
                left join payment_carry_over co on co.line_id = l.id
                where l.cycle_id = $1 and l.commune_code = any($2::text[]))
            """;

    public Uni<List<Outcome>> outcomes(UUID cycle, Set<String> communes) {
        return pool.preparedQuery(LINE_STATES + """
                select channel, state, failure_code, count(*), sum(amount_vnd)::bigint from st
                group by channel, state, failure_code order by channel, state, failure_code nulls first
                """).execute(Tuple.of(cycle, communes.toArray(String[]::new))).map(rows -> {
                    List<Outcome> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Outcome(r.getString(0), r.getString(1), r.getString(2), r.getLong(3),
                            r.getLong(4))));
                    return out;
                });
    }

    /** The control totals by commune of the cycle, summed over the communes: {lines, amount}. */
    public Uni<long[]> controlTotals(UUID cycle, Set<String> communes) {
        return pool.preparedQuery("""
                select coalesce(sum(line_count), 0)::bigint, coalesce(sum(amount_vnd), 0)::bigint from payment_cycle_total
                where cycle_id = $1 and dimension = 'COMMUNE' and key = any($2)
                """).execute(Tuple.of(cycle, communes.toArray(String[]::new)))
                .map(rows -> new long[] { rows.iterator().next().getLong(0), rows.iterator().next().getLong(1) });
    }

    public Uni<HomeDeliveries> homeDeliveries(UUID cycle, Set<String> communes) {
        return pool.preparedQuery("""
                select count(*) filter (where d.status = 'DELIVERED'),
                       coalesce(sum(d.amount_vnd) filter (where d.status = 'DELIVERED'), 0)::bigint,
                       count(*) filter (where d.status = 'OPEN'),
                       coalesce(sum(d.amount_vnd) filter (where d.status = 'OPEN'), 0)::bigint,
                       count(*) filter (where d.status = 'FAILED'),
                       count(*) filter (where d.status = 'CANCELLED'),
                       count(*) filter (where exists (select 1 from delivery_confirmation x join delivery_flag f
                                                      on f.confirmation_id = x.id
                                                      where x.delivery_id = d.id and f.reviewed_at is null))
                from home_delivery d where d.cycle_id = $1 and d.commune_code = any($2)
                """).execute(Tuple.of(cycle, communes.toArray(String[]::new))).map(rows -> {
                    Row r = rows.iterator().next();
                    return new HomeDeliveries(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                            r.getLong(5), r.getLong(6));
                });
    }

    /** Cash returned by field officers for the cycle (custody is per officer, so for the whole cycle). */
    public Uni<Long> cashReturned(UUID cycle) {
        return pool.preparedQuery("select coalesce(sum(amount_vnd), 0)::bigint from delivery_cash_movement "
                + "where cycle_id = $1 and kind = 'RETURN'").execute(Tuple.of(cycle))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * One page of the provider's paid (or unpaid) list, after line {@code afterLineNo}: reference, name,
     * commune, channel, amount, and the payment's date and reference, or why it was not paid.
     */
    public Uni<List<List<Object>>> providerPage(UUID cycle, String cycleCode, Set<String> communes, boolean paid,
            int afterLineNo, int limit) {
        return pool.preparedQuery(LINE_STATES + """
                select st.line_no, b.full_name, st.commune_code, st.channel, st.amount_vnd, st.paid_at, st.provider_ref,
                       st.state, coalesce(st.failure_code, st.carry_reason)
                from st join beneficiary b on b.id = st.beneficiary_id
                where (st.state = 'PAID') = $3 and st.line_no > $4
                order by st.line_no limit $5
                """).execute(Tuple.from(Arrays.asList(cycle, communes.toArray(String[]::new), paid, afterLineNo, limit)))
                .map(rows -> {
                    List<List<Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        List<Object> row = new ArrayList<>();
                        row.add(r.getInteger(0));
                        row.add(cycleCode + "-" + r.getInteger(0));
                        row.add(r.getString(1));
                        row.add(r.getString(2));
                        row.add(r.getString(3));
                        row.add(r.getLong(4));
                        if (paid) {
                            OffsetDateTime at = r.getOffsetDateTime(5);
                            row.add(at == null ? null : at.atZoneSameInstant(vn.ansinh.payout.common.Clock.ZONE).toLocalDate());
                            row.add(r.getString(6));
                        } else {
                            row.add(r.getString(7));
                            row.add(r.getString(8));
                        }
                        out.add(row);
                    }
                    return out;
                });
    }

    /** Files a snapshot once: the same kind, area, month (and cycle) again returns the one filed first. */
    public Uni<Snapshot> file(Snapshot s) {
        return pool.preparedQuery("""
                insert into report_snapshot (id, kind, area_code, month, cycle_id, content, sha256, frozen_by)
                values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict on constraint report_snapshot_once do nothing
                """).execute(Tuple.from(Arrays.asList(s.id(), s.kind(), s.areaCode(), s.month(), s.cycleId(), s.content(),
                s.sha256(), s.frozenBy()))).flatMap(x -> find(s.kind(), s.areaCode(), s.month(), s.cycleId()));
    }

    private static final String SNAPSHOT_COLUMNS = "select id, kind, area_code, month, cycle_id, content, sha256, frozen_at, "
            + "frozen_by from report_snapshot ";

    public Uni<Snapshot> find(String kind, String area, LocalDate month, UUID cycle) {
        return pool.preparedQuery(SNAPSHOT_COLUMNS
                + "where kind = $1 and area_code = $2 and month = $3 and cycle_id is not distinct from $4")
                .execute(Tuple.from(Arrays.asList(kind, area, month, cycle))).map(rows -> first(rows));
    }

    public Uni<Snapshot> get(UUID id) {
        return pool.preparedQuery(SNAPSHOT_COLUMNS + "where id = $1").execute(Tuple.of(id)).map(ReportRepository::first);
    }

    public Uni<List<Snapshot>> list(Set<String> areas, int limit) {
        return pool.preparedQuery(SNAPSHOT_COLUMNS + "where area_code = any($1) order by month desc, area_code limit $2")
                .execute(Tuple.of(areas.toArray(String[]::new), limit)).map(rows -> {
                    List<Snapshot> out = new ArrayList<>();
                    rows.forEach(r -> out.add(snapshot(r)));
                    return out;
                });
    }

    /** Provinces with an approved cycle for the month: those the snapshot job files for. */
    public Uni<List<String>> provincesPaying(LocalDate month) {
        return pool.preparedQuery("select distinct province_code from payment_cycle where month = $1 "
                + "and status in ('APPROVED', 'DISBURSING', 'CLOSED') order by 1").execute(Tuple.of(month)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    private static Snapshot first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return rows.iterator().hasNext() ? snapshot(rows.iterator().next()) : null;
    }

    private static Snapshot snapshot(Row r) {
        return new Snapshot(r.getUUID(0), r.getString(1), r.getString(2), r.getLocalDate(3), r.getUUID(4), r.getString(5),
                r.getString(6), r.getOffsetDateTime(7), r.getString(8));
    }
}
