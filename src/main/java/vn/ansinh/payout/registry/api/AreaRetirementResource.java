package vn.ansinh.payout.registry.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.registry.service.AreaRetirementService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

/** Retiring and merging administrative units (reference data with people in it). */
@Path("/api/v1/areas/{code}/retirement")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Areas")
public class AreaRetirementResource {

    private final AreaRetirementService service;
    private final CurrentCaller caller;

    public AreaRetirementResource(AreaRetirementService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "retireArea", summary = "Retire an administrative unit, or merge it into another, from a date",
            description = "The unit ends the day before `effectiveDate` (its code is never reused). With `successorCode` "
                    + "(a merge) every beneficiary recorded in a merged commune is moved to the successor by a dated move "
                    + "from that month, and the successor's cash points pay them. Without one (a retirement) a commune "
                    + "where beneficiaries live is refused. Units under it must be retired or merged first. Every change "
                    + "is in the audit trail.")
    @APIResponse(responseCode = "201", description = "Retired or merged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AreaRetirementRequest.View.class)))
    @APIResponse(responseCode = "404", description = "No such unit")
    @APIResponse(responseCode = "409", description = "Already retired, units in force under it, or a commune with beneficiaries and no successor")
    public Uni<RestResponse<AreaRetirementRequest.View>> retire(@PathParam("code") @Pattern(regexp = "[0-9]{2,5}") String code,
            @NotNull @Valid AreaRetirementRequest body) {
        return service.retire(caller.get(), code, body).map(v -> RestResponse.ResponseBuilder
                .<AreaRetirementRequest.View>created(java.net.URI.create("/api/v1/areas/" + code)).entity(v).build());
    }
}
