package vn.ansinh.payout.delivery.repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;

/** SQL of home deliveries: lists, assignment, confirmations with their photos and flags, cash custody. */
@ApplicationScoped
public class DeliveryRepository {

    /** A delivery as the field officer needs it at the door, and as officers list it. */
    public record Delivery(UUID id, UUID cycleId, LocalDate month, String cycleCode, int lineNo, int attempt,
            String communeCode, long amountVnd, String status, String assignedTo, OffsetDateTime assignedAt,
            UUID beneficiaryId, String fullName, String nationalId, String address, String phone,
            String representativeName, String representativePhone, String representativeRelationship,
            int visits, String lastOutcome, String pointName, Integer firstDay, Integer lastDay) {
    }

    /** A delivery locked for a confirmation, with what decides whether this officer may confirm it. */
    public record Locked(UUID id, UUID cycleId, String cycleStatus, LocalDate month, long lineId, int attempt,
            String communeCode, long amountVnd, String status, UUID beneficiaryId, boolean currentAssignee,
            boolean assignedAtCapture, boolean carriedOver, String settledAs) {
    }

    public record Confirmation(UUID id, UUID deliveryId, String outcome, boolean isFinal, String recipient,
            UUID representativeId, long amountVnd, OffsetDateTime capturedAt, OffsetDateTime deviceSentAt,
            Double latitude, Double longitude, Double accuracyM, String note, String confirmedBy,
            OffsetDateTime receivedAt, String requestSha256) {
    }

    public record Photo(UUID id, UUID confirmationId, String kind, int position, String mediaType, long sizeBytes,
            int width, int height, String sha256, String store, String storageKey, OffsetDateTime exifCapturedAt,
            Double exifLatitude, Double exifLongitude) {
    }

    public record Flag(long id, UUID confirmationId, String kind, JsonObject detail, OffsetDateTime raisedAt,
            String reviewedBy, OffsetDateTime reviewedAt, String resolution, String reviewNote) {
    }

    /** A flag in the review queue, with where and by whom. */
    public record QueuedFlag(Flag flag, UUID deliveryId, String communeCode, String confirmedBy, String outcome,
            OffsetDateTime capturedAt) {
    }

    /** Facts the fraud signals need, read in the confirmation's transaction. */
    public record Facts(List<UUID> duplicatePhotoDeliveries, Double referenceLatitude, Double referenceLongitude,
            int confirmationsWithinHour, String statusInForce) {
    }

    /** One officer's cash for a cycle. */
    public record Custody(String officer, long advancedVnd, long deliveredVnd, long returnedVnd, int delivered,
            int open, long openVnd, int failed) {
    }

    private static final String DELIVERY_SELECT = """
            select d.id, d.cycle_id, c.month, c.code, l.line_no, d.attempt, d.commune_code, d.amount_vnd, d.status,
                   d.assigned_to, d.assigned_at, b.id, b.full_name, b.national_id, b.address_line, b.phone_e164,
                   rep.full_name, rep.phone_e164, rep.relationship,
                   (select count(*) from delivery_confirmation x where x.delivery_id = d.id)::int,
                   (select x.outcome from delivery_confirmation x where x.delivery_id = d.id order by x.received_at desc limit 1),
                   pp.name, pp.first_day, pp.last_day
            from home_delivery d
            join payment_cycle c on c.id = d.cycle_id
            join payment_line l on l.id = d.line_id
            join beneficiary b on b.id = d.beneficiary_id
            left join lateral (select r.full_name, r.phone_e164, r.relationship from representative r
                               where r.beneficiary_id = b.id and r.confirmed_at is not null
                                 and r.valid_from <= $1 and (r.valid_to is null or r.valid_to >= $1)
                               order by r.created_at desc limit 1) rep on true
            left join lateral (select p.name, p.first_day, p.last_day from payment_point p
                               where p.commune_code = d.commune_code and p.active order by p.created_at limit 1) pp on true
            """;

    private final Pool pool;
    private final Clock clock;

