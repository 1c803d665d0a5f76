package vn.ansinh.payout.audit.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import vn.ansinh.payout.audit.AuditEntry;
import vn.ansinh.payout.common.Page;

@ApplicationScoped
@WithSession
public class AuditRepository implements PanacheRepository<AuditEntry> {

    /**
     * Filters for the trail. {@code scopes}: the caller's area codes; entries of areas outside them
     * are excluded (entries with no area, such as reference-data changes, are visible to every auditor).
     */
    public record Filter(String entityType, String entityId, String actor, OffsetDateTime from, OffsetDateTime to,
            String area, Set<String> scopes) {
    }

    public record ChainBreak(long seq, String reason) {
    }

    public record ChainState(long entries, List<ChainBreak> breaks) {
    }

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<AuditEntry>> search(Filter f, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters p = new Parameters();
        if (f.entityType() != null) {
            where.add("entityType = :entityType");
            p.and("entityType", f.entityType());
        }
        if (f.entityId() != null) {
            where.add("entityId = :entityId");
            p.and("entityId", f.entityId());
        }
        if (f.actor() != null) {
            where.add("actorSub = :actor");
            p.and("actor", f.actor());
        }
        if (f.from() != null) {
            where.add("occurredAt >= :from");
            p.and("from", f.from());
        }
        if (f.to() != null) {
            where.add("occurredAt < :to");
            p.and("to", f.to());
        }
        if (f.area() != null) {
            where.add("areaCode in (select a.code from Area a where a.path like :areaPath)");
            p.and("areaPath", "%/" + f.area() + "/%");
        }
        List<String> scopeTerms = new ArrayList<>();
        int i = 0;
        for (String scope : f.scopes()) {
            scopeTerms.add("a.path like :scope" + i);
            p.and("scope" + i, "%/" + scope + "/%");
            i++;
        }
        String inScope = scopeTerms.isEmpty() ? "1 = 0" : String.join(" or ", scopeTerms);
        where.add("(areaCode is null or areaCode in (select a.code from Area a where " + inScope + "))");
        var query = find(String.join(" and ", where), Sort.descending("seq"), p);
        return Page.fetch(query, page, size);
    }

    public Uni<AuditEntry> findBySeq(long seq) {
        return find("seq", seq).firstResult();
    }

    /** Recomputes every entry's hash and link in the database (view audit_chain_break). */
    public Uni<ChainState> verifyChain(int maxBreaks) {
        Uni<Long> count = pool.query("select count(*) from audit_entry").execute()
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<ChainBreak>> breaks = pool
                .preparedQuery("select seq, reason from audit_chain_break order by seq limit $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(maxBreaks))
                .map(rows -> {
                    List<ChainBreak> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ChainBreak(r.getLong(0), r.getString(1)));
                    }
                    return out;
                });
        return Uni.combine().all().unis(count, breaks).with(ChainState::new);
    }
}
