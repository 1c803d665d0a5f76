package vn.ansinh.payout.cycle.service;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.security.SeparationOfDuties;

/**
 * Corrections (điều chỉnh): an amount owed to a beneficiary for a month (positive, paid as an ADJUSTMENT line)
 * or owed back by them (negative: recovered from their later lines, never below zero in a month), with its
 * reason and decision number. An adjustment is made by one officer and approved by another before any
 * payroll sees it; above the configured ceiling only a province officer approves. The maker's
 * {@code Idempotency-Key} makes a retried request return the first answer instead of paying twice.
 */
@ApplicationScoped
public class AdjustmentService {

    public record Adjustment(UUID id, UUID beneficiaryId, String program, LocalDate forMonth, long amountVnd, String reason,
            String decisionRef, String state, String requestedBy, OffsetDateTime requestedAt, String checkedBy,
            OffsetDateTime checkedAt, String checkNote, String paidBy, long recoveredVnd) {
    }

    /** What was asked; the same key with another request is refused. */
    public record NewAdjustment(String program, LocalDate forMonth, long amountVnd, String reason, String decisionRef) {

        /** Each field prefixed by its length, so no two different requests (a "|" in a reason...) hash alike. */
        String sha256() {
            StringBuilder canonical = new StringBuilder();
            for (String field : List.of(program, forMonth.toString(), Long.toString(amountVnd), reason, decisionRef)) {
                canonical.append(field.length()).append(':').append(field).append(';');
            }
            return Digests.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The adjustment and whether this call created it (false: a replay of the same key). */
    public record Outcome(boolean created, Adjustment adjustment) {
    }

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final CycleConfig config;
    private final AreaDirectory areas;

    public AdjustmentService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit, Clock clock, CycleConfig config,
            AreaDirectory areas) {
        this.areas = areas;
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    private Uni<String> communeOf(Caller caller, UUID beneficiary) {
        return pool.preparedQuery("select commune_code from beneficiary where id = $1").execute(Tuple.of(beneficiary))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("beneficiary"));
                    }
                    String commune = rows.iterator().next().getString(0);
                    return jurisdiction.require(caller, commune).replaceWith(commune);
                });
    }

    public Uni<Outcome> create(Caller caller, UUID beneficiary, String idempotencyKey, NewAdjustment in) {
        SeparationOfDuties.requireMaker(SeparationOfDuties.Step.ADJUSTMENT, caller);
        UUID id = UUID.randomUUID();
        String sha = in.sha256();
        return communeOf(caller, beneficiary).flatMap(commune -> pool.withTransaction(c -> c.preparedQuery(
                "insert into payment_adjustment (id, beneficiary_id, program, for_month, amount_vnd, reason, decision_ref, "
                        + "requested_by, idempotency_key, request_sha256) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                        + "on conflict (requested_by, idempotency_key) do nothing")
                .execute(Tuple.from(List.of(id, beneficiary, in.program(), in.forMonth(), in.amountVnd(), in.reason(),
                        in.decisionRef(), caller.subject(), idempotencyKey, sha)))
                .flatMap(rows -> {
                    if (rows.rowCount() == 1) {
                        return audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("ADJUSTMENT_REQUESTED",
                                "beneficiary", beneficiary.toString(), commune, Map.of("adjustmentId", id.toString(),
                                        "program", in.program(), "forMonth", in.forMonth().toString().substring(0, 7),
                                        "amountVnd", in.amountVnd(), "reason", in.reason(), "decisionRef", in.decisionRef()))))
                                .flatMap(v -> find(c, id)).map(a -> new Outcome(true, a));
                    }
                    // the key was used: the same request replays the first answer, another one is refused
                    return c.preparedQuery("select id, request_sha256, beneficiary_id from payment_adjustment "
                            + "where requested_by = $1 and idempotency_key = $2").execute(Tuple.of(caller.subject(), idempotencyKey))
                            .flatMap(found -> {
                                Row row = found.iterator().next();
                                if (!sha.equals(row.getString(1)) || !beneficiary.equals(row.getUUID(2))) {
                                    return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT,
                                            "detail.idempotencyKeyReused").with("existing", "/api/v1/beneficiaries/"
                                                    + row.getUUID(2) + "/adjustments/" + row.getUUID(0)));
                                }
                                return find(c, row.getUUID(0)).map(a -> new Outcome(false, a));
                            });
                })));
    }

    /**
     * The checker's decision. Never the maker; above the ceiling, a province officer only. Only an approved
     * adjustment reaches a payroll.
     */
    public Uni<Adjustment> check(Caller caller, UUID beneficiary, UUID id, boolean approve, String note) {
        return communeOf(caller, beneficiary).flatMap(commune -> provinceLevel(caller, commune).flatMap(province -> pool.withTransaction(c -> c.preparedQuery(
                "select requested_by, amount_vnd, state from payment_adjustment where id = $1 and beneficiary_id = $2 for update")
                .execute(Tuple.of(id, beneficiary)).flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ApiException.notFound("adjustment"));
                    }
                    Row row = rows.iterator().next();
                    SeparationOfDuties.requireChecker(SeparationOfDuties.Step.ADJUSTMENT, caller, row.getString(0));
                    long amount = row.getLong(1);
                    if (Math.abs(amount) > config.adjustments().provinceApprovalAbove() && !province) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN, "detail.adjustmentAboveCeiling",
                                config.adjustments().provinceApprovalAbove()));
                    }
                    if (!"PENDING_CHECK".equals(row.getString(2))) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.CONFLICT, "detail.changeNotPending",
                                row.getString(2)));
                    }
                    String state = approve ? "APPROVED" : "REJECTED";
                    return c.preparedQuery("update payment_adjustment set state = $2, checked_by = $3, checked_at = $4, "
                            + "check_note = $5 where id = $1").execute(Tuple.of(id, state, caller.subject(),
                                    clock.now().atOffset(ZoneOffset.UTC), note))
                            .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("ADJUSTMENT_CHECKED",
                                    "beneficiary", beneficiary.toString(), commune, mapOf("adjustmentId", id.toString(),
                                            "state", state, "amountVnd", amount, "requestedBy", row.getString(0), "note", note)))))
                            .flatMap(v -> find(c, id));
                }))));
    }

    /**
     * Whether the caller checks as the province: a province officer whose token covers the whole province, not
     * only some of its communes (a province role scoped to a commune is still the commune's eyes).
     */
    private Uni<Boolean> provinceLevel(Caller caller, String commune) {
        if (!caller.hasRole(Roles.PROVINCE_OFFICER)) {
            return Uni.createFrom().item(false);
        }
        return areas.provinceOf(commune).flatMap(province -> province == null ? Uni.createFrom().item(false)
                : jurisdiction.covers(caller, province));
    }

    private static final String SELECT = """
            with recovered as (
                select l.beneficiary_id, c.program, sum(l.recovered_vnd) as taken from payment_line l
                join payment_cycle c on c.id = l.cycle_id where l.beneficiary_id = $1 and l.recovered_vnd > 0
                group by l.beneficiary_id, c.program),
            adj as (
                select a.*, coalesce(sum(-a.amount_vnd) filter (where a.amount_vnd < 0 and a.state = 'APPROVED')
                    over (partition by a.program order by a.requested_at, a.id rows between unbounded preceding and 1 preceding), 0)
                    as owed_before
                from payment_adjustment a where a.beneficiary_id = $1)
            select a.id, a.beneficiary_id, a.program, a.for_month, a.amount_vnd, a.reason, a.decision_ref, a.state,
                   a.requested_by, a.requested_at, a.checked_by, a.checked_at, a.check_note,
                   (select c.code || '-' || l.line_no from payment_line l join payment_cycle c on c.id = l.cycle_id
                    where l.adjustment_id = a.id) as paid_by,
                   case when a.amount_vnd < 0 and a.state = 'APPROVED'
                        then least(-a.amount_vnd, greatest(0, coalesce(r.taken, 0) - a.owed_before)) else 0 end as recovered
            from adj a left join recovered r on r.program = a.program
            """;

    private Uni<Adjustment> find(SqlClient c, UUID id) {
        return c.preparedQuery("select beneficiary_id from payment_adjustment where id = $1").execute(Tuple.of(id))
                .flatMap(rows -> c.preparedQuery(SELECT + " where a.id = $2")
                        .execute(Tuple.of(rows.iterator().next().getUUID(0), id)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<List<Adjustment>> list(Caller caller, UUID beneficiary) {
        return communeOf(caller, beneficiary).flatMap(commune -> pool.preparedQuery(SELECT + " order by a.requested_at, a.id")
                .execute(Tuple.of(beneficiary)).map(rows -> {
                    List<Adjustment> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(map(r));
                    }
                    return out;
                }));
    }

    private static Adjustment map(Row r) {
        return new Adjustment(r.getUUID("id"), r.getUUID("beneficiary_id"), r.getString("program"), r.getLocalDate("for_month"),
                r.getLong("amount_vnd"), r.getString("reason"), r.getString("decision_ref"), r.getString("state"),
                r.getString("requested_by"), r.getOffsetDateTime("requested_at"), r.getString("checked_by"),
                r.getOffsetDateTime("checked_at"), r.getString("check_note"), r.getString("paid_by"), r.getLong("recovered"));
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
