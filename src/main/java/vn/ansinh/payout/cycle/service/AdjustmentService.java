package vn.ansinh.payout.cycle.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.security.Caller;

/**
 * Corrections (điều chỉnh): an amount owed to a beneficiary for a month, with its reason, paid by the
 * next cycle generated for the program. Approved payrolls never change; this is how they are corrected.
 */
@ApplicationScoped
public class AdjustmentService {

    public record Adjustment(UUID id, UUID beneficiaryId, String program, LocalDate forMonth, long amountVnd, String reason,
            String requestedBy, OffsetDateTime requestedAt, String paidBy) {
    }

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;

    public AdjustmentService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
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

    public Uni<Adjustment> create(Caller caller, UUID beneficiary, String program, LocalDate forMonth, long amount,
            String reason) {
        UUID id = UUID.randomUUID();
        return communeOf(caller, beneficiary).flatMap(commune -> pool.withTransaction(c -> c.preparedQuery(
                "insert into payment_adjustment (id, beneficiary_id, program, for_month, amount_vnd, reason, requested_by) "
                        + "values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(List.of(id, beneficiary, program, forMonth, amount, reason, caller.subject())))
                .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("ADJUSTMENT_RECORDED",
                        "beneficiary", beneficiary.toString(), commune, Map.of("adjustmentId", id.toString(),
                                "program", program, "forMonth", forMonth.toString().substring(0, 7), "amountVnd", amount,
                                "reason", reason)))))))
                .flatMap(v -> list(caller, beneficiary))
                .map(all -> all.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow());
    }

    public Uni<List<Adjustment>> list(Caller caller, UUID beneficiary) {
        return communeOf(caller, beneficiary).flatMap(commune -> pool.preparedQuery("""
                select a.id, a.beneficiary_id, a.program, a.for_month, a.amount_vnd, a.reason, a.requested_by, a.requested_at,
                       (select c.code || '-' || l.line_no from payment_line l join payment_cycle c on c.id = l.cycle_id
                        where l.adjustment_id = a.id) as paid_by
                from payment_adjustment a where a.beneficiary_id = $1 order by a.requested_at, a.id
                """).execute(Tuple.of(beneficiary)).map(rows -> {
                    List<Adjustment> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Adjustment(r.getUUID(0), r.getUUID(1), r.getString(2), r.getLocalDate(3), r.getLong(4),
                                r.getString(5), r.getString(6), r.getOffsetDateTime(7), r.getString(8)));
                    }
                    return out;
                }));
    }
}
