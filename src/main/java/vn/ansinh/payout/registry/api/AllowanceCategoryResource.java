package vn.ansinh.payout.registry.api;

import java.math.BigDecimal;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    @Schema(name = "CoefficientSet")
    public record CoefficientSet(@NotNull @Size(min = 1, max = 10) List<@NotNull @Valid CoefficientView> coefficients) {
    }

    private final AllowanceCategoryService service;
    private final CurrentCaller caller;

    public AllowanceCategoryResource(AllowanceCategoryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.ADMIN })
    @Operation(operationId = "listAllowanceCategories", summary = "Categories and their coefficients (Nghị định 20/2021 Điều 5-6)")
    public Uni<List<CategoryView>> list() {
        return service.list();
    }

    @PUT
    @Path("/{program}/{code}/coefficients")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "replaceCategoryCoefficients", summary = "Replace a category's coefficients",
            description = "National reference data (the coefficients are set by decree), so admins maintain them, as the "
                    + "api-map assigns categories to admins. Payrolls already generated keep their amounts. Audited.")
    public Uni<CategoryView> replace(@PathParam("program") Program program,
            @PathParam("code") @Pattern(regexp = "[A-Za-z0-9]{1,16}") String code, @NotNull @Valid CoefficientSet body) {
        return service.replace(caller.get(), program, code, body.coefficients());
    }
}
