package vn.ansinh.payout.cycle.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;

/**
 * Results from the payment provider: staged in batches, then applied to a cycle in one set-based
 * transaction. A result is new (stored), the same as the one already stored (unchanged), or refused
 * with a reason that is kept for the provider and the province to read.
 */
@ApplicationScoped
public class ReconciliationRepository {

    /** One row of a results file or callback, as read; {@code invalidReason} set when it could not be read. */
    public record ResultRow(int rowNo, String reference, String outcome, Long amountVnd, String providerRef,
            OffsetDateTime paidAt, String failureCode, String failureDetail, String invalidReason) {
    }

    public record Reconciliation(UUID id, UUID cycleId, String source, String contentSha256, String submittedBy,
            OffsetDateTime submittedAt, int totalRows, int applied, int unchanged, int rejected) {
    }

    public record Rejection(int rowNo, String reference, String reason) {
    }

    private final Pool pool;
    private final Clock clock;

    public ReconciliationRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Pool pool() {
        return pool;
    }

    /** Stages a batch of rows, one statement per batch. */
    public Uni<Void> stage(SqlClient c, UUID staging, List<ResultRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        Integer[] rowNo = new Integer[n];
        String[] reference = new String[n];
        String[] outcome = new String[n];
        Long[] amount = new Long[n];
        String[] providerRef = new String[n];
        OffsetDateTime[] paidAt = new OffsetDateTime[n];
        String[] failureCode = new String[n];
        String[] failureDetail = new String[n];
        String[] invalid = new String[n];
        for (int i = 0; i < n; i++) {
            ResultRow r = rows.get(i);
            rowNo[i] = r.rowNo();
            reference[i] = r.reference() == null ? "" : r.reference();
            outcome[i] = r.outcome();
            amount[i] = r.amountVnd();
            providerRef[i] = r.providerRef();
            paidAt[i] = r.paidAt();
            failureCode[i] = r.failureCode();
            failureDetail[i] = r.failureDetail();
            invalid[i] = r.invalidReason();
        }
        return c.preparedQuery("""
                insert into reconciliation_staging (reconciliation_id, row_no, reference, outcome, amount_vnd, provider_ref,
                                                    paid_at, failure_code, failure_detail, invalid_reason)
                select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::timestamptz[],
                                         $8::text[], $9::text[], $10::text[])
                """).execute(Tuple.from(Arrays.asList(staging, rowNo, reference, outcome, amount, providerRef, paidAt,
                failureCode, failureDetail, invalid))).replaceWithVoid();
    }

    public Uni<Void> dropStaging(SqlClient c, UUID staging) {
        return c.preparedQuery("delete from reconciliation_staging where reconciliation_id = $1").execute(Tuple.of(staging))
                .replaceWithVoid();
    }

    /**
     * Applies the staged rows of {@code id} to a cycle locked by the caller: classifies every row, stores
     * the new results, keeps the refused rows with their reason, and returns the count per verdict
     * (NEW, UNCHANGED, or a refusal reason). The staged rows are deleted.
     */
    public Uni<Map<String, Long>> apply(SqlConnection c, UUID id, UUID cycle, String cycleCode, String source) {
        return apply(c, id, cycle, cycleCode, source, null);
    }

