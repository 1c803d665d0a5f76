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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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

    @Schema(name = "NewAdjustment", description = "An amount owed for a month (positive: paid by the next cycle of the "
            + "program) or owed back (negative: recovered from the person's next lines, never below zero in a month)")
    public record NewAdjustment(@NotNull @Pattern(regexp = "SOCIAL_ASSISTANCE|SOCIAL_PENSION|MERIT") String program,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String forMonth,
            @Min(-999_999_999) @Max(999_999_999) @Schema(description = "Not zero; negative for a recovery") long amountVnd,
            @NotBlank @Size(max = 500) String reason,
            @NotBlank @Size(max = 100) @Schema(description = "Number of the decision the adjustment carries out", example = "QĐ-123/UBND")
            String decisionRef) {
    }

    @Schema(name = "AdjustmentCheck", description = "The second person's decision on an adjustment")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
    }

    @Schema(name = "Adjustment", description = "PENDING_CHECK: recorded, not paid or recovered by any payroll; APPROVED by "
            + "`checkedBy` (never `requestedBy`): the next cycle of the program pays or recovers it; REJECTED: never.")
    public record View(UUID id, UUID beneficiaryId, String program, String forMonth, long amountVnd, String reason,
            String decisionRef, @Schema(enumeration = { "PENDING_CHECK", "APPROVED", "REJECTED" }) String state,
            String requestedBy, OffsetDateTime requestedAt,
            @Schema(description = "Who approved or rejected it; absent while PENDING_CHECK") String checkedBy,
            OffsetDateTime checkedAt, String checkNote,
            @Schema(description = "Reference of the payment line that pays it, once generated") String paidBy,
            @Schema(description = "For a recovery: how much later lines have taken so far (oldest recovery first)") long recoveredVnd) {

        static View of(AdjustmentService.Adjustment a) {
            return new View(a.id(), a.beneficiaryId(), a.program(), YearMonth.from(a.forMonth()).toString(), a.amountVnd(),
                    a.reason(), a.decisionRef(), a.state(), a.requestedBy(), a.requestedAt(), a.checkedBy(), a.checkedAt(),
                    a.checkNote(), a.paidBy(), a.recoveredVnd());
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
    @Operation(operationId = "createAdjustment", summary = "Record a correction (điều chỉnh) for a second person to check",
            description = "Approved payrolls never change: an underpayment is corrected by an adjustment paid as an ADJUSTMENT "
                    + "line by the next cycle of the program, an overpayment by a negative one recovered from later lines. "
                    + "It waits in PENDING_CHECK until another officer approves it. The same Idempotency-Key with the same "
                    + "request returns the first answer (200); with another request it is 409.")
    @APIResponse(responseCode = "201", description = "Recorded, PENDING_CHECK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "200", description = "The same request was sent before under this key: the adjustment as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "409", description = "The key was used for a different request")
    public Uni<RestResponse<View>> create(@PathParam("id") UUID id,
            @Parameter(description = "Client-chosen key, unique per request (8-100 of A-Z a-z 0-9 . _ : -)", required = true)
            @HeaderParam("Idempotency-Key") @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{8,100}") String key,
            @NotNull @Valid NewAdjustment body) {
        if (body.amountVnd() == 0) {
            throw new vn.ansinh.payout.common.api.ApiException(vn.ansinh.payout.common.api.ErrorCode.VALIDATION_FAILED,
                    List.of(new vn.ansinh.payout.common.api.Problem.FieldError("amountVnd", "ZERO", "field.amountNotZero")),
                    "detail.validation");
        }
        return service.create(caller.get(), id, key, new AdjustmentService.NewAdjustment(body.program(),
                YearMonth.parse(body.forMonth()).atDay(1), body.amountVnd(), body.reason(), body.decisionRef()))
                .map(o -> o.created()
                        ? RestResponse.ResponseBuilder.<View>created(URI.create("/api/v1/beneficiaries/" + id
                                + "/adjustments/" + o.adjustment().id())).entity(View.of(o.adjustment())).build()
                        : RestResponse.ok(View.of(o.adjustment())));
    }

    @POST
    @Path("/{adjustmentId}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "checkAdjustment", summary = "Approve or reject an adjustment (the checker)",
            description = "Never the officer who recorded it (403 SEPARATION_OF_DUTIES), whatever roles their token carries. "
                    + "Above ansinh.cycles.adjustments.province-approval-above (either sign), only a province officer (403).")
    @APIResponse(responseCode = "200", description = "Checked: APPROVED or REJECTED, with checkedBy", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "403", description = "SEPARATION_OF_DUTIES: the caller recorded this adjustment, whatever roles their token carries; or the role or area does not allow checking it, or the amount is above the province-approval ceiling and the caller is not a province officer")
    @APIResponse(responseCode = "409", description = "Already checked")
    public Uni<View> check(@PathParam("id") UUID id, @PathParam("adjustmentId") UUID adjustmentId, @NotNull @Valid Check body) {
        return service.check(caller.get(), id, adjustmentId, "APPROVE".equals(body.decision()), body.note()).map(View::of);
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listAdjustments", summary = "A beneficiary's adjustments, their checks and the lines that paid them")
    public Uni<List<View>> list(@PathParam("id") UUID id) {
        return service.list(caller.get(), id).map(l -> l.stream().map(View::of).toList());
    }
}
