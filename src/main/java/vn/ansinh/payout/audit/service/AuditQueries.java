package vn.ansinh.payout.audit.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.AuditEntry;
import vn.ansinh.payout.audit.repository.AuditRepository;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.security.Caller;

/** What auditors read: the trail within their areas, and the chain's integrity. */
@ApplicationScoped
public class AuditQueries {

    private static final int MAX_REPORTED_BREAKS = 100;

    private final AuditRepository entries;
    private final Jurisdiction jurisdiction;

    public AuditQueries(AuditRepository entries, Jurisdiction jurisdiction) {
        this.entries = entries;
        this.jurisdiction = jurisdiction;
    }

    public Uni<Page<AuditEntry>> search(Caller caller, String entityType, String entityId, String actor,
            OffsetDateTime from, OffsetDateTime to, String area, int page, int size) {
        Uni<Void> scopeCheck = area == null ? Uni.createFrom().voidItem() : jurisdiction.require(caller, area);
        return scopeCheck.flatMap(ignored -> entries.search(
                new AuditRepository.Filter(entityType, entityId, actor, from, to, area, caller.areas()), page, size));
    }

    public Uni<AuditEntry> get(Caller caller, long seq) {
        return entries.findBySeq(seq)
                .onItem().ifNull().failWith(() -> ApiException.notFound("audit entry"))
                .call(e -> e.areaCode == null ? Uni.createFrom().voidItem() : jurisdiction.require(caller, e.areaCode));
    }

    public Uni<AuditRepository.ChainState> verify() {
        return entries.verifyChain(MAX_REPORTED_BREAKS);
    }
}