    /** As above; {@code channels}, when given, are the only channels the submitting provider may report on. */
    public Uni<Map<String, Long>> apply(SqlConnection c, UUID id, UUID cycle, String cycleCode, String source,
            java.util.List<String> channels) {
        return c.query("set local work_mem = '256MB'").execute()
                .flatMap(v -> c.query("""
                        create temp table rec_rows (reconciliation_id uuid, row_no int, reference text, outcome text,
                            invalid_reason text, amount_vnd bigint, provider_ref text, paid_at timestamptz, failure_code text,
                            failure_detail text, dup bigint, line_id bigint, line_amount bigint, attempt int, carried boolean,
                            verdict text) on commit drop""").execute())
                .flatMap(v -> c.preparedQuery("""
                        insert into rec_rows
                        with s as (
                            select s.*, row_number() over (partition by s.reference order by s.row_no) as dup
                            from reconciliation_staging s where s.reconciliation_id = $1),
                        rerouted as (
                            select r.line_id, max(r.attempt) as attempt from payment_reroute r
                            join payment_line l on l.id = r.line_id where l.cycle_id = $2 group by r.line_id),
                        matched as (
                            select s.*, l.id as line_id, l.amount_vnd as line_amount, coalesce(rr.attempt, 1) as attempt,
                                   co.line_id is not null as carried,
                                   coalesce((select r2.channel from payment_reroute r2 where r2.line_id = l.id
                                             order by r2.attempt desc limit 1), l.channel) as channel
                            from s
                            left join payment_line l on l.cycle_id = $2 and l.line_no =
                                 case when s.reference ~ ('^' || $3::text || '-[0-9]{1,9}$') then split_part(s.reference, '-', 2)::int end
                            left join rerouted rr on rr.line_id = l.id
                            left join payment_carry_over co on co.line_id = l.id)
                        select m.reconciliation_id, m.row_no, m.reference, m.outcome, m.invalid_reason, m.amount_vnd,
                               m.provider_ref, m.paid_at, m.failure_code, m.failure_detail, m.dup, m.line_id, m.line_amount,
                               m.attempt, m.carried,
                               case when m.invalid_reason is not null then m.invalid_reason
                                    when m.line_id is null then 'UNKNOWN_REFERENCE'
                                    -- a provider reports only on the lines of the channels it serves
                                    when $4::text[] is not null and m.channel <> all($4::text[]) then 'NOT_YOUR_LINE'
                                    when m.dup > 1 then 'DUPLICATE_IN_FILE'
                                    when m.amount_vnd <> m.line_amount then 'AMOUNT_MISMATCH'
                                    when m.carried then 'LINE_CARRIED_OVER'
                                    -- a result already given for an earlier attempt (sent again after a re-route) changes nothing
                                    when m.attempt > 1 and exists (select 1 from payment_result x where x.line_id = m.line_id
                                         and x.attempt < m.attempt and x.outcome = m.outcome
                                         and x.provider_ref is not distinct from m.provider_ref
                                         and x.failure_code is not distinct from m.failure_code) then 'UNCHANGED'
                                    when r.line_id is null then 'NEW'
                                    when r.outcome = m.outcome and r.provider_ref is not distinct from m.provider_ref
                                         and r.failure_code is not distinct from m.failure_code then 'UNCHANGED'
                                    else 'CONFLICTS_WITH_SETTLED_RESULT' end as verdict
                        from matched m
                        left join payment_result r on r.line_id = m.line_id and r.attempt = m.attempt
                        """).execute(Tuple.of(id, cycle, cycleCode, channels == null ? null : channels.toArray(String[]::new))))
                .flatMap(v -> c.preparedQuery("""
                        insert into payment_result (line_id, attempt, outcome, provider_ref, paid_at, failure_code, failure_detail,
                                                    source, reconciliation_id)
                        select line_id, attempt, outcome, provider_ref, paid_at, failure_code, failure_detail, $2, $1
                        from rec_rows where verdict = 'NEW'
                        """).execute(Tuple.of(id, source)))
                .flatMap(v -> c.preparedQuery("""
                        insert into reconciliation_rejection (reconciliation_id, row_no, reference, reason)
                        select $1, row_no, left(reference, 100), verdict from rec_rows where verdict not in ('NEW', 'UNCHANGED')
                        """).execute(Tuple.of(id)))
                .flatMap(v -> c.query("select verdict, count(*) from rec_rows group by verdict").execute())
                .map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
                    return out;
                })
                .call(() -> c.query("drop table rec_rows").execute())
                .call(() -> dropStaging(c, id));
    }

    public Uni<Void> create(SqlConnection c, UUID id, UUID cycle, String source, String sha, String by) {
        return c.preparedQuery("insert into reconciliation (id, cycle_id, source, content_sha256, submitted_by) "
                + "values ($1, $2, $3, $4, $5)").execute(Tuple.of(id, cycle, source, sha, by)).replaceWithVoid();
    }

    public Uni<Void> finish(SqlConnection c, UUID id, long total, long applied, long unchanged, long rejected) {
        return c.preparedQuery("update reconciliation set finished_at = $6, total_rows = $2, applied = $3, unchanged = $4, "
                + "rejected = $5 where id = $1").execute(Tuple.from(java.util.Arrays.asList(id, (int) total, (int) applied,
                        (int) unchanged, (int) rejected, clock.offsetNow())))
                .replaceWithVoid();
    }

    private static Reconciliation reconciliation(Row r) {
        return new Reconciliation(r.getUUID("id"), r.getUUID("cycle_id"), r.getString("source"), r.getString("content_sha256"),
                r.getString("submitted_by"), r.getOffsetDateTime("submitted_at"), r.getInteger("total_rows"),
                r.getInteger("applied"), r.getInteger("unchanged"), r.getInteger("rejected"));
    }

    public Uni<Reconciliation> find(UUID cycle, UUID id) {
        return pool.preparedQuery("select * from reconciliation where cycle_id = $1 and id = $2").execute(Tuple.of(cycle, id))
                .map(rows -> rows.iterator().hasNext() ? reconciliation(rows.iterator().next()) : null);
    }

    public Uni<List<Reconciliation>> list(UUID cycle) {
        return pool.preparedQuery("select * from reconciliation where cycle_id = $1 order by submitted_at, id")
                .execute(Tuple.of(cycle)).map(rows -> {
                    List<Reconciliation> out = new ArrayList<>();
                    rows.forEach(r -> out.add(reconciliation(r)));
                    return out;
                });
    }

    public Uni<List<Rejection>> rejections(SqlClient c, UUID id, int page, int size) {
        return c.preparedQuery("select row_no, reference, reason from reconciliation_rejection where reconciliation_id = $1 "
                + "order by row_no limit $2 offset $3").execute(Tuple.of(id, size, page * size)).map(rows -> {
                    List<Rejection> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Rejection(r.getInteger(0), r.getString(1), r.getString(2))));
                    return out;
                });
    }

    public Uni<Long> rejectionCount(UUID id) {
        return pool.preparedQuery("select count(*) from reconciliation_rejection where reconciliation_id = $1")
                .execute(Tuple.of(id)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Records a provider's signed callback id; false when that provider's id was already accepted (a replay). */
    public Uni<Boolean> acceptCallback(SqlConnection c, String provider, String callbackId, OffsetDateTime signedAt, String sha,
            String by) {
        return c.preparedQuery("insert into provider_callback (provider, callback_id, signed_at, body_sha256, submitted_by) "
                + "values ($1, $2, $3, $4, $5) on conflict (provider, callback_id) do nothing")
                .execute(Tuple.of(provider, callbackId, signedAt, sha, by)).map(rows -> rows.rowCount() == 1);
    }
}
