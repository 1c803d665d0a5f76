package vn.ansinh.payout.cycle.service;

import java.util.ArrayList;
import java.util.Arrays;
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
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.security.Caller;

/** Commune cash payment points (điểm chi trả) and the days they pay each month. Public to read. */
@ApplicationScoped
public class PaymentPointService {

    public record PaymentPoint(UUID id, String communeCode, String name, String address, int firstDay, int lastDay,
            String openingHours) {
    }

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;

    public PaymentPointService(Pool pool, Jurisdiction jurisdiction, AuditTrail audit) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
    }

    public Uni<List<PaymentPoint>> list(String commune) {
        return pool.preparedQuery("select id, commune_code, name, address, first_day, last_day, opening_hours "
                + "from payment_point where active and commune_code = $1 order by created_at, id")
                .execute(Tuple.of(commune)).map(rows -> {
                    List<PaymentPoint> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new PaymentPoint(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getInteger(4), r.getInteger(5), r.getString(6)));
                    }
                    return out;
                });
    }

    public Uni<PaymentPoint> create(Caller caller, String commune, String name, String address, int firstDay, int lastDay,
            String openingHours) {
        PaymentPoint p = new PaymentPoint(UUID.randomUUID(), commune, VietnameseText.normalize(name),
                VietnameseText.normalize(address), firstDay, lastDay, VietnameseText.normalize(openingHours));
        return jurisdiction.require(caller, commune).flatMap(ok -> pool.withTransaction(c -> c.preparedQuery(
                "insert into payment_point (id, commune_code, name, address, first_day, last_day, opening_hours, created_by) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(p.id(), commune, p.name(), p.address(), (short) firstDay, (short) lastDay,
                        p.openingHours(), caller.subject())))
                .flatMap(v -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry("PAYMENT_POINT_CREATED",
                        "payment_point", p.id().toString(), commune, Map.of("name", p.name(), "address", p.address(),
                                "days", firstDay + "-" + lastDay)))))
                .replaceWith(p)));
    }
}
