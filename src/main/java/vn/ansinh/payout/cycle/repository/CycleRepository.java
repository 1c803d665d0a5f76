package vn.ansinh.payout.cycle.repository;

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
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;

/** SQL of payment cycles: the cycle row, its transitions and totals, and the set-based payroll. */
@ApplicationScoped
public class CycleRepository {

    public record Cycle(UUID id, String code, String provinceCode, String program, LocalDate month, String status,
            String createdBy, OffsetDateTime createdAt, String generatedBy, OffsetDateTime generatedAt, String approvedBy,
            OffsetDateTime approvedAt, String releasedBy, OffsetDateTime releasedAt, String closedBy, OffsetDateTime closedAt,
            Integer lineCount, Long totalAmountVnd, String linesSha256, Integer disbursementCount,
            Long disbursementAmountVnd, String disbursementCsvSha256, String disbursementJsonSha256) {
    }

    public record Transition(String fromStatus, String toStatus, String actor, OffsetDateTime at, String note) {
    }

    public record Total(String dimension, String key, int lineCount, long amountVnd) {
    }

    /** Count, amount and hash of a cycle's lines as they are in the database now. */
    public record Seal(int lineCount, long totalAmountVnd, String sha256) {
    }

    private static final String COLUMNS = "id, code, province_code, program, month, status, created_by, created_at, "
            + "generated_by, generated_at, approved_by, approved_at, released_by, released_at, closed_by, closed_at, "
            + "line_count, total_amount_vnd, lines_sha256, disbursement_count, disbursement_amount_vnd, "
            + "disbursement_csv_sha256, disbursement_json_sha256";

    private final Pool pool;
    private final Clock clock;

    public CycleRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Pool pool() {
        return pool;
    }

    static Cycle cycle(Row r) {
        return new Cycle(r.getUUID("id"), r.getString("code"), r.getString("province_code"), r.getString("program"),
                r.getLocalDate("month"), r.getString("status"), r.getString("created_by"), r.getOffsetDateTime("created_at"),
                r.getString("generated_by"), r.getOffsetDateTime("generated_at"), r.getString("approved_by"),
                r.getOffsetDateTime("approved_at"), r.getString("released_by"), r.getOffsetDateTime("released_at"),
                r.getString("closed_by"), r.getOffsetDateTime("closed_at"), r.getInteger("line_count"),
                r.getLong("total_amount_vnd"), r.getString("lines_sha256"), r.getInteger("disbursement_count"),
                r.getLong("disbursement_amount_vnd"), r.getString("disbursement_csv_sha256"),
                r.getString("disbursement_json_sha256"));
    }

