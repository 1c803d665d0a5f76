package vn.ansinh.payout.area.api;

import java.net.URI;

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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaLevel;
import vn.ansinh.payout.area.service.AreaService;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/areas")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Areas", description = "Administrative units: province → [district] → commune")
public class AreaResource {

    private final AreaService service;
    private final CurrentCaller caller;

    public AreaResource(AreaService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER,
            Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "listAreas", summary = "List and search administrative units",
            description = "Reference data, readable by every role. `q` matches names without regard to accents "
                    + "or case (\"quang ngai\" finds \"Quảng Ngãi\", \"dong\" finds \"Đông\"). Sorted by code.")
    public Uni<Page<AreaView>> list(
            @Parameter(description = "Only children of this area", example = "51")
            @QueryParam("parent") @Pattern(regexp = "[0-9]{2,5}") String parent,
            @QueryParam("level") AreaLevel level,
            @Parameter(description = "Name contains (accent-insensitive)", example = "quang ngai")
            @QueryParam("q") @Size(max = 100) String q,
            @Parameter(description = "Include units that no longer exist")
            @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired,
            @Parameter(description = "0-based page number") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @Parameter(description = "Page size, at most 500") @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.search(parent, level, q, includeRetired, page, size).map(p -> p.map(AreaView::of));
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER,
            Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "getArea", summary = "One administrative unit")
    public Uni<AreaView> get(@PathParam("code") @Pattern(regexp = "[0-9]{2,5}") String code) {
        return service.get(code).map(AreaView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createArea", summary = "Add an administrative unit (reference data)",
            description = "For a district of a province still organised with districts, or a unit created by a later "
                    + "reorganisation. Recorded in the audit trail.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AreaView.class)))
    @APIResponse(responseCode = "409", description = "An area with this code exists (codes are never reused)")
    public Uni<RestResponse<AreaView>> create(@NotNull @Valid NewArea body) {
        return service.create(caller.get(), body).map(a -> RestResponse.ResponseBuilder
                .<AreaView>created(URI.create("/api/v1/areas/" + a.code)).entity(AreaView.of(a)).build());
    }
}
