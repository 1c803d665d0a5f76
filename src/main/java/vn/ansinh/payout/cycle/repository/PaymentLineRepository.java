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

/**
 * Payment lines with their state. A line's state is derived, never stored on the line: the result of
 * its latest attempt (the line's own channel, then each re-route), or its carry-over.
 */
@ApplicationScoped
public class PaymentLineRepository {

    public record Line(long id, int lineNo, String reference, UUID beneficiaryId, String beneficiaryName, String communeCode,
            String kind, LocalDate forMonth, String categoryCode, java.math.BigDecimal coefficient, Long standardLevelVnd,
            long amountVnd, String channel, String recipientKind, String recipientName, String bankBin, String accountNumber,
            String walletProvider, String walletAccount, UUID paymentPointId, String note, int attempt,
            String currentChannel, String state, String providerRef, OffsetDateTime paidAt, String failureCode) {
    }

    public record Change(UUID beneficiaryId, String beneficiaryName, String communeCode, String change, String reason,
            Long previousAmountVnd, Long amountVnd) {
    }

    /** What stands between a cycle and closing. */
    public record Settlement(long lines, long paid, long paidAmount, long carried, long carriedAmount, long unsettled,
            long unsettledAmount, long totalAmount) {
    }

    /** The latest attempt of each line of a cycle that was re-routed. $1 cycle id. */
    private static final String LATEST_REROUTE = """
            latest_reroute as (
                select distinct on (r.line_id) r.line_id, r.attempt, r.channel, r.payment_point_id
                from payment_reroute r join payment_line l on l.id = r.line_id
                where l.cycle_id = $1 order by r.line_id, r.attempt desc)""";

    private static final String STATE = """
            case when co.line_id is not null then 'CARRIED_OVER'
                 when l.amount_vnd = 0 then 'PAID'
                 when res.outcome is not null then res.outcome
                 when rr.line_id is not null then 'REROUTED'
                 else 'PENDING' end""";

    private static final String LINE_SELECT = "with " + LATEST_REROUTE + """
            select l.id, l.line_no, c.code || '-' || l.line_no as reference, l.beneficiary_id, b.full_name, l.commune_code,
                   l.kind, l.for_month, l.category_code, l.coefficient, l.standard_level_vnd, l.amount_vnd, l.channel,
                   l.recipient_kind,
                   coalesce(rep.full_name, case when l.recipient_kind = 'FAMILY' then m.account_holder_name end, b.full_name) as recipient_name,
                   m.bank_bin, m.account_number, m.wallet_provider, m.wallet_account,
                   coalesce(rr.payment_point_id, l.payment_point_id) as payment_point_id, l.note,
                   coalesce(rr.attempt, 1) as attempt, coalesce(rr.channel, l.channel) as current_channel,
                   """ + STATE + """
             as state, res.provider_ref, res.paid_at, res.failure_code
            from payment_line l
            join payment_cycle c on c.id = l.cycle_id
            join beneficiary b on b.id = l.beneficiary_id
            left join representative rep on rep.id = l.representative_id
            left join payment_method m on m.id = l.payment_method_id
            left join latest_reroute rr on rr.line_id = l.id
            left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
            left join payment_carry_over co on co.line_id = l.id
            where l.cycle_id = $1
            """;

    private final Pool pool;
    private final Clock clock;

    public PaymentLineRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    static Line line(Row r) {
        return new Line(r.getLong("id"), r.getInteger("line_no"), r.getString("reference"), r.getUUID("beneficiary_id"),
                r.getString("full_name"), r.getString("commune_code"), r.getString("kind"), r.getLocalDate("for_month"),
                r.getString("category_code"), r.getBigDecimal("coefficient"), r.getLong("standard_level_vnd"),
                r.getLong("amount_vnd"), r.getString("channel"), r.getString("recipient_kind"), r.getString("recipient_name"),
                r.getString("bank_bin"), r.getString("account_number"), r.getString("wallet_provider"),
                r.getString("wallet_account"), r.getUUID("payment_point_id"), r.getString("note"), r.getInteger("attempt"),
                r.getString("current_channel"), r.getString("state"), r.getString("provider_ref"),
                r.getOffsetDateTime("paid_at"), r.getString("failure_code"));
    }

