package vn.ansinh.payout.registry.api;

import java.net.URI;
import java.time.OffsetDateTime;
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
import jakarta.ws.rs.PathParam;
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

    @Schema(name = "StandardLevel", description = "PENDING_CHECK: entered, read by no payroll; APPROVED by `checkedBy` (never "
            + "`createdBy`): payrolls of the months from `effectiveFrom` use it; REJECTED: never.")
    public record StandardLevelView(@Schema(description = "Absent on levels of the national decrees loaded with the service")
            Long id, String provinceCode, Program program, @Schema(example = "2026-01") String effectiveFrom,
            @Schema(example = "500000") long amountVnd, String decisionRef, String createdBy,
            @Schema(description = "Funeral support as a multiple of this level (Nghị định 20/2021 Điều 11: at least 20); "
                    + "absent: the service's default (20)", example = "20") Integer funeralMultiple,
            @Schema(enumeration = { "PENDING_CHECK", "APPROVED", "REJECTED" }) String state,
            @Schema(description = "Entered after the month it starts from: the next payroll pays the difference for months "
                    + "already paid (LEVEL_DIFFERENCE lines)") boolean retroactive,
            String checkedBy, OffsetDateTime checkedAt, String checkNote) {
    }

    @Schema(name = "NewStandardLevel")
    public record NewStandardLevel(
            @NotNull @Pattern(regexp = "[0-9]{2}") @Schema(example = "51") String provinceCode,
            @NotNull Program program,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(example = "2027-01") String effectiveFrom,
            @NotNull @Min(1000) @Max(100_000_000) @Schema(description = "Integer VND", example = "600000") Long amountVnd,
            @NotBlank @Size(max = 200) @Schema(example = "Nghị quyết 12/2026/NQ-HĐND") String decisionRef,
            @Min(20) @Max(200) @Schema(description = "Funeral support as a multiple of the level (at least 20, Điều 11); "
                    + "absent: the default (20)", example = "20") Integer funeralMultiple,
            @Schema(description = "Required for a month before the current one (at most 12 months back): a level decided "
                    + "after the month it applies from") Boolean retroactive) {
    }

    @Schema(name = "StandardLevelCheck", description = "The second officer's decision on an entered level")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
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
    @Operation(operationId = "createStandardLevel", summary = "Enter a new standard level from a month (waits for a check)",
            description = "Effective-dated: applies from `effectiveFrom` until the next level, once another province officer "
                    + "approves it (maker-checker). From the current month on, or up to 12 months back with `retroactive: true`; "
                    + "months already paid are never rewritten: the next payroll pays the difference as LEVEL_DIFFERENCE "
                    + "lines. Audited.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StandardLevelView.class)))
    @APIResponse(responseCode = "409", description = "A level already starts that month")
    public Uni<RestResponse<StandardLevelView>> create(@NotNull @Valid NewStandardLevel body) {
        return service.create(caller.get(), body).map(v -> RestResponse.ResponseBuilder
                .<StandardLevelView>created(URI.create("/api/v1/standard-levels?province=" + v.provinceCode()))
                .entity(v).build());
    }

    @POST
    @Path("/{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "checkStandardLevel", summary = "Approve or reject an entered standard level",
            description = "By a province officer of the province other than the one who entered it. Audited.")
    @APIResponse(responseCode = "200", description = "Decided",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StandardLevelView.class)))
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<StandardLevelView> check(@PathParam("id") long id, @NotNull @Valid Check body) {
        return service.check(caller.get(), id, "APPROVE".equals(body.decision()), body.note());
    }

}
