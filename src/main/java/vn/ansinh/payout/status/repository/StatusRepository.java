package vn.ansinh.payout.status.repository;

import java.time.Instant;
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
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.status.service.GuessGuard;

/** Queries of the payment-status lookup: matching a person, their payments by month, and the shared limits. */
@ApplicationScoped
public class StatusRepository {

    /** A beneficiary the lookup may answer for, and how the asker relates to them. */
    public record Match(UUID beneficiaryId, String fullName, String communeCode, String via, String communeName) {
    }

    /** One payment line as the lookup shows it. */
    public record Payment(LocalDate cycleMonth, UUID beneficiaryId, String reference, String kind, LocalDate forMonth,
            long amountVnd, String channel, int attempt, String state, String providerRef, OffsetDateTime paidAt,
            String failureCode, String pointName, String pointAddress, Integer firstDay, Integer lastDay,
            String openingHours, String account, UUID homeDeliveryId) {
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

    /** What the gate of a lookup found: the ID's count this minute and its bookkeeping (null when not enforced). */
    public record Gate(int idHits, OffsetDateTime windowEnd, GuessGuard.State guard) {
    }

    /** A gated lookup: the gate (null when limits are off) and the history (empty when the gate stopped it). */
    public record Gated(Gate gate, History history) {
    }

    /**
     * The public lookup and its gate in one call of {@code status_lookup_gated} (V27): the ID's one-minute
     * count and its bookkeeping, then (unless it is locked and {@code pastLock} is false, or over its limit)
     * the beneficiary whose ID and date of birth these are, or those a confirmed, currently valid
     * representative with this ID receives for, with their payments of {@code cycleMonths} (lines for
     * {@code forMonths}) and held months. One call whatever the answer, so a miss costs the same whichever
     * part was wrong and whoever the ID belongs to.
     */
    public Uni<Gated> lookup(String idBucket, String idHash, OffsetDateTime now, int idLimit, boolean enforce, boolean pastLock,
            String nationalId, LocalDate dateOfBirth, LocalDate today, List<LocalDate> cycleMonths, List<LocalDate> forMonths) {
        return pool.preparedQuery("""
                select row_kind, beneficiary_id, full_name, commune_code, commune_name, via, cycle_month, reference, kind,
                       for_month, amount_vnd, channel, attempt, state, provider_ref, paid_at, failure_code, point_name,
                       point_address, first_day, last_day, opening_hours, account, home_delivery_id, id_hits, window_end,
                       g_version, g_lock_level, g_misses_since_lock, g_miss_day, g_misses_day, g_miss_month, g_misses_month,
                       g_last_miss_at, g_locked_until
                from status_lookup_gated($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """).execute(Tuple.from(new Object[] { idBucket, idHash, now, idLimit, enforce, pastLock, nationalId, dateOfBirth,
                today, cycleMonths.toArray(LocalDate[]::new), forMonths.toArray(LocalDate[]::new) }))
                .map(rows -> {
                    Gate gate = null;
                    for (Row r : rows) {
                        if ("G".equals(r.getString(0))) {
                            gate = new Gate(r.getInteger(24), r.getOffsetDateTime(25), guard(r, 26));
                        }
                    }
                    return new Gated(gate, read(rows, new ArrayList<>(), 6));
                });
    }

    private static GuessGuard.State guard(Row r, int at) {
        if (r.getInteger(at) == null) {
            return GuessGuard.State.NONE;
        }
        return new GuessGuard.State(r.getInteger(at), r.getInteger(at + 1), r.getInteger(at + 2), r.getLocalDate(at + 3),
                r.getInteger(at + 4), r.getLocalDate(at + 5), r.getInteger(at + 6), instant(r.getOffsetDateTime(at + 7)),
                instant(r.getOffsetDateTime(at + 8)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
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
                case "M" -> matches.add(new Match(r.getUUID(1), r.getString(2), r.getString(3), r.getString(5), r.getString(4)));
                case "G" -> {
                }
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
        return pool.preparedQuery("select b.id, b.full_name, b.commune_code, a.name, b.national_id from beneficiary b "
                + "left join area a on a.code = b.commune_code where b.id = $1").execute(Tuple.of(beneficiary))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Match(r.getUUID(0), r.getString(1), r.getString(2), "STAFF", r.getString(3));
                });
    }

    /**
     * Writes the ID's bookkeeping after a miss, if nobody changed it since it was read ({@code expected}'s
     * version; a new row if there was none). False when another miss came first: read again and retry.
     */
    public Uni<Boolean> saveGuard(String idHash, GuessGuard.State expected, GuessGuard.State next) {
        Tuple values = Tuple.from(new Object[] { idHash, next.version(), next.lockLevel(), next.missesSinceLock(), next.missDay(),
                next.missesDay(), next.missMonth(), next.missesMonth(), offset(next.lastMissAt()), offset(next.lockedUntil()),
                expected.version() });
        String sql = expected.isNew() && expected.version() == 0 ? """
                insert into lookup_guard (id_hash, version, lock_level, misses_since_lock, miss_day, misses_day, miss_month,
                                          misses_month, last_miss_at, locked_until)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (id_hash) do nothing
                returning $11::int
                """ : """
                update lookup_guard set version = $2, lock_level = $3, misses_since_lock = $4, miss_day = $5, misses_day = $6,
                       miss_month = $7, misses_month = $8, last_miss_at = $9, locked_until = $10
                where id_hash = $1 and version = $11
                """;
        return pool.preparedQuery(sql).execute(values).map(rows -> rows.rowCount() == 1);
    }

    /** One ID's bookkeeping, or {@link GuessGuard.State#NONE}. */
    public Uni<GuessGuard.State> guard(String idHash) {
        return pool.preparedQuery("""
                select version, lock_level, misses_since_lock, miss_day, misses_day, miss_month, misses_month, last_miss_at,
                       locked_until from lookup_guard where id_hash = $1""").execute(Tuple.of(idHash))
                .map(rows -> rows.iterator().hasNext() ? guard(rows.iterator().next(), 0) : GuessGuard.State.NONE);
    }

    /** Lifts a lock (commune staff) in the caller's transaction: the state as lifted, written if unchanged since read. */
    public Uni<Boolean> lift(SqlConnection c, String idHash, GuessGuard.State expected, GuessGuard.State lifted, OffsetDateTime at) {
        return c.preparedQuery("""
                update lookup_guard set version = $2, misses_since_lock = $3, misses_day = $4, misses_month = $5,
                       locked_until = null, lifted_at = $6
                where id_hash = $1 and version = $7""").execute(Tuple.from(new Object[] { idHash, lifted.version(),
                lifted.missesSinceLock(), lifted.missesDay(), lifted.missesMonth(), at, expected.version() }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The national IDs a lookup for this beneficiary can be made with: their own, and their representatives'. */
    public Uni<List<String[]>> lookupIds(UUID beneficiary) {
        return pool.preparedQuery("""
                select 'SELF', national_id from beneficiary where id = $1
                union all
                select 'REPRESENTATIVE', national_id from representative where beneficiary_id = $1 and confirmed_at is not null
                """).execute(Tuple.of(beneficiary)).map(rows -> {
                    List<String[]> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new String[] { r.getString(0), r.getString(1) });
                    }
                    return out;
                });
    }

    /** The phone a code for this ID and date of birth goes to ({@code status_code_phone}, V27), or null. */
    public Uni<String> codePhone(String nationalId, LocalDate dateOfBirth, LocalDate today) {
        return pool.preparedQuery("select phone_e164 from status_code_phone($1, $2, $3)")
                .execute(Tuple.of(nationalId, dateOfBirth, today))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Whether a code row was sent, and the codes already sent today to the ID and to the phone. */
    public record CodeRow(boolean sent, long sentToId, long sentToPhone) {
    }

    /**
     * Writes a code request, matched or not (the same work either way): it is to be sent when the ID and date
     * of birth matched a phone and neither the ID nor the phone had its codes for the day.
     */
    public Uni<CodeRow> insertCode(UUID id, String idHash, String phoneHash, String codeHash, OffsetDateTime now, LocalDate today,
            OffsetDateTime expires, int perIdPerDay, int perPhonePerDay) {
        return pool.preparedQuery("""
                with c as (select count(*) filter (where id_hash = $2) ids, count(*) filter (where phone_hash = $3) phones
                           from status_code where created_day = $6 and sent and (id_hash = $2 or phone_hash = $3))
                insert into status_code (id, id_hash, phone_hash, code_hash, created_at, created_day, expires_at, sent)
                select $1, $2, $3, $4, $5, $6, $7, $3::text is not null and c.ids < $8 and c.phones < $9 from c
                returning sent, (select ids from c), (select phones from c)
                """).execute(Tuple.from(new Object[] { id, idHash, phoneHash, codeHash, now, today, expires, perIdPerDay,
                perPhonePerDay })).map(rows -> {
                    Row r = rows.iterator().next();
                    return new CodeRow(r.getBoolean(0), r.getLong(1), r.getLong(2));
                });
    }

    /**
     * Checks a code against the newest code sent for the ID: right, unused, unexpired and within its
     * attempts, it is used up and true. Every check counts an attempt.
     */
    public Uni<Boolean> checkCode(String idHash, String codeHash, OffsetDateTime now, int attempts) {
        return pool.preparedQuery("""
                update status_code s set attempts = s.attempts + 1, used_at = case when s.code_hash = $2 then $3 end
                where s.id = (select id from status_code where id_hash = $1 and sent order by created_at desc limit 1)
                  and s.used_at is null and s.expires_at > $3 and s.attempts < $4
                returning s.used_at is not null
                """).execute(Tuple.of(idHash, codeHash, now, attempts))
                .map(rows -> rows.iterator().hasNext() && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
    }

    public Pool pool() {
        return pool;
    }

    private static OffsetDateTime offset(Instant t) {
        return t == null ? null : t.atOffset(java.time.ZoneOffset.ofHours(7));
    }

    /** Forgets windows that no longer matter, and bookkeeping of IDs without a miss for a year and no lock. */
    public Uni<Integer> purge(OffsetDateTime now) {
        return pool.preparedQuery("delete from lookup_throttle where window_start < $1::timestamptz - interval '1 hour'")
                .execute(Tuple.of(now))
                .flatMap(a -> pool.preparedQuery("delete from lookup_guard where last_miss_at < $1::timestamptz - interval '366 days' "
                        + "and (locked_until is null or locked_until < $1::timestamptz)").execute(Tuple.of(now))
                        .map(b -> a.rowCount() + b.rowCount()))
                .flatMap(n -> pool.preparedQuery("delete from status_code where created_at < $1::timestamptz - interval '2 days'")
                        .execute(Tuple.of(now)).map(c -> n + c.rowCount()));
    }
}
