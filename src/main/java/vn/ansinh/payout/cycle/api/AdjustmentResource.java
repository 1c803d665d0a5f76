package vn.ansinh.payout.cycle.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

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
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.cycle.service.AdjustmentService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/beneficiaries/{id}/adjustments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment cycles")
public class AdjustmentResource {

    @Schema(name = "NewAdjustment", description = "An amount owed for a month, paid by the next cycle of the program")
    public record NewAdjustment(@NotNull @Pattern(regexp = "SOCIAL_ASSISTANCE|SOCIAL_PENSION|MERIT") String program,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String forMonth,
            @Min(1) @Max(999_999_999) long amountVnd, @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "Adjustment")
    public record View(UUID id, UUID beneficiaryId, String program, String forMonth, long amountVnd, String reason,
            String requestedBy, OffsetDateTime requestedAt,
            @Schema(description = "Reference of the payment line that pays it, once generated") String paidBy) {

        static View of(AdjustmentService.Adjustment a) {
            return new View(a.id(), a.beneficiaryId(), a.program(), YearMonth.from(a.forMonth()).toString(), a.amountVnd(),
                    a.reason(), a.requestedBy(), a.requestedAt(), a.paidBy());
        }
    }

    private final AdjustmentService service;
    private final CurrentCaller caller;

    public AdjustmentResource(AdjustmentService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "createAdjustment", summary = "Record a correction (điều chỉnh) for the next cycle",
            description = "Approved payrolls never change: an underpayment is corrected by an adjustment, paid as an "
                    + "ADJUSTMENT line by the next cycle generated for the program.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    public Uni<RestResponse<View>> create(@PathParam("id") UUID id, @NotNull @Valid NewAdjustment body) {
        return service.create(caller.get(), id, body.program(), YearMonth.parse(body.forMonth()).atDay(1), body.amountVnd(),
                body.reason()).map(a -> RestResponse.ResponseBuilder.<View>created(
                        URI.create("/api/v1/beneficiaries/" + id + "/adjustments")).entity(View.of(a)).build());
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listAdjustments", summary = "A beneficiary's adjustments and the lines that paid them")
    public Uni<List<View>> list(@PathParam("id") UUID id) {
        return service.list(caller.get(), id).map(l -> l.stream().map(View::of).toList());
    }
}