    public DeliveryRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Deliveries in the given communes, optionally only one officer's, one cycle's or one status, ordered
     * by commune and id, after the given id (keyset paging).
     */
    public Uni<List<Delivery>> list(LocalDate today, Set<String> communes, String assignee, UUID cycle, String status,
            UUID after, int limit) {
        return pool.preparedQuery(DELIVERY_SELECT + """
                where d.commune_code = any($2) and ($3::text is null or d.assigned_to = $3)
                  and ($4::uuid is null or d.cycle_id = $4) and ($5::text is null or d.status = $5)
                  and ($6::uuid is null or d.id > $6)
                order by d.id limit $7
                """).execute(Tuple.from(Arrays.asList(today, communes.toArray(String[]::new), assignee, cycle, status, after,
                limit))).map(DeliveryRepository::deliveries);
    }

    public Uni<Delivery> get(LocalDate today, UUID id) {
        return pool.preparedQuery(DELIVERY_SELECT + " where d.id = $2").execute(Tuple.of(today, id))
                .map(rows -> {
                    List<Delivery> list = deliveries(rows);
                    return list.isEmpty() ? null : list.get(0);
                });
    }

    private static List<Delivery> deliveries(RowSet<Row> rows) {
        List<Delivery> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Delivery(r.getUUID(0), r.getUUID(1), r.getLocalDate(2), r.getString(3), r.getInteger(4),
                    r.getInteger(5), r.getString(6), r.getLong(7), r.getString(8), r.getString(9), r.getOffsetDateTime(10),
                    r.getUUID(11), r.getString(12), r.getString(13), r.getString(14), r.getString(15), r.getString(16),
                    r.getString(17), r.getString(18), r.getInteger(19), r.getString(20), r.getString(21),
                    r.getInteger(22), r.getInteger(23)));
        }
        return out;
    }

    /**
     * Assigns the cycle's open deliveries (the listed ones, or all of a commune's) that lie in the given
     * communes to the officer, ending the previous assignment of each. Returns the ids assigned; those
     * already assigned to this officer are left as they are and not returned.
     */
    public Uni<List<UUID>> assign(SqlConnection c, UUID cycle, List<UUID> ids, String commune, Set<String> communes,
            String officer, String by) {
        return c.preparedQuery("""
                select d.id from home_delivery d
                where d.cycle_id = $1 and d.status = 'OPEN' and d.commune_code = any($4)
                  and ($2::uuid[] is null or d.id = any($2)) and ($3::text is null or d.commune_code = $3)
                  and d.assigned_to is distinct from $5
                order by d.id
                for update
                """).execute(Tuple.from(Arrays.asList(cycle, ids == null ? null : ids.toArray(UUID[]::new), commune,
                communes.toArray(String[]::new), officer))).flatMap(rows -> {
                    List<UUID> target = new ArrayList<>();
                    rows.forEach(r -> target.add(r.getUUID(0)));
                    if (target.isEmpty()) {
                        return Uni.createFrom().item(target);
                    }
                    UUID[] array = target.toArray(UUID[]::new);
                    // the previous assignment ends when the new one starts (one current assignment per delivery), at
                    // the time read now that the rows are locked, not at the transaction's start: a transaction that
                    // waited for the row lock must not end the previous assignment before it began
                    // never before the previous assignment began, whatever this replica's clock says (periods stay
                    // ordered: the table checks unassigned_at >= assigned_at, and assigned_at is in the key)
                    OffsetDateTime at = clock.offsetNow();
                    return c.preparedQuery("update delivery_assignment set unassigned_at = greatest($2, assigned_at + "
                            + "interval '1 microsecond') where delivery_id = any($1) and unassigned_at is null")
                            .execute(Tuple.of(array, at))
                            .flatMap(x -> c.preparedQuery("""
                                    insert into delivery_assignment (delivery_id, officer, assigned_at, assigned_by)
                                    select i, $2, greatest($4, (select max(a.unassigned_at) from delivery_assignment a
                                                                where a.delivery_id = i)), $3
                                    from unnest($1::uuid[]) i
                                    """).execute(Tuple.of(array, officer, by, at)))
                            .flatMap(x -> c.preparedQuery("""
                                    update home_delivery d set assigned_to = $2, assigned_by = $3,
                                        assigned_at = (select a.assigned_at from delivery_assignment a
                                                       where a.delivery_id = d.id and a.unassigned_at is null)
                                    where d.id = any($1)""").execute(Tuple.of(array, officer, by)))
                            .map(x -> target);
                });
    }

    /** Deliveries among {@code ids} that are not in the cycle, not open, or outside the communes. */
    public Uni<List<UUID>> notAssignable(SqlClient c, UUID cycle, List<UUID> ids, Set<String> communes) {
        return c.preparedQuery("""
                select i from unnest($2::uuid[]) i
                where not exists (select 1 from home_delivery d where d.id = i and d.cycle_id = $1 and d.status = 'OPEN'
                                  and d.commune_code = any($3))
                """).execute(Tuple.of(cycle, ids.toArray(UUID[]::new), communes.toArray(String[]::new))).map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** The commune of a delivery, or null when there is no such delivery. */
    public Uni<String> communeOf(UUID id) {
        return pool.preparedQuery("select commune_code from home_delivery where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Locks the delivery's row for the rest of the transaction; false when there is no such delivery. */
    public Uni<Boolean> lock(SqlConnection c, UUID id) {
        return c.preparedQuery("select id from home_delivery where id = $1 for update").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext());
    }

    /**
     * The locked delivery and what decides whether {@code officer} may confirm it as captured at
     * {@code capturedAt}. A statement of its own after the lock, so that it sees what committed while
     * the lock was awaited (a reassignment, a result, a carry-over).
     */
    public Uni<Locked> locked(SqlConnection c, UUID id, String officer, OffsetDateTime capturedAt) {
        return c.preparedQuery("""
                select d.id, d.cycle_id, c.status, c.month, d.line_id, d.attempt, d.commune_code, d.amount_vnd, d.status,
                       d.beneficiary_id,
                       exists (select 1 from delivery_assignment a where a.delivery_id = d.id and a.officer = $2
                               and a.unassigned_at is null),
                       exists (select 1 from delivery_assignment a where a.delivery_id = d.id and a.officer = $2
                               and a.assigned_at <= $3 and (a.unassigned_at is null or a.unassigned_at > $3)),
                       exists (select 1 from payment_carry_over co where co.line_id = d.line_id),
                       (select r.outcome from payment_result r where r.line_id = d.line_id and r.attempt = d.attempt)
                from home_delivery d join payment_cycle c on c.id = d.cycle_id
                where d.id = $1
                """).execute(Tuple.of(id, officer, capturedAt)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Locked(r.getUUID(0), r.getUUID(1), r.getString(2), r.getLocalDate(3), r.getLong(4),
                            r.getInteger(5), r.getString(6), r.getLong(7), r.getString(8), r.getUUID(9), r.getBoolean(10),
                            r.getBoolean(11), r.getBoolean(12), r.getString(13));
                });
    }

    /** The representative of the beneficiary with this national ID, confirmed and valid on {@code day}. */
    public Uni<UUID> representative(SqlClient c, UUID beneficiary, String nationalId, LocalDate day) {
        return c.preparedQuery("""
                select id from representative where beneficiary_id = $1 and national_id = $2 and confirmed_at is not null
                  and valid_from <= $3 and (valid_to is null or valid_to >= $3)
                order by created_at desc limit 1
                """).execute(Tuple.of(beneficiary, nationalId, day))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
    }

    private static final String CONFIRMATION_SELECT = """
            select id, delivery_id, outcome, final, recipient, representative_id, amount_vnd, captured_at, device_sent_at,
                   latitude, longitude, accuracy_m, note, confirmed_by, received_at, request_sha256
            from delivery_confirmation
            """;

    public Uni<Confirmation> confirmation(SqlClient c, UUID id) {
        return c.preparedQuery(CONFIRMATION_SELECT + " where id = $1").execute(Tuple.of(id)).map(rows -> {
            List<Confirmation> list = confirmations(rows);
            return list.isEmpty() ? null : list.get(0);
        });
    }

    /** The confirmation that closed the delivery, if any. */
    public Uni<Confirmation> finalConfirmation(SqlClient c, UUID delivery) {
        return c.preparedQuery(CONFIRMATION_SELECT + " where delivery_id = $1 and final").execute(Tuple.of(delivery))
                .map(rows -> {
                    List<Confirmation> list = confirmations(rows);
                    return list.isEmpty() ? null : list.get(0);
                });
    }

    public Uni<List<Confirmation>> confirmationsOf(UUID delivery) {
        return pool.preparedQuery(CONFIRMATION_SELECT + " where delivery_id = $1 order by received_at")
                .execute(Tuple.of(delivery)).map(DeliveryRepository::confirmations);
    }

    private static List<Confirmation> confirmations(RowSet<Row> rows) {
        List<Confirmation> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Confirmation(r.getUUID(0), r.getUUID(1), r.getString(2), r.getBoolean(3), r.getString(4),
                    r.getUUID(5), r.getLong(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8), r.getDouble(9),
                    r.getDouble(10), r.getDouble(11), r.getString(12), r.getString(13), r.getOffsetDateTime(14),
                    r.getString(15)));
        }
        return out;
    }

    public Uni<Void> insertConfirmation(SqlConnection c, Confirmation x) {
        return c.preparedQuery("""
                insert into delivery_confirmation (id, delivery_id, outcome, recipient, representative_id, amount_vnd,
                    captured_at, device_sent_at, latitude, longitude, accuracy_m, note, confirmed_by, request_sha256)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """).execute(Tuple.from(Arrays.asList(x.id(), x.deliveryId(), x.outcome(), x.recipient(),
                x.representativeId(), x.amountVnd(), x.capturedAt(), x.deviceSentAt(), x.latitude(), x.longitude(),
                x.accuracyM(), x.note(), x.confirmedBy(), x.requestSha256()))).replaceWithVoid();
    }

    public Uni<Void> insertPhoto(SqlConnection c, Photo p) {
        return c.preparedQuery("""
                insert into delivery_photo (id, confirmation_id, kind, position, media_type, size_bytes, width, height,
                    sha256, store, storage_key, exif_captured_at, exif_latitude, exif_longitude)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """).execute(Tuple.from(Arrays.asList(p.id(), p.confirmationId(), p.kind(), (short) p.position(),
                p.mediaType(), p.sizeBytes(), p.width(), p.height(), p.sha256(), p.store(), p.storageKey(),
                p.exifCapturedAt(), p.exifLatitude(), p.exifLongitude()))).replaceWithVoid();
    }

    private static final String PHOTO_SELECT = """
            select id, confirmation_id, kind, position, media_type, size_bytes, width, height, sha256, store, storage_key,
                   exif_captured_at, exif_latitude, exif_longitude
            from delivery_photo
            """;

    public Uni<List<Photo>> photosOf(SqlClient c, List<UUID> confirmations) {
        return c.preparedQuery(PHOTO_SELECT + " where confirmation_id = any($1) order by confirmation_id, kind, position")
                .execute(Tuple.of(confirmations.toArray(UUID[]::new))).map(DeliveryRepository::photos);
    }

    /** A photo of a confirmation of this delivery. */
    public Uni<Photo> photo(UUID delivery, UUID photo) {
        return pool.preparedQuery(PHOTO_SELECT.replace("from delivery_photo", "from delivery_photo p") + """
                 where p.id = $2 and exists (select 1 from delivery_confirmation x where x.id = p.confirmation_id
                                              and x.delivery_id = $1)
                """).execute(Tuple.of(delivery, photo)).map(rows -> {
                    List<Photo> list = photos(rows);
                    return list.isEmpty() ? null : list.get(0);
                });
    }

    private static List<Photo> photos(RowSet<Row> rows) {
        List<Photo> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Photo(r.getUUID(0), r.getUUID(1), r.getString(2), r.getInteger(3), r.getString(4), r.getLong(5),
                    r.getInteger(6), r.getInteger(7), r.getString(8), r.getString(9), r.getString(10),
                    r.getOffsetDateTime(11), r.getDouble(12), r.getDouble(13)));
        }
        return out;
    }

    /** What the fraud signals of a just-inserted confirmation need. */
    public Uni<Facts> facts(SqlConnection c, UUID confirmation, UUID delivery, String officer, OffsetDateTime capturedAt,
            UUID beneficiary, String commune, LocalDate month) {
        return c.preparedQuery("""
                select array(select distinct x.delivery_id from delivery_photo p
                             join delivery_photo q on q.sha256 = p.sha256 and q.confirmation_id <> p.confirmation_id
                             join delivery_confirmation x on x.id = q.confirmation_id
                             where p.confirmation_id = $1 and x.delivery_id <> $2 order by 1),
                       (select latitude from commune_reference_point where commune_code = $6),
                       (select longitude from commune_reference_point where commune_code = $6),
                       (select count(*) from delivery_confirmation x where x.confirmed_by = $3
                          and x.captured_at > $4::timestamptz - interval '1 hour'
                          and x.captured_at < $4::timestamptz + interval '1 hour')::int,
                       (select s.to_status from beneficiary_status_change s
                        where s.beneficiary_id = $5 and s.effective_month <= $7
                        order by s.effective_month desc, s.recorded_at desc limit 1)
                """).execute(Tuple.from(Arrays.asList(confirmation, delivery, officer, capturedAt, beneficiary, commune, month)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    UUID[] dups = r.getArrayOfUUIDs(0);
                    return new Facts(dups == null ? List.of() : List.of(dups), r.getDouble(1), r.getDouble(2),
                            r.getInteger(3), r.getString(4));
                });
    }

    public Uni<Void> insertFlags(SqlConnection c, UUID confirmation, List<String> kinds, List<JsonObject> details) {
        if (kinds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            rows.add(Tuple.of(confirmation, kinds.get(i), details.get(i).encode()));
        }
        return c.preparedQuery("insert into delivery_flag (confirmation_id, kind, detail) values ($1, $2, $3::jsonb)")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<List<Flag>> flagsOf(SqlClient c, List<UUID> confirmations) {
        return c.preparedQuery("""
                select id, confirmation_id, kind, detail, raised_at, reviewed_by, reviewed_at, resolution, review_note
                from delivery_flag where confirmation_id = any($1) order by id
                """).execute(Tuple.of(confirmations.toArray(UUID[]::new))).map(rows -> {
                    List<Flag> out = new ArrayList<>();
                    rows.forEach(r -> out.add(flag(r, 0)));
                    return out;
                });
    }

    private static Flag flag(Row r, int at) {
        Object detail = r.getValue(at + 3);
        return new Flag(r.getLong(at), r.getUUID(at + 1), r.getString(at + 2),
                detail instanceof JsonObject j ? j : new JsonObject(String.valueOf(detail)), r.getOffsetDateTime(at + 4),
                r.getString(at + 5), r.getOffsetDateTime(at + 6), r.getString(at + 7), r.getString(at + 8));
    }

    /** The review queue: flags in the communes, open ones only unless {@code all}, oldest first, after {@code after}. */
    public Uni<List<QueuedFlag>> queue(Set<String> communes, boolean all, long after, int limit) {
        return pool.preparedQuery("""
                select f.id, f.confirmation_id, f.kind, f.detail, f.raised_at, f.reviewed_by, f.reviewed_at, f.resolution,
                       f.review_note, d.id, d.commune_code, x.confirmed_by, x.outcome, x.captured_at
                from delivery_flag f
                join delivery_confirmation x on x.id = f.confirmation_id
                join home_delivery d on d.id = x.delivery_id
                where d.commune_code = any($1) and ($2 or f.reviewed_at is null) and f.id > $3
                order by f.id limit $4
                """).execute(Tuple.of(communes.toArray(String[]::new), all, after, limit)).map(rows -> {
                    List<QueuedFlag> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new QueuedFlag(flag(r, 0), r.getUUID(9), r.getString(10), r.getString(11), r.getString(12),
                                r.getOffsetDateTime(13)));
                    }
                    return out;
                });
    }

    /** Records a person's review of an open flag; returns the flag's commune, or null if no open flag has this id. */
    public Uni<String> review(SqlConnection c, long flag, String resolution, String note, String by) {
        return c.preparedQuery("""
                update delivery_flag f set reviewed_by = $4, reviewed_at = $5, resolution = $2, review_note = $3
                from delivery_confirmation x join home_delivery d on d.id = x.delivery_id
                where f.id = $1 and f.reviewed_at is null and x.id = f.confirmation_id
                returning d.commune_code
                """).execute(Tuple.of(flag, resolution, note, by, clock.offsetNow()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** The commune of a flag's delivery, or null. */
    public Uni<String> flagCommune(long flag) {
        return pool.preparedQuery("select d.commune_code from delivery_flag f join delivery_confirmation x on x.id = "
                + "f.confirmation_id join home_delivery d on d.id = x.delivery_id where f.id = $1").execute(Tuple.of(flag))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Closes a delivery after a final confirmation. */
    public Uni<Void> close(SqlConnection c, UUID delivery, String status) {
        return c.preparedQuery("update home_delivery set status = $2, closed_at = $3 where id = $1")
                .execute(Tuple.of(delivery, status, clock.offsetNow())).replaceWithVoid();
    }

    /**
     * The payment result of the line's attempt, from the confirmation. A result already there (the
     * provider's file came first) is kept; the reconciliation reports any disagreement.
     */
    public Uni<Void> result(SqlConnection c, long line, int attempt, String outcome, String ref, OffsetDateTime paidAt,
            String failureCode, String failureDetail) {
        return c.preparedQuery("""
                insert into payment_result (line_id, attempt, outcome, provider_ref, paid_at, failure_code, failure_detail, source)
                values ($1, $2, $3, $4, $5, $6, $7, 'DELIVERY')
                on conflict (line_id, attempt) do nothing
                """).execute(Tuple.from(Arrays.asList(line, (short) attempt, outcome, ref, paidAt, failureCode, failureDetail)))
                .replaceWithVoid();
    }

    public Uni<Void> setReferencePoint(SqlClient c, String commune, double latitude, double longitude, String by) {
        return c.preparedQuery("""
                insert into commune_reference_point (commune_code, latitude, longitude, set_by) values ($1, $2, $3, $4)
                on conflict (commune_code) do update set latitude = excluded.latitude, longitude = excluded.longitude,
                    set_by = excluded.set_by, set_at = $5
                """).execute(Tuple.of(commune, latitude, longitude, by, clock.offsetNow())).replaceWithVoid();
    }

    /** The province of a cycle, or null when there is no such cycle. */
    public Uni<String> cycleProvince(UUID cycle) {
        return pool.preparedQuery("select province_code from payment_cycle where id = $1").execute(Tuple.of(cycle))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Cash per officer for the cycle, restricted to deliveries in the communes. */
    public Uni<List<Custody>> custody(UUID cycle) {
        return pool.preparedQuery("""
                with moves as (
                    select officer, coalesce(sum(amount_vnd) filter (where kind = 'ADVANCE'), 0) advanced,
                           coalesce(sum(amount_vnd) filter (where kind = 'RETURN'), 0) returned
                    from delivery_cash_movement where cycle_id = $1 group by officer),
                delivered as (
                    select x.confirmed_by officer, sum(x.amount_vnd) amount, count(*) n
                    from delivery_confirmation x join home_delivery d on d.id = x.delivery_id
                    where d.cycle_id = $1 and x.outcome = 'DELIVERED' group by x.confirmed_by),
                held as (
                    select assigned_to officer, count(*) filter (where status = 'OPEN') open,
                           coalesce(sum(amount_vnd) filter (where status = 'OPEN'), 0) open_amount,
                           count(*) filter (where status = 'FAILED') failed
                    from home_delivery where cycle_id = $1 and assigned_to is not null group by assigned_to),
                officers as (select officer from moves union select officer from delivered union select officer from held)
                select o.officer, coalesce(m.advanced, 0), coalesce(dl.amount, 0), coalesce(m.returned, 0),
                       coalesce(dl.n, 0)::int, coalesce(h.open, 0)::int, coalesce(h.open_amount, 0), coalesce(h.failed, 0)::int
                from officers o
                left join moves m on m.officer = o.officer
                left join delivered dl on dl.officer = o.officer
                left join held h on h.officer = o.officer
                order by o.officer
                """).execute(Tuple.of(cycle)).map(rows -> {
                    List<Custody> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Custody(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getInteger(4),
                                r.getInteger(5), r.getLong(6), r.getInteger(7)));
                    }
                    return out;
                });
    }

    /** Records a cash movement once: the same id again changes nothing. Returns whether it was new. */
    public Uni<Boolean> cashMovement(SqlConnection c, UUID id, UUID cycle, String officer, String kind, long amount,
            String by, String note) {
        return c.preparedQuery("""
                insert into delivery_cash_movement (id, cycle_id, officer, kind, amount_vnd, recorded_by, note)
                values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing
                """).execute(Tuple.from(Arrays.asList(id, cycle, officer, kind, amount, by, note)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A recorded cash movement. */
    public record Movement(UUID id, UUID cycleId, String officer, String kind, long amountVnd) {
    }

    public Uni<Movement> movement(SqlConnection c, UUID id) {
        return c.preparedQuery("select id, cycle_id, officer, kind, amount_vnd from delivery_cash_movement where id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Movement(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getLong(4));
                });
    }

    /** The cycle's status, its row share-locked for the transaction (closing takes it exclusively). */
    public Uni<String> cycleStatusShared(SqlConnection c, UUID cycle) {
        return c.preparedQuery("select status from payment_cycle where id = $1 for share").execute(Tuple.of(cycle))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** The cash the officer holds for the cycle now: advanced − delivered − returned (locks the officer's moves). */
    public Uni<Long> held(SqlConnection c, UUID cycle, String officer) {
        return c.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
                .execute(Tuple.of(cycle.toString(), officer))
                .flatMap(x -> c.preparedQuery("""
                        select coalesce((select sum(case kind when 'ADVANCE' then amount_vnd else -amount_vnd end)
                                         from delivery_cash_movement where cycle_id = $1 and officer = $2), 0)
                             - coalesce((select sum(x.amount_vnd) from delivery_confirmation x
                                         join home_delivery d on d.id = x.delivery_id
                                         where d.cycle_id = $1 and x.confirmed_by = $2 and x.outcome = 'DELIVERED'), 0)
                        """).execute(Tuple.of(cycle, officer)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A status review the commune must look at: what the home delivery found and whether a status was decided since. */
    public record StatusReview(UUID id, UUID beneficiaryId, String communeCode, String reason, UUID deliveryId,
            UUID confirmationId, String openedBy, OffsetDateTime openedAt, String statusSince) {
    }

    /** Opens the review of a beneficiary found deceased at a home delivery (once per delivery). */
    public Uni<Void> openStatusReview(SqlConnection c, Locked d, UUID confirmation, String by, OffsetDateTime at) {
        return c.preparedQuery("""
                insert into status_review (id, beneficiary_id, commune_code, reason, delivery_id, confirmation_id, opened_by, opened_at)
                values ($1, $2, $3, 'REPORTED_DECEASED', $4, $5, $6, $7) on conflict do nothing""")
                .execute(Tuple.from(List.of(UUID.randomUUID(), d.beneficiaryId(), d.communeCode(), d.id(), confirmation, by, at)))
                .replaceWithVoid();
    }

    /**
     * Reviews of the areas, newest first; open ones only unless {@code all}: a review is settled once a status
     * change of the person is recorded after it was opened.
     */
    public Uni<List<StatusReview>> statusReviews(java.util.Collection<String> areas, boolean all) {
        if (areas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("""
                select r.id, r.beneficiary_id, r.commune_code, r.reason, r.delivery_id, r.confirmation_id, r.opened_by, r.opened_at,
                       (select s.to_status || ':' || s.reason from beneficiary_status_change s
                        where s.beneficiary_id = r.beneficiary_id and s.recorded_at >= r.opened_at
                        order by s.recorded_at desc limit 1) as status_since
                from status_review r where r.commune_code = any($1::text[])
                order by r.opened_at desc, r.id limit 500""").execute(Tuple.of(areas.toArray(String[]::new))).map(rows -> {
                    List<StatusReview> out = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        String since = r.getString("status_since");
                        if (all || since == null) {
                            out.add(new StatusReview(r.getUUID("id"), r.getUUID("beneficiary_id"), r.getString("commune_code"),
                                    r.getString("reason"), r.getUUID("delivery_id"), r.getUUID("confirmation_id"),
                                    r.getString("opened_by"), r.getOffsetDateTime("opened_at"), since));
                        }
                    }
                    return out;
                });
    }
}
