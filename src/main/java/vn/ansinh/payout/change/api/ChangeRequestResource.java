package vn.ansinh.payout.change.api;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.change.ChangeRequest;
import vn.ansinh.payout.change.service.ChangeRequests;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/change-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Change requests", description = "Maker-checker: changes to who is paid or how much wait here for a second person")
public class ChangeRequestResource {

    @Schema(name = "ChangeCheck", description = "The checker's decision on a pending change")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
    }

    private final ChangeRequests service;
    private final CurrentCaller caller;

    public ChangeRequestResource(ChangeRequests service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listChangeRequests", summary = "Change requests in the caller's areas",
            description = "`state=PENDING_CHECK` is the checker's worklist, oldest first.")
    public Uni<Page<ChangeRequestView>> list(@QueryParam("area") @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("state") @Pattern(regexp = "PENDING_CHECK|APPLIED|REJECTED") String state,
            @QueryParam("kind") @Pattern(regexp = "STATUS_CHANGE|MOVE|REPRESENTATIVE|REROUTE|CARRY_OVER") String kind,
            @QueryParam("entityId") @Size(max = 64) String entityId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.list(caller.get(), area, state == null ? null : ChangeRequest.State.valueOf(state),
                kind == null ? null : ChangeRequest.Kind.valueOf(kind), entityId, page, size)
                .map(p -> p.map(r -> ChangeRequestView.of(r, service.summaryOf(r))));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getChangeRequest", summary = "One change request, with who made and who checked it")
    public Uni<ChangeRequestView> get(@PathParam("id") UUID id) {
        return service.get(caller.get(), id).map(r -> ChangeRequestView.of(r, service.summaryOf(r)));
    }

    @POST
    @Path("/{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "checkChangeRequest", summary = "Approve or reject a pending change (the checker)",
            description = "The checker is never the maker, whatever roles their token carries (403 SEPARATION_OF_DUTIES). "
                    + "APPROVE writes the change, as the maker asked, in the same transaction; REJECT writes nothing.")
    @APIResponse(responseCode = "200", description = "Checked: APPLIED (with resultId) or REJECTED, with checkedBy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "403", description = "SEPARATION_OF_DUTIES: the caller made this change (or captured it), whatever roles their token carries; or the role or area does not allow checking it")
    @APIResponse(responseCode = "409", description = "Already checked, or the change no longer fits (e.g. the status changed meanwhile)")
    public Uni<ChangeRequestView> check(@PathParam("id") UUID id, @NotNull @Valid Check body) {
        return service.check(caller.get(), id, "APPROVE".equals(body.decision()), body.note())
                .flatMap(r -> service.reload(r.id)).map(r -> ChangeRequestView.of(r, service.summaryOf(r)));
    }
}