    private static Cycle first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? cycle(it.next()) : null;
    }

    /** Creates the cycle unless it exists (the unique key decides between concurrent creators). */
    public Uni<Void> createIfAbsent(SqlConnection c, UUID id, String code, String province, String program, LocalDate month,
            String createdBy) {
        // no conflict target: the code is made of province, program and month, so a concurrent open can
        // collide on either unique index, and a targeted ON CONFLICT would raise the other one's violation
        return c.preparedQuery("insert into payment_cycle (id, code, province_code, program, month, created_by) "
                + "values ($1, $2, $3, $4, $5, $6) on conflict do nothing")
                .execute(Tuple.of(id, code, province, program, month, createdBy)).replaceWithVoid();
    }

    public Uni<Cycle> find(SqlClient c, UUID id) {
        return c.preparedQuery("select " + COLUMNS + " from payment_cycle where id = $1").execute(Tuple.of(id))
                .map(CycleRepository::first);
    }

    /** The cycle, locked for the rest of the transaction: generation, approval, results and closing queue on it. */
    public Uni<Cycle> lock(SqlConnection c, UUID id) {
        return c.preparedQuery("select " + COLUMNS + " from payment_cycle where id = $1 for update").execute(Tuple.of(id))
                .map(CycleRepository::first);
    }

    public Uni<Cycle> lockByKey(SqlConnection c, String province, String program, LocalDate month) {
        return c.preparedQuery("select " + COLUMNS + " from payment_cycle where province_code = $1 and program = $2 "
                + "and month = $3 for update").execute(Tuple.of(province, program, month)).map(CycleRepository::first);
    }

    public Uni<Cycle> findByCode(SqlClient c, String code) {
        return c.preparedQuery("select " + COLUMNS + " from payment_cycle where code = $1").execute(Tuple.of(code))
                .map(CycleRepository::first);
    }

    public Uni<List<Cycle>> list(Set<String> provinces, String program, LocalDate month, String status, int page, int size) {
        return pool.preparedQuery("select " + COLUMNS + " from payment_cycle where province_code = any($1) "
                + "and ($2::text is null or program = $2) and ($3::date is null or month = $3) and ($4::text is null or status = $4) "
                + "order by month desc, province_code, program limit $5 offset $6")
                .execute(Tuple.from(Arrays.asList(provinces.toArray(String[]::new), program, month, status, size, page * size)))
                .map(rows -> {
                    List<Cycle> out = new ArrayList<>();
                    rows.forEach(r -> out.add(cycle(r)));
                    return out;
                });
    }

    public Uni<Long> count(Set<String> provinces, String program, LocalDate month, String status) {
        return pool.preparedQuery("select count(*) from payment_cycle where province_code = any($1) "
                + "and ($2::text is null or program = $2) and ($3::date is null or month = $3) and ($4::text is null or status = $4)")
                .execute(Tuple.from(Arrays.asList(provinces.toArray(String[]::new), program, month, status)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Cycles of the province and program before the month that are not yet approved. */
    public Uni<Long> unapprovedBefore(SqlConnection c, String province, String program, LocalDate month) {
        return c.preparedQuery("select count(*) from payment_cycle where province_code = $1 and program = $2 and month < $3 "
                + "and status in ('DRAFT', 'GENERATED')").execute(Tuple.of(province, program, month))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The first month this service generated a payroll for, or null. */
    public Uni<LocalDate> firstGeneratedMonth(SqlConnection c, String province, String program) {
        return c.preparedQuery("select min(month) from payment_cycle where province_code = $1 and program = $2 "
                + "and status <> 'DRAFT'").execute(Tuple.of(province, program))
                .map(rows -> rows.iterator().next().getLocalDate(0));
    }

    /** Programs with entitlements in the province but no standard level in force for the month. */
    public Uni<List<String>> programsWithoutLevel(SqlConnection c, String province, String program, LocalDate month) {
        return c.preparedQuery("""
                select v.program from (values ('SOCIAL_ASSISTANCE'), ('SOCIAL_PENSION'), ('MERIT')) v(program)
                where (v.program = $2::text or ($2::text <> 'MERIT' and v.program <> 'MERIT'))
                  -- case: only look through the people when a level is missing
                  and case when exists (select 1 from standard_level s where s.province_code = $1::text and s.program = v.program
                                        and s.effective_from <= $3::date and s.state = 'APPROVED') then false
                           else exists (select 1 from gen_people p join entitlement e on e.beneficiary_id = p.beneficiary_id
                                        where e.program = v.program) end
                """).execute(Tuple.of(province, program, month)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** Removes a not yet approved payroll so it can be generated again from the registry as it is now. */
    public Uni<Void> deletePayroll(SqlConnection c, UUID cycle) {
        return c.preparedQuery("delete from payment_cycle_total where cycle_id = $1").execute(Tuple.of(cycle))
                .flatMap(v -> c.preparedQuery("delete from payment_line where cycle_id = $1").execute(Tuple.of(cycle)))
                .replaceWithVoid();
    }

    /**
     * Generates the payroll lines and totals of a locked DRAFT cycle, set-based. Returns its seal.
     *
     * @param firstMonth the first month this service pays for the province and program
     * @param arrears whether to look for arrears (not on a province's first cycle: nothing earlier was paid here)
     */
    public Uni<Seal> generate(SqlConnection c, Cycle cycle, LocalDate firstMonth, boolean arrears, long funeralMultiple) {
        String p = cycle.provinceCode();
        String prog = cycle.program();
        LocalDate m = cycle.month();
        // sorts and hashes over a province's million rows stay in memory rather than spill to disk
        // the working tables are temporary and dropped at commit or rollback, so none is left from before
        return c.query("set local work_mem = '256MB'").execute()
                .flatMap(v -> c.query(PayrollSql.PEOPLE_TABLE).execute())
                .flatMap(v -> c.preparedQuery(PayrollSql.PEOPLE).execute(Tuple.of(p, m)))
                .flatMap(v -> c.query("analyze gen_people").execute())
                .flatMap(v -> programsWithoutLevel(c, p, prog, m))
                .flatMap(missing -> missing.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new MissingStandardLevel(missing)))
                .flatMap(v -> c.query(PayrollSql.GEN_LINES).execute())
                .flatMap(v -> c.preparedQuery(PayrollSql.REGULAR).execute(Tuple.of(p, prog, m)))
                .flatMap(v -> arrears
                        ? c.preparedQuery(PayrollSql.ARREARS).execute(Tuple.of(p, prog, m, firstMonth))
                                .flatMap(x -> c.preparedQuery(PayrollSql.OWED_TO_FAMILY).execute(Tuple.of(p, prog, m, firstMonth)))
                                .flatMap(x -> c.preparedQuery(PayrollSql.LEVEL_DIFFERENCE).execute(Tuple.of(p, prog, m)))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .flatMap(v -> c.preparedQuery(PayrollSql.CARRY_OVER).execute(Tuple.of(prog, m)))
                .flatMap(v -> c.preparedQuery(PayrollSql.ADJUSTMENTS).execute(Tuple.of(prog, m)))
                .flatMap(v -> c.preparedQuery(PayrollSql.FUNERAL).execute(Tuple.of(p, prog, m, firstMonth, funeralMultiple)))
                .flatMap(v -> c.query("analyze gen_lines").execute())
                .flatMap(v -> c.preparedQuery(PayrollSql.RECOVERY).execute(Tuple.of(prog, m)))
                .flatMap(v -> c.preparedQuery(PayrollSql.NUMBER_AND_ROUTE).execute(Tuple.of(cycle.id(), m)))
                .flatMap(v -> c.preparedQuery(PayrollSql.TOTALS).execute(Tuple.of(cycle.id())))
                .flatMap(v -> c.query("drop table gen_people, gen_lines").execute())
                .flatMap(v -> seal(c, cycle.id()));
    }

    public Uni<Seal> seal(SqlClient c, UUID cycle) {
        return c.preparedQuery(PayrollSql.SEAL).execute(Tuple.of(cycle)).map(rows -> {
            Row r = rows.iterator().next();
            return new Seal(r.getInteger(0), r.getLong(1), r.getString(2));
        });
    }

    /** Thrown when the province has no standard level for a program it pays: better no payroll than a wrong one. */
    public static final class MissingStandardLevel extends RuntimeException {
        public final List<String> programs;

        MissingStandardLevel(List<String> programs) {
            super("no standard level for " + programs);
            this.programs = programs;
        }
    }

    public Uni<Void> markGenerated(SqlConnection c, UUID id, String by, Seal seal) {
        return c.preparedQuery("update payment_cycle set status = 'GENERATED', generated_by = $2, generated_at = $6, "
                + "line_count = $3, total_amount_vnd = $4, lines_sha256 = $5, version = version + 1 where id = $1")
                .execute(Tuple.of(id, by, seal.lineCount(), seal.totalAmountVnd(), seal.sha256(), clock.offsetNow()))
                .replaceWithVoid();
    }

    public Uni<Void> markApproved(SqlConnection c, UUID id, String by) {
        return c.preparedQuery("update payment_cycle set status = 'APPROVED', approved_by = $2, approved_at = $3, "
                + "version = version + 1 where id = $1").execute(Tuple.of(id, by, clock.offsetNow())).replaceWithVoid();
    }

    public Uni<Void> markReleased(SqlConnection c, UUID id, String by, int count, long amount, String csvSha, String jsonSha) {
        return c.preparedQuery("update payment_cycle set status = 'DISBURSING', released_by = $2, released_at = $7, "
                + "disbursement_count = $3, disbursement_amount_vnd = $4, disbursement_csv_sha256 = $5, "
                + "disbursement_json_sha256 = $6, version = version + 1 where id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(id, by, count, amount, csvSha, jsonSha, clock.offsetNow())))
                .replaceWithVoid();
    }

    public Uni<Void> markClosed(SqlConnection c, UUID id, String by) {
        return c.preparedQuery("update payment_cycle set status = 'CLOSED', closed_by = $2, closed_at = $3, "
                + "version = version + 1 where id = $1").execute(Tuple.of(id, by, clock.offsetNow())).replaceWithVoid();
    }

    public Uni<Void> recordTransition(SqlConnection c, UUID id, String from, String to, String actor, String note) {
        return c.preparedQuery("insert into payment_cycle_transition (cycle_id, from_status, to_status, actor, note, at) "
                + "values ($1, $2, $3, $4, $5, $6)").execute(Tuple.from(java.util.Arrays.asList(id, from, to, actor, note,
                        clock.offsetNow()))).replaceWithVoid();
    }

    public Uni<List<Transition>> transitions(UUID id) {
        return pool.preparedQuery("select from_status, to_status, actor, at, note from payment_cycle_transition "
                + "where cycle_id = $1 order by id").execute(Tuple.of(id)).map(rows -> {
                    List<Transition> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Transition(r.getString(0), r.getString(1), r.getString(2),
                            r.getOffsetDateTime(3), r.getString(4))));
                    return out;
                });
    }

    public Uni<List<Total>> totals(UUID id) {
        return pool.preparedQuery("select dimension, key, line_count, amount_vnd from payment_cycle_total "
                + "where cycle_id = $1 order by dimension, key").execute(Tuple.of(id)).map(rows -> {
                    List<Total> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Total(r.getString(0), r.getString(1), r.getInteger(2), r.getLong(3))));
                    return out;
                });
    }

    /**
     * Field officers whose cash for the cycle does not balance (advanced − delivered − returned ≠ 0), and
     * the sum of what they hold: {officers, amount}. Officers without recorded cash movements are not
     * counted (custody is not tracked for them).
     */
    public Uni<long[]> cashHeld(SqlClient c, UUID cycle) {
        return c.preparedQuery("""
                select count(*) filter (where held <> 0), coalesce(sum(held), 0)::bigint from (
                    select m.officer, sum(case m.kind when 'ADVANCE' then m.amount_vnd else -m.amount_vnd end)
                           - coalesce((select sum(x.amount_vnd) from delivery_confirmation x
                                       join home_delivery d on d.id = x.delivery_id
                                       where d.cycle_id = $1 and x.confirmed_by = m.officer and x.outcome = 'DELIVERED'), 0) held
                    from delivery_cash_movement m where m.cycle_id = $1 group by m.officer) t
                """).execute(Tuple.of(cycle)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong(0), r.getLong(1) };
                });
    }

    /** Makes a home delivery of every HOME_DELIVERY line of an approved cycle. */
    public Uni<Integer> createHomeDeliveries(SqlConnection c, UUID cycle) {
        return c.preparedQuery("""
                insert into home_delivery (id, line_id, attempt, cycle_id, beneficiary_id, commune_code, amount_vnd)
                select gen_random_uuid(), id, 1, cycle_id, beneficiary_id, commune_code, amount_vnd
                from payment_line where cycle_id = $1 and channel = 'HOME_DELIVERY' and amount_vnd > 0
                on conflict (line_id, attempt) do nothing
                """).execute(Tuple.of(cycle)).map(RowSet::rowCount);
    }
}