    private static final String FILTER = """
             and l.commune_code = any($2) and ($3::text is null or coalesce(rr.channel, l.channel) = $3) and ($4::text is null or l.kind = $4)
             and ($5::text is null or (""" + STATE + """
            ) = $5::text or ($5::text = 'OPEN' and (""" + STATE + ") not in ('PAID', 'CARRIED_OVER')))";

    /** One page of a cycle's lines in the given communes; state OPEN means neither paid nor carried over. */
    public Uni<List<Line>> page(UUID cycle, Set<String> communes, String channel, String kind, String state, int page, int size) {
        return pool.preparedQuery(LINE_SELECT + FILTER + " order by l.line_no limit $6 offset $7")
                .execute(Tuple.from(Arrays.asList(cycle, communes.toArray(String[]::new), channel, kind, state, size, page * size)))
                .map(PaymentLineRepository::lines);
    }

    public Uni<Long> count(UUID cycle, Set<String> communes, String channel, String kind, String state) {
        return pool.preparedQuery("select count(*) from (" + LINE_SELECT + FILTER + ") x")
                .execute(Tuple.from(Arrays.asList(cycle, communes.toArray(String[]::new), channel, kind, state)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Line> byNumber(SqlClient c, UUID cycle, int lineNo) {
        return c.preparedQuery(LINE_SELECT + " and l.line_no = $2").execute(Tuple.of(cycle, lineNo)).map(rows -> {
            List<Line> out = lines(rows);
            return out.isEmpty() ? null : out.get(0);
        });
    }

    private static List<Line> lines(RowSet<Row> rows) {
        List<Line> out = new ArrayList<>();
        rows.forEach(r -> out.add(line(r)));
        return out;
    }

    public Uni<Void> reroute(SqlConnection c, long lineId, int attempt, String channel, UUID point, String reason, String by,
            String checkedBy) {
        return c.preparedQuery("insert into payment_reroute (line_id, attempt, channel, payment_point_id, reason, decided_by, "
                + "checked_by) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(Arrays.asList(lineId, (short) attempt, channel, point, reason, by, checkedBy))).replaceWithVoid();
    }

    /** Whether the payment point is active and in the commune. */
    public Uni<Boolean> pointServesCommune(SqlClient c, UUID point, String commune) {
        return c.preparedQuery("select exists (select 1 from payment_point where id = $1 and commune_code = $2 and active)")
                .execute(Tuple.of(point, commune)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<Void> homeDeliveryForReroute(SqlConnection c, long lineId, int attempt) {
        return c.preparedQuery("""
                insert into home_delivery (id, line_id, attempt, cycle_id, beneficiary_id, commune_code, amount_vnd)
                select gen_random_uuid(), id, $2, cycle_id, beneficiary_id, commune_code, amount_vnd from payment_line where id = $1
                """).execute(Tuple.of(lineId, (short) attempt)).replaceWithVoid();
    }

    /**
     * Carries over the lines of the cycle that failed, or that were to be paid in cash and were not
     * collected (all of them, or the listed line numbers only). A transfer still with the provider is
     * not carried over: its result may yet come. Returns how many lines and how much.
     */
    public Uni<long[]> carryOver(SqlConnection c, UUID cycle, List<Integer> lineNos, String reason, String by,
            String checkedBy) {
        // home deliveries first: a confirmation in flight holds its delivery's row lock, so waiting for it
        // here means the statement below sees its result and never carries over cash just handed over
        return c.preparedQuery("""
                select d.id from home_delivery d join payment_line l on l.id = d.line_id
                where l.cycle_id = $1 and d.status = 'OPEN' and ($2::int[] is null or l.line_no = any($2))
                order by d.id for update of d
                """).execute(Tuple.from(Arrays.asList(cycle, lineNos == null ? null : lineNos.toArray(Integer[]::new))))
                .flatMap(locked -> c.preparedQuery("with " + LATEST_REROUTE + """
                , open_lines as (
                    select l.id, l.amount_vnd from payment_line l
                    left join latest_reroute rr on rr.line_id = l.id
                    left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
                    left join payment_carry_over co on co.line_id = l.id
                    where l.cycle_id = $1 and co.line_id is null and l.amount_vnd > 0
                      -- failed, or cash nobody collected; a transfer still with the provider waits for its result
                      and (res.outcome = 'FAILED'
                           or (res.outcome is null and coalesce(rr.channel, l.channel) in ('CASH_AT_POINT', 'HOME_DELIVERY')))
                      and ($2::int[] is null or l.line_no = any($2))),
                inserted as (
                    insert into payment_carry_over (line_id, reason, decided_by, checked_by)
                    select id, $3, $4, $5 from open_lines returning line_id),
                -- the field officers' lists drop what was carried over
                cancelled as (
                    update home_delivery d set status = 'CANCELLED', closed_at = $6
                    from inserted i where d.line_id = i.line_id and d.status = 'OPEN' returning d.id)
                select count(*), coalesce(sum(o.amount_vnd), 0) from inserted i join open_lines o on o.id = i.line_id
                """).execute(Tuple.from(Arrays.asList(cycle, lineNos == null ? null : lineNos.toArray(Integer[]::new), reason, by, checkedBy,
                        clock.offsetNow()))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong(0), r.getLong(1) };
                });
    }

    public Uni<Settlement> settlement(SqlClient c, UUID cycle) {
        return c.preparedQuery("with " + LATEST_REROUTE + """
                , s as (
                    select l.amount_vnd, """ + STATE + """
                 as state
                    from payment_line l
                    left join latest_reroute rr on rr.line_id = l.id
                    left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
                    left join payment_carry_over co on co.line_id = l.id
                    where l.cycle_id = $1)
                select count(*),
                       count(*) filter (where state = 'PAID'), coalesce(sum(amount_vnd) filter (where state = 'PAID'), 0),
                       count(*) filter (where state = 'CARRIED_OVER'), coalesce(sum(amount_vnd) filter (where state = 'CARRIED_OVER'), 0),
                       count(*) filter (where state not in ('PAID', 'CARRIED_OVER')),
                       coalesce(sum(amount_vnd) filter (where state not in ('PAID', 'CARRIED_OVER')), 0),
                       coalesce(sum(amount_vnd), 0)
                from s
                """).execute(Tuple.of(cycle)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Settlement(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            r.getLong(6), r.getLong(7));
                });
    }

    /** Sum of the control totals by channel, to check against the lines at closing. */
    public Uni<long[]> controlTotals(SqlClient c, UUID cycle) {
        return c.preparedQuery("select coalesce(sum(line_count), 0), coalesce(sum(amount_vnd), 0) from payment_cycle_total "
                + "where cycle_id = $1 and dimension = 'CHANNEL'").execute(Tuple.of(cycle)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong(0), r.getLong(1) };
                });
    }

    private static final String COMPARISON = """
            with cur as (
                select l.beneficiary_id, max(l.commune_code) as commune_code, sum(l.amount_vnd) as amount,
                       string_agg(distinct l.category_code, ',' order by l.category_code) as categories, max(l.coefficient) as coefficient,
                       max(l.standard_level_vnd) as level
                from payment_line l where l.cycle_id = $1 and l.kind = 'REGULAR' group by l.beneficiary_id),
            prev as (
                select l.beneficiary_id, max(l.commune_code) as commune_code, sum(l.amount_vnd) as amount,
                       string_agg(distinct l.category_code, ',' order by l.category_code) as categories, max(l.coefficient) as coefficient,
                       max(l.standard_level_vnd) as level
                from payment_line l where l.cycle_id = $2 and l.kind = 'REGULAR' group by l.beneficiary_id),
            regular as (
                select coalesce(c.beneficiary_id, p.beneficiary_id) as beneficiary_id,
                       coalesce(c.commune_code, p.commune_code) as commune_code,
                       case when p.beneficiary_id is null then 'ADDED' when c.beneficiary_id is null then 'REMOVED'
                            else 'CHANGED' end as change,
                       p.amount as previous_amount, c.amount as amount,
                       case when p.beneficiary_id is null then
                                case when exists (select 1 from beneficiary_status_change s where s.beneficiary_id = c.beneficiary_id
                                                  and s.to_status = 'ACTIVE' and s.effective_month = $3) then 'RESUMED'
                                     when exists (select 1 from beneficiary_move mv where mv.beneficiary_id = c.beneficiary_id
                                                  and mv.effective_month = $3) then 'MOVED_IN'
                                     when exists (select 1 from entitlement e where e.beneficiary_id = c.beneficiary_id
                                                  and e.start_month = $3) then 'NEW_ENTITLEMENT'
                                     else 'NEWLY_ELIGIBLE' end
                            when c.beneficiary_id is null then
                                coalesce((select s.to_status || ':' || s.reason from beneficiary_status_change s
                                          where s.beneficiary_id = p.beneficiary_id and s.effective_month <= $3
                                            and s.to_status <> 'ACTIVE'
                                          order by s.effective_month desc, s.recorded_at desc limit 1),
                                         case when exists (select 1 from beneficiary_move mv where mv.beneficiary_id = p.beneficiary_id
                                                           and mv.effective_month <= $3 and mv.effective_month > ($3::date - interval '1 month')::date)
                                              then 'MOVED_OUT'
                                              when not exists (select 1 from entitlement e where e.beneficiary_id = p.beneficiary_id
                                                               and e.start_month <= $3 and (e.end_month is null or e.end_month >= $3))
                                              then 'ENTITLEMENT_ENDED'
                                              else 'NO_LONGER_ELIGIBLE' end)
                            when c.level <> p.level then 'STANDARD_LEVEL_CHANGED'
                            when c.categories <> p.categories then 'CATEGORY_CHANGED'
                            when c.coefficient <> p.coefficient then 'COEFFICIENT_CHANGED'
                            else 'AMOUNT_CHANGED' end as reason
                from cur c full join prev p on p.beneficiary_id = c.beneficiary_id
                where p.beneficiary_id is null or c.beneficiary_id is null or c.amount <> p.amount),
            one_off as (
                select l.beneficiary_id, l.commune_code, 'ONE_OFF' as change, null::bigint as previous_amount,
                       l.amount_vnd as amount,
                       l.kind || case when l.kind in ('ADJUSTMENT', 'LEVEL_DIFFERENCE') then ': ' || coalesce(l.note, '') else '' end as reason
                from payment_line l where l.cycle_id = $1 and l.kind <> 'REGULAR'),
            changes as (select * from regular union all select * from one_off)
            """;

    private static final String COMPARISON_FILTER = " where x.commune_code = any($4) and ($5::text is null or x.change = $5)";

    /** The changes against the previous cycle (tăng / giảm / điều chỉnh) in the given communes. */
    public Uni<List<Change>> comparison(UUID cycle, UUID previous, LocalDate month, Set<String> communes, String change,
            int page, int size) {
        return pool.preparedQuery(COMPARISON + "select x.*, b.full_name from changes x join beneficiary b on b.id = x.beneficiary_id"
                + COMPARISON_FILTER + " order by x.change, x.commune_code, b.name_folded, x.beneficiary_id limit $6 offset $7")
                .execute(Tuple.from(Arrays.asList(cycle, previous, month, communes.toArray(String[]::new), change, size,
                        page * size)))
                .map(rows -> {
                    List<Change> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Change(r.getUUID("beneficiary_id"), r.getString("full_name"),
                            r.getString("commune_code"), r.getString("change"), r.getString("reason"),
                            r.getLong("previous_amount"), r.getLong("amount"))));
                    return out;
                });
    }

    public Uni<Long> comparisonCount(UUID cycle, UUID previous, LocalDate month, Set<String> communes, String change) {
        return pool.preparedQuery(COMPARISON + "select count(*) from changes x" + COMPARISON_FILTER)
                .execute(Tuple.from(Arrays.asList(cycle, previous, month, communes.toArray(String[]::new), change)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The cycle of the same province and program for the month before, if generated. */
    public Uni<UUID> previousCycle(UUID cycle) {
        return pool.preparedQuery("""
                select p.id from payment_cycle c join payment_cycle p on p.province_code = c.province_code
                    and p.program = c.program and p.month = (c.month - interval '1 month')::date and p.status <> 'DRAFT'
                where c.id = $1""").execute(Tuple.of(cycle)).map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? it.next().getUUID(0) : null;
                });
    }
}
