package vn.ansinh.payout.registry.repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Set-based SQL for retiring and merging administrative units: a merged commune's people move in one statement. */
@ApplicationScoped
public class AreaRetirementRepository {

    public record Unit(String code, String level, String parentCode, String path, LocalDate validFrom, LocalDate validTo) {
    }

    public record Moved(UUID beneficiaryId, String fromAddress) {
    }

    private final Pool pool;

    public AreaRetirementRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** The unit, locked against a concurrent retirement. */
    public Uni<Unit> lock(SqlConnection c, String code) {
        return c.preparedQuery("select code, level, parent_code, path, valid_from, valid_to from area where code = $1 for update")
                .execute(Tuple.of(code)).map(rows -> rows.size() == 0 ? null : unit(rows.iterator().next()));
    }

    public Uni<Unit> find(SqlConnection c, String code) {
        return c.preparedQuery("select code, level, parent_code, path, valid_from, valid_to from area where code = $1")
                .execute(Tuple.of(code)).map(rows -> rows.size() == 0 ? null : unit(rows.iterator().next()));
    }

    /** Units under this one still in force on the date. */
    public Uni<Long> unitsInForceUnder(SqlConnection c, String code, LocalDate on) {
        return c.preparedQuery("select count(*) from area where parent_code = $1 and (valid_to is null or valid_to > $2)")
                .execute(Tuple.of(code, on)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** People whose record is in the commune (whatever their status: an ended record stays where it was). */
    public Uni<Long> peopleIn(SqlConnection c, String commune) {
        return c.preparedQuery("select count(*) from beneficiary where commune_code = $1").execute(Tuple.of(commune))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> retire(SqlConnection c, String code, LocalDate effectiveDate, String successor) {
        return c.preparedQuery("update area set valid_to = $2, successor_code = $3 where code = $1")
                .execute(Tuple.of(code, effectiveDate, successor)).replaceWithVoid();
    }

    /**
     * Moves everyone of the commune to the successor from the effect month: a dated move each (history kept) and
     * the record's commune. Returns who moved.
     */
    public Uni<List<Moved>> movePeople(SqlConnection c, String from, String to, LocalDate month, String decidedBy,
            OffsetDateTime at) {
        return c.preparedQuery("""
                with moved as (
                    insert into beneficiary_move (id, beneficiary_id, from_commune, to_commune, from_address, to_address,
                                                  effective_month, decided_by, recorded_at)
                    select gen_random_uuid(), b.id, b.commune_code, $2, b.address_line, b.address_line, $3, $4, $5
                    from beneficiary b where b.commune_code = $1
                    returning beneficiary_id, from_address)
                update beneficiary b set commune_code = $2, version = b.version + 1, updated_at = $5
                from moved m where b.id = m.beneficiary_id
                returning b.id, m.from_address
                """).execute(Tuple.from(Arrays.asList(from, to, month, decidedBy, at))).map(rows -> {
                    List<Moved> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Moved(r.getUUID("id"), r.getString("from_address")));
                    }
                    return out;
                });
    }

    public Uni<Void> record(SqlConnection c, UUID id, String code, String successor, LocalDate effectiveDate, String decisionRef,
            String reason, int people, String decidedBy, OffsetDateTime at) {
        return c.preparedQuery("insert into area_retirement (id, area_code, successor_code, effective_date, decision_ref, reason, "
                + "moved_people, decided_by, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(Arrays.asList(id, code, successor, effectiveDate, decisionRef, reason, people,
                        decidedBy, at))).replaceWithVoid();
    }

    private static Unit unit(Row r) {
        return new Unit(r.getString("code"), r.getString("level"), r.getString("parent_code"), r.getString("path"),
                r.getLocalDate("valid_from"), r.getLocalDate("valid_to"));
    }
}
