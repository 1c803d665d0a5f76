package vn.ansinh.payout.status.repository;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries of the payment-status lookup: matching a person, their payments by month, and the shared limits. */
@ApplicationScoped
public class StatusRepository {

    /** A beneficiary the lookup may answer for, and how the asker relates to them. */
    public record Match(UUID beneficiaryId, String fullName, String communeCode, String via) {
    }

    /** One payment line as the lookup shows it. */
    public record Payment(LocalDate cycleMonth, UUID beneficiaryId, String reference, String kind, LocalDate forMonth,
            long amountVnd, String channel, int attempt, String state, String providerRef, OffsetDateTime paidAt,
            String failureCode, String pointName, String pointAddress, Integer firstDay, Integer lastDay,
            String openingHours, String account, UUID homeDeliveryId) {
    }

    public record Hits(int client, int id, OffsetDateTime windowEnd) {
    }

    private final Pool pool;

    public StatusRepository(Pool pool) {
        this.pool = pool;
    }

    /** The people a lookup answers for, their payment lines and the months they were held. */
    public record History(List<Match> matches, List<Payment> payments, List<Held> held) {
    }

    /** A month in which the beneficiary's payments were suspended. */
    public record Held(UUID beneficiaryId, LocalDate month) {
    }

    /**
     * The public lookup in one call of {@code status_lookup} (V15): the beneficiary whose ID and date of
     * birth these are, or those a confirmed, currently valid representative with this ID receives for and
     * whose date of birth this is, with their payments of {@code cycleMonths} (lines for {@code forMonths})
     * and held months. One call whatever the answer, so a miss costs the same whichever part was wrong.
     */
    public Uni<History> lookup(String nationalId, LocalDate dateOfBirth, LocalDate today, List<LocalDate> cycleMonths,
            List<LocalDate> forMonths) {
        return pool.preparedQuery("""
                select row_kind, beneficiary_id, full_name, commune_code, via, cycle_month, reference, kind, for_month,
                       amount_vnd, channel, attempt, state, provider_ref, paid_at, failure_code, point_name, point_address,
                       first_day, last_day, opening_hours, account, home_delivery_id
                from status_lookup($1, $2, $3, $4, $5)
                """).execute(Tuple.of(nationalId, dateOfBirth, today, cycleMonths.toArray(LocalDate[]::new),
                forMonths.toArray(LocalDate[]::new))).map(rows -> read(rows, new ArrayList<>(), 5));
    }

    /** The same history for beneficiaries already known (the staff view), from {@code status_history}. */
    public Uni<History> history(List<Match> matches, List<LocalDate> cycleMonths, List<LocalDate> forMonths) {
        return pool.preparedQuery("""
                select row_kind, beneficiary_id, cycle_month, reference, kind, for_month, amount_vnd, channel, attempt, state,
                       provider_ref, paid_at, failure_code, point_name, point_address, first_day, last_day, opening_hours,
                       account, home_delivery_id
                from status_history($1, $2, $3)
                """).execute(Tuple.of(matches.stream().map(Match::beneficiaryId).distinct().toArray(UUID[]::new),
                cycleMonths.toArray(LocalDate[]::new), forMonths.toArray(LocalDate[]::new)))
                .map(rows -> read(rows, new ArrayList<>(matches), 2));
    }

    /** Rows of kind M (a match), P (a payment) and H (a held month); payment columns start at {@code at}. */
    private static History read(RowSet<Row> rows, List<Match> matches, int at) {
        List<Payment> payments = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        for (Row r : rows) {
            switch (r.getString(0)) {
                case "M" -> matches.add(new Match(r.getUUID(1), r.getString(2), r.getString(3), r.getString(4)));
                case "H" -> held.add(new Held(r.getUUID(1), r.getLocalDate(at)));
                default -> payments.add(new Payment(r.getLocalDate(at), r.getUUID(1), r.getString(at + 1),
                        r.getString(at + 2), r.getLocalDate(at + 3), r.getLong(at + 4), r.getString(at + 5),
                        r.getInteger(at + 6), r.getString(at + 7), r.getString(at + 8), r.getOffsetDateTime(at + 9),
                        r.getString(at + 10), r.getString(at + 11), r.getString(at + 12), r.getInteger(at + 13),
                        r.getInteger(at + 14), r.getString(at + 15), r.getString(at + 16), r.getUUID(at + 17)));
            }
        }
        return new History(matches, payments, held);
    }

