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

    /**
     * The beneficiary whose ID and date of birth these are, or the beneficiaries a confirmed, currently
     * valid representative with this ID receives for and whose date of birth this is. One statement
     * whatever the answer, so a miss costs the same whichever part was wrong.
     */
    public Uni<List<Match>> match(String nationalId, LocalDate dateOfBirth, LocalDate today) {
        return pool.preparedQuery("""
                select b.id, b.full_name, b.commune_code, 'SELF' from beneficiary b
                where b.national_id = $1 and b.date_of_birth = $2
                union all
                select b.id, b.full_name, b.commune_code, 'REPRESENTATIVE'
                from representative r join beneficiary b on b.id = r.beneficiary_id
                where r.national_id = $1 and b.date_of_birth = $2 and r.confirmed_at is not null
                  and r.valid_from <= $3 and (r.valid_to is null or r.valid_to >= $3)
                """).execute(Tuple.of(nationalId, dateOfBirth, today)).map(rows -> {
                    List<Match> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Match(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3)));
                    }
                    return out;
                });
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

    /**
     * Payment lines of approved cycles of the given months for these beneficiaries, with where each
     * stands. Regular and arrears lines are found through the entitlements, the others by person; the
     * lines are found first (a few dozen index probes), then joined to their cycles and outcomes.
     */
    public Uni<List<Payment>> payments(List<UUID> beneficiaries, List<LocalDate> cycleMonths, List<LocalDate> forMonths) {
        return pool.preparedQuery("""
                with lines as materialized (
                    select l.* from entitlement e
                    join payment_line l on l.entitlement_id = e.id and l.for_month = any($3) and l.kind in ('REGULAR', 'ARREARS')
                    where e.beneficiary_id = any($1)
                    union all
                    select l.* from payment_line l
                    where l.beneficiary_id = any($1) and l.for_month = any($3) and l.kind not in ('REGULAR', 'ARREARS'))
                select c.month, l.beneficiary_id, c.code || '-' || l.line_no, l.kind, l.for_month, l.amount_vnd,
                       coalesce(rr.channel, l.channel), coalesce(rr.attempt, 1),
                       case when co.line_id is not null then 'CARRIED_OVER' when res.outcome is not null then res.outcome
                            else 'SCHEDULED' end,
                       res.provider_ref, res.paid_at, res.failure_code,
                       pp.name, pp.address, pp.first_day, pp.last_day, pp.opening_hours,
                       coalesce(m.account_number, m.wallet_account), hd.id
                from lines l
                join payment_cycle c on c.id = l.cycle_id and c.month = any($2) and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
                left join lateral (select r.attempt, r.channel, r.payment_point_id from payment_reroute r where r.line_id = l.id
                                   order by r.attempt desc limit 1) rr on true
                left join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1)
                left join payment_carry_over co on co.line_id = l.id
                left join payment_method m on m.id = l.payment_method_id
                left join home_delivery hd on hd.line_id = l.id and hd.attempt = coalesce(rr.attempt, 1)
                left join lateral (select p.* from payment_point p
                                   where p.id = coalesce(rr.payment_point_id, l.payment_point_id)
                                      or (coalesce(rr.payment_point_id, l.payment_point_id) is null
                                          and p.commune_code = l.commune_code and p.active)
                                   order by p.id = coalesce(rr.payment_point_id, l.payment_point_id) desc nulls last, p.created_at
                                   limit 1) pp on true
                order by c.month desc, l.line_no
                """).execute(Tuple.of(beneficiaries.toArray(UUID[]::new), cycleMonths.toArray(LocalDate[]::new),
                forMonths.toArray(LocalDate[]::new))).map(rows -> {
                    List<Payment> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Payment(r.getLocalDate(0), r.getUUID(1), r.getString(2), r.getString(3), r.getLocalDate(4),
                                r.getLong(5), r.getString(6), r.getInteger(7), r.getString(8), r.getString(9),
                                r.getOffsetDateTime(10), r.getString(11), r.getString(12), r.getString(13),
                                r.getInteger(14), r.getInteger(15), r.getString(16), r.getString(17), r.getUUID(18)));
                    }
                    return out;
                });
    }

    /** Months among the given ones in which the beneficiary's payments were suspended (held). */
    public Uni<List<LocalDate>> heldMonths(UUID beneficiary, List<LocalDate> months) {
        return pool.preparedQuery("""
                select m from unnest($2::date[]) m
                where coalesce((select s.to_status from beneficiary_status_change s
                                where s.beneficiary_id = $1 and s.effective_month <= m
                                order by s.effective_month desc, s.recorded_at desc limit 1), 'ACTIVE') = 'SUSPENDED'
                """).execute(Tuple.of(beneficiary, months.toArray(LocalDate[]::new))).map(rows -> {
                    List<LocalDate> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getLocalDate(0)));
                    return out;
                });
    }

    /** Counts this request against the client's and the ID's one-minute windows. */
    public Uni<Hits> hit(String clientBucket, String idBucket) {
        return pool.preparedQuery("""
                insert into lookup_throttle (bucket, window_start, hits)
                values ($1, date_trunc('minute', now()), 1), ($2, date_trunc('minute', now()), 1)
                on conflict (bucket, window_start) do update set hits = lookup_throttle.hits + 1
                returning bucket, hits, window_start + interval '1 minute'
                """).execute(Tuple.of(clientBucket, idBucket)).map(rows -> {
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
    public Uni<OffsetDateTime> lockedUntil(String idHash) {
        return pool.preparedQuery("select locked_until from lookup_lock where id_hash = $1 and locked_until > now()")
                .execute(Tuple.of(idHash)).map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getOffsetDateTime(0) : null);
    }

    /** Records a miss for the ID (misses older than an hour are forgotten) and locks it at the threshold. */
    public Uni<Void> miss(String idHash, int threshold, Duration lockFor) {
        return pool.preparedQuery("""
                insert into lookup_lock (id_hash, misses, first_miss_at, locked_until)
                values ($1, 1, now(), case when 1 >= $2 then now() + make_interval(secs => $3) end)
                on conflict (id_hash) do update set
                    misses = case when lookup_lock.first_miss_at < now() - interval '1 hour' then 1 else lookup_lock.misses + 1 end,
                    first_miss_at = case when lookup_lock.first_miss_at < now() - interval '1 hour' then now()
                                         else lookup_lock.first_miss_at end,
                    locked_until = case when (case when lookup_lock.first_miss_at < now() - interval '1 hour' then 1
                                                   else lookup_lock.misses + 1 end) >= $2
                                        then now() + make_interval(secs => $3) else lookup_lock.locked_until end
                """).execute(Tuple.of(idHash, threshold, (double) lockFor.toSeconds())).replaceWithVoid();
    }

    /** Forgets windows and locks that no longer matter. */
    public Uni<Integer> purge() {
        return pool.query("delete from lookup_throttle where window_start < now() - interval '1 hour'").execute()
                .flatMap(a -> pool.query("delete from lookup_lock where coalesce(locked_until, first_miss_at) < now() - interval '1 day'")
                        .execute().map(b -> a.rowCount() + b.rowCount()));
    }
}
