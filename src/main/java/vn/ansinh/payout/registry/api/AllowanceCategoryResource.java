package vn.ansinh.payout.registry.api;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.registry.service.AllowanceCategoryService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/allowance-categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reference data")
public class AllowanceCategoryResource {

    @Schema(name = "Coefficient", description = "Applies for ages in [minAge, maxAge) years; perChild multiplies by children raised")
    public record CoefficientView(@Pattern(regexp = "ESPECIALLY_SEVERE|SEVERE") String variant,
            @Min(0) @Max(150) Integer minAge, @Min(1) @Max(150) Integer maxAge,
            @NotNull @DecimalMin("0.1") @DecimalMax("20.0") @Schema(example = "1.5") BigDecimal coefficient,
            boolean perChild) {
    }

    @Schema(name = "AllowanceCategory")
    public record CategoryView(Program program, @Schema(example = "K5a") String code, String nameVi, String nameEn,
            @Schema(description = "Health, disability or HIV related: shown only to roles that need it") boolean sensitive,
            List<CoefficientView> coefficients) {
    }

    @Schema(name = "CoefficientSet", description = "A new coefficient set of a category, from a month")
    public record CoefficientSet(@NotNull @Size(min = 1, max = 10) List<@NotNull @Valid CoefficientView> coefficients,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(description = "The first month it applies to: the "
                    + "current month or later (a set never rewrites a month already paid)", example = "2027-01") String effectiveFrom,
            @NotBlank @Size(max = 200) @Schema(example = "Nghị định 20/2021/NĐ-CP") String decisionRef) {
    }

    @Schema(name = "CoefficientChange", description = "PENDING_CHECK: entered, read by no payroll; APPROVED by `checkedBy` "
            + "(never `requestedBy`): applies from `effectiveFrom` until the next set; REJECTED: never.")
    public record CoefficientChangeView(UUID id, Program program, String code, @Schema(example = "2027-01") String effectiveFrom,
            List<CoefficientView> coefficients, String decisionRef,
            @Schema(enumeration = { "PENDING_CHECK", "APPROVED", "REJECTED" }) String state, String requestedBy,
            OffsetDateTime requestedAt, String checkedBy, OffsetDateTime checkedAt, String checkNote) {
    }

    @Schema(name = "CoefficientChangeCheck", description = "The second admin's decision on a coefficient set")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
    }

    private final AllowanceCategoryService service;
    private final CurrentCaller caller;

    public AllowanceCategoryResource(AllowanceCategoryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "listAllowanceCategories", summary = "Categories and their coefficients (Nghị định 20/2021 Điều 5-6)",
            description = "The coefficients in force in `month` (default: the current month).")
    public Uni<List<CategoryView>> list(@QueryParam("month") @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String month) {
        return service.list(month == null ? null : YearMonth.parse(month));
    }

    @PUT
    @Path("/{program}/{code}/coefficients")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "replaceCategoryCoefficients", summary = "Enter a category's new coefficient set from a month",
            description = "National reference data (the coefficients are set by decree), so admins maintain them, as the "
                    + "api-map assigns categories to admins. The set waits for another admin's check (maker-checker) and then "
                    + "applies from `effectiveFrom`; months before keep the set they had. Audited.")
    @APIResponse(responseCode = "200", description = "Entered, waiting for its check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CoefficientChangeView.class)))
    @APIResponse(responseCode = "409", description = "A set of this category already starts that month")
    public Uni<CoefficientChangeView> replace(@PathParam("program") Program program,
            @PathParam("code") @Pattern(regexp = "[A-Za-z0-9]{1,16}") String code, @NotNull @Valid CoefficientSet body) {
        return service.request(caller.get(), program, code, YearMonth.parse(body.effectiveFrom()), body.decisionRef(),
                body.coefficients());
    }

    @GET
    @Path("/{program}/{code}/coefficient-changes")
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "listCoefficientChanges", summary = "A category's coefficient sets entered over time, with their checks")
    public Uni<List<CoefficientChangeView>> changes(@PathParam("program") Program program,
            @PathParam("code") @Pattern(regexp = "[A-Za-z0-9]{1,16}") String code) {
        return service.changes(program, code);
    }

    @POST
    @Path("/coefficient-changes/{id}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "checkCoefficientChange", summary = "Approve or reject an entered coefficient set",
            description = "By an admin other than the one who entered it. Audited.")
    @APIResponse(responseCode = "200", description = "Decided",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CoefficientChangeView.class)))
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<CoefficientChangeView> check(@PathParam("id") UUID id, @NotNull @Valid Check body) {
        return service.check(caller.get(), id, "APPROVE".equals(body.decision()), body.note());
    }
}
