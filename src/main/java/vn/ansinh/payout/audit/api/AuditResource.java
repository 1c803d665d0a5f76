package vn.ansinh.payout.audit.api;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.audit.service.AuditQueries;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "The append-only, hash-chained audit trail")
@RolesAllowed(Roles.AUDITOR)
public class AuditResource {

    private final AuditQueries queries;
    private final CurrentCaller caller;
    private final Clock clock;

    public AuditResource(AuditQueries queries, CurrentCaller caller, Clock clock) {
        this.queries = queries;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Operation(operationId = "listAuditEntries", summary = "Search the audit trail",
            description = "Newest first. Only entries of the auditor's areas (and entries tied to no area, such as "
                    + "reference-data changes). Naming an area outside the auditor's scope is refused with 403.")
    public Uni<Page<AuditEntryView>> list(
            @Parameter(example = "area") @QueryParam("entityType") @Size(max = 64) String entityType,
            @QueryParam("entityId") @Size(max = 128) String entityId,
            @Parameter(description = "Token subject of the actor") @QueryParam("actor") @Size(max = 128) String actor,
            @Parameter(description = "From (inclusive), ISO-8601 with offset", example = "2026-11-01T00:00:00+07:00")
            @QueryParam("from") OffsetDateTime from,
            @Parameter(description = "To (exclusive), ISO-8601 with offset") @QueryParam("to") OffsetDateTime to,
            @Parameter(description = "Area code: entries of this area and below", example = "51")
            @QueryParam("area") @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return queries.search(caller.get(), entityType, entityId, actor, from, to, area, page, size)
                .map(p -> p.map(AuditEntryView::of));
    }

    @GET
    @Path("/{seq}")
    @Operation(operationId = "getAuditEntry", summary = "One audit entry by its position in the chain")
    public Uni<AuditEntryView> get(@PathParam("seq") @Min(1) long seq) {
        return queries.get(caller.get(), seq).map(AuditEntryView::of);
    }

    @GET
    @Path("/verification")
    @Operation(operationId = "verifyAuditChain", summary = "Recompute the hash chain and report any break",
            description = "An edited entry shows as CONTENT_CHANGED, a deleted one as ENTRY_MISSING / LINK_BROKEN "
                    + "at the entry after it.")
    public Uni<ChainVerificationView> verify() {
        return queries.verify().map(state -> new ChainVerificationView(state.entries(), state.breaks().isEmpty(),
                state.breaks().stream().map(b -> new ChainVerificationView.Break(b.seq(), b.reason())).toList(),
                clock.localNow().toOffsetDateTime()));
    }
}
