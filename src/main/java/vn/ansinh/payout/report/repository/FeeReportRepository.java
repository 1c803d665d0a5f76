package vn.ansinh.payout.report.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The providers' service fees of paid lines, priced set-based with the approved fee schedule (provider_fee, V38)
 * in force for the cycle's month and the channel that paid the line (its latest attempt, after re-routes). A line
 * counts once it is PAID with an amount above zero; a paid line with no schedule is counted as unpriced.
 */
@ApplicationScoped
public class FeeReportRepository {

    /** A commune's paid lines of one channel in a month, their amount and fees. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "CommuneFees")
    public record CommuneFees(String communeCode, String communeName, String channel, String providerCode, long paidLines,
            long paidVnd, long feeVnd, long unpricedLines) {
    }

    /** One paid line with its fee (null when no approved schedule covers it). */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "LineFee")
    public record LineFee(String reference, String communeCode, String channel, long amountVnd, String providerCode, Long feeVnd) {
    }

    private static final String PRICED = """
            with paid as (
                select l.id, c.code || '-' || l.line_no as reference, l.line_no, l.commune_code, c.province_code, c.month,
                       coalesce(rr.channel, l.channel) as channel, l.amount_vnd
                from payment_line l
                join payment_cycle c on c.id = l.cycle_id
                left join lateral (select r.attempt, r.channel from payment_reroute r where r.line_id = l.id
                                   order by r.attempt desc limit 1) rr on true
                join payment_result res on res.line_id = l.id and res.attempt = coalesce(rr.attempt, 1) and res.outcome = 'PAID'
                where %s and l.amount_vnd > 0 and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')),
            priced as (
                select p.*, f.provider_code,
                       case when f.id is not null then provider_fee_of(p.amount_vnd, f.fixed_vnd, f.rate_bp, f.min_vnd, f.max_vnd) end as fee
                from paid p
                left join lateral (select * from provider_fee x where x.province_code = p.province_code and x.channel = p.channel
                                   and x.state = 'APPROVED' and x.effective_from <= p.month
                                   order by x.effective_from desc limit 1) f on true)
            """;

    private final Pool pool;

    public FeeReportRepository(Pool pool) {
        this.pool = pool;
    }

    /** Fees of the month's cycles (every program) in the communes, by commune and channel. */
    public Uni<List<CommuneFees>> byCommune(LocalDate month, Collection<String> communes) {
        return pool.preparedQuery(PRICED.formatted("c.month = $1 and l.commune_code = any($2::text[])") + """
                select p.commune_code, a.name, p.channel, max(p.provider_code) as provider_code, count(*) as lines,
                       sum(p.amount_vnd)::bigint as paid, coalesce(sum(p.fee), 0)::bigint as fee,
                       count(*) filter (where p.fee is null) as unpriced
                from priced p join area a on a.code = p.commune_code
                group by p.commune_code, a.name, p.channel
                order by p.commune_code collate "C", p.channel""")
                .execute(Tuple.of(month, communes.toArray(String[]::new))).map(rows -> {
                    List<CommuneFees> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new CommuneFees(r.getString("commune_code"), r.getString("name"), r.getString("channel"),
                                r.getString("provider_code"), r.getLong("lines"), r.getLong("paid"), r.getLong("fee"),
                                r.getLong("unpriced")));
                    }
                    return out;
                });
    }

    /** The fee of each paid line of a cycle in the communes and channels, in line order. */
    public Uni<List<LineFee>> lines(UUID cycle, Collection<String> communes, Collection<String> channels) {
        return pool.preparedQuery(PRICED.formatted("c.id = $1 and l.commune_code = any($2::text[])") + """
                select reference, commune_code, channel, amount_vnd, provider_code, fee from priced
                where channel = any($3::text[]) order by line_no""")
                .execute(Tuple.of(cycle, communes.toArray(String[]::new), channels.toArray(String[]::new))).map(rows -> {
                    List<LineFee> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new LineFee(r.getString("reference"), r.getString("commune_code"), r.getString("channel"),
                                r.getLong("amount_vnd"), r.getString("provider_code"), r.getLong("fee")));
                    }
                    return out;
                });
    }

    /** The province of a cycle, or null. */
    public Uni<String> cycleProvince(UUID cycle) {
        return pool.preparedQuery("select province_code from payment_cycle where id = $1").execute(Tuple.of(cycle))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }
}
