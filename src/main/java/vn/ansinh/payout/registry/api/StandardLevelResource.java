package vn.ansinh.payout.registry.api;

import java.net.URI;
import java.time.YearMonth;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.service.StandardLevelService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/standard-levels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reference data", description = "Standard levels (mức chuẩn) and allowance categories")
public class StandardLevelResource {

    @Schema(name = "StandardLevel")
    public record StandardLevelView(String provinceCode, Program program, @Schema(example = "2026-01") String effectiveFrom,
            @Schema(example = "500000") long amountVnd, String decisionRef, String createdBy) {
    }

    @Schema(name = "NewStandardLevel")
    public record NewStandardLevel(
            @NotNull @Pattern(regexp = "[0-9]{2}") @Schema(example = "51") String provinceCode,
            @NotNull Program program,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(example = "2027-01") String effectiveFrom,
            @NotNull @Min(1000) @Max(100_000_000) @Schema(description = "Integer VND", example = "600000") Long amountVnd,
            @NotBlank @Size(max = 200) @Schema(example = "Nghị quyết 12/2026/NQ-HĐND") String decisionRef) {
    }

    private final StandardLevelService service;
    private final CurrentCaller caller;

    public StandardLevelResource(StandardLevelService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "listStandardLevels", summary = "A province's standard levels over time")
    public Uni<List<StandardLevelView>> list(
            @QueryParam("province") @NotNull @Pattern(regexp = "[0-9]{2}") String province,
            @QueryParam("program") Program program) {
        return service.list(caller.get(), province, program);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "createStandardLevel", summary = "Set a new standard level from a month",
            description = "Effective-dated: applies from `effectiveFrom` until the next level. Only from the current month "
                    + "on (months already paid are corrected by adjustments, not by rewriting the level). Audited.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StandardLevelView.class)))
    @APIResponse(responseCode = "409", description = "A level already starts that month")
    public Uni<RestResponse<StandardLevelView>> create(@NotNull @Valid NewStandardLevel body) {
        return service.create(caller.get(), body).map(v -> RestResponse.ResponseBuilder
                .<StandardLevelView>created(URI.create("/api/v1/standard-levels?province=" + v.provinceCode()))
                .entity(v).build());
    }

}