    public Uni<Match> matchById(UUID beneficiary) {
        return pool.preparedQuery("select id, full_name, commune_code from beneficiary where id = $1").execute(Tuple.of(beneficiary))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Match(r.getUUID(0), r.getString(1), r.getString(2), "STAFF");
                });
    }

    /** Counts this request against the client's and the ID's one-minute windows (of the service's clock). */
    public Uni<Hits> hit(String clientBucket, String idBucket, OffsetDateTime now) {
        return pool.preparedQuery("""
                insert into lookup_throttle (bucket, window_start, hits)
                values ($1, date_trunc('minute', $3::timestamptz), 1), ($2, date_trunc('minute', $3::timestamptz), 1)
                on conflict (bucket, window_start) do update set hits = lookup_throttle.hits + 1
                returning bucket, hits, window_start + interval '1 minute'
                """).execute(Tuple.of(clientBucket, idBucket, now)).map(rows -> {
                    int client = 0;
                    int id = 0;
                    OffsetDateTime end = null;
                    for (Row r : rows) {
                        if (r.getString(0).equals(clientBucket)) {
                            client = r.getInteger(1);
                        } else {
                            id = r.getInteger(1);
                        }
                        end = r.getOffsetDateTime(2);
                    }
                    return new Hits(client, id, end);
                });
    }

    /** Until when lookups of this ID are locked, or null. */
    public Uni<OffsetDateTime> lockedUntil(String idHash, OffsetDateTime now) {
        return pool.preparedQuery("select locked_until from lookup_lock where id_hash = $1 and locked_until > $2")
                .execute(Tuple.of(idHash, now)).map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getOffsetDateTime(0) : null);
    }

    /** Records a miss for the ID (misses older than an hour are forgotten) and locks it at the threshold. */
    public Uni<Void> miss(String idHash, int threshold, Duration lockFor, OffsetDateTime now) {
        return pool.preparedQuery("""
                insert into lookup_lock (id_hash, misses, first_miss_at, locked_until)
                values ($1, 1, $4::timestamptz, case when 1 >= $2 then $4::timestamptz + make_interval(secs => $3) end)
                on conflict (id_hash) do update set
                    misses = case when lookup_lock.first_miss_at < $4::timestamptz - interval '1 hour' then 1 else lookup_lock.misses + 1 end,
                    first_miss_at = case when lookup_lock.first_miss_at < $4::timestamptz - interval '1 hour' then $4::timestamptz
                                         else lookup_lock.first_miss_at end,
                    locked_until = case when (case when lookup_lock.first_miss_at < $4::timestamptz - interval '1 hour' then 1
                                                   else lookup_lock.misses + 1 end) >= $2
                                        then $4::timestamptz + make_interval(secs => $3) else lookup_lock.locked_until end
                """).execute(Tuple.of(idHash, threshold, (double) lockFor.toSeconds(), now)).replaceWithVoid();
    }

    /** Forgets windows and locks that no longer matter. */
    public Uni<Integer> purge(OffsetDateTime now) {
        return pool.preparedQuery("delete from lookup_throttle where window_start < $1::timestamptz - interval '1 hour'")
                .execute(Tuple.of(now))
                .flatMap(a -> pool.preparedQuery("delete from lookup_lock where coalesce(locked_until, first_miss_at) "
                        + "< $1::timestamptz - interval '1 day'").execute(Tuple.of(now)).map(b -> a.rowCount() + b.rowCount()));
    }
}
