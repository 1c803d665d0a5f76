package vn.ansinh.payout.registry.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import vn.ansinh.payout.registry.service.FamilyPayeeService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/beneficiaries/{id}/family-payees")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Beneficiaries")
public class FamilyPayeeResource {

    @Schema(name = "NewFamilyPayee", description = "Who receives for the family of a deceased beneficiary (what they were "
            + "still owed and the funeral support) and how: a confirmed representative or the person arranging the funeral; "
            + "a transfer to their account or cash at a payment point of the commune")
    public record NewFamilyPayee(@NotNull @Pattern(regexp = "REPRESENTATIVE|FUNERAL_ARRANGER") String payeeKind,
            @Schema(description = "Required for REPRESENTATIVE: a confirmed representative of the beneficiary") UUID representativeId,
            @Size(max = 200) @Schema(description = "Required for FUNERAL_ARRANGER") String fullName,
            @Pattern(regexp = "0[0-9]{11}") @Schema(description = "Citizen ID of the funeral arranger (body only, never a URL)")
            String nationalId,
            @NotBlank @Size(max = 100) @Schema(example = "CHILD") String relationship,
            @NotNull @Pattern(regexp = "BANK_ACCOUNT|E_WALLET|CASH_AT_POINT") String channel,
            @Pattern(regexp = "[0-9]{6}") String bankBin, @Pattern(regexp = "[0-9]{6,19}") String accountNumber,
            @Size(max = 50) String walletProvider, @Pattern(regexp = "[0-9A-Za-z.@+_-]{4,64}") String walletAccount,
            @Schema(description = "For CASH_AT_POINT: a point of the beneficiary's commune; absent: the commune's first point")
            UUID paymentPointId,
            @NotBlank @Size(max = 500) @Schema(example = "Con trai lo mai táng, đề nghị nhận qua tài khoản") String reason) {
    }

    @Schema(name = "FamilyPayeeCheck", description = "The second officer's decision on a family payee")
    public record Check(@NotNull @Pattern(regexp = "APPROVE|REJECT") String decision, @Size(max = 500) String note) {
    }

    @Schema(name = "FamilyPayee", description = "PENDING_CHECK: recorded, routes nothing; APPROVED by `checkedBy` (never "
            + "`requestedBy`): the family's lines of the next payrolls go to this payee by this channel; REJECTED: never. "
            + "Without an approved payee the family is paid in cash at the commune's payment point.")
    public record View(UUID id, UUID beneficiaryId, @Schema(enumeration = { "REPRESENTATIVE", "FUNERAL_ARRANGER" }) String payeeKind,
            UUID representativeId, String fullName, @Schema(description = "Masked") String nationalId, String relationship,
            @Schema(enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT" }) String channel, String bankBin,
            @Schema(description = "Masked") String account, UUID paymentPointId, String reason,
            @Schema(enumeration = { "PENDING_CHECK", "APPROVED", "REJECTED" }) String state, String requestedBy,
            OffsetDateTime requestedAt, String checkedBy, OffsetDateTime checkedAt, String checkNote) {

        static View of(FamilyPayeeService.FamilyPayee p) {
            return new View(p.id(), p.beneficiaryId(), p.payeeKind(), p.representativeId(), p.fullName(), p.nationalId(),
                    p.relationship(), p.channel(), p.bankBin(), p.account(), p.paymentPointId(), p.reason(), p.state(),
                    p.requestedBy(), p.requestedAt(), p.checkedBy(), p.checkedAt(), p.checkNote());
        }
    }

    private final FamilyPayeeService service;
    private final CurrentCaller caller;

    public FamilyPayeeResource(FamilyPayeeService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "createFamilyPayee", summary = "Record who receives for the family of a deceased beneficiary",
            description = "Only for a beneficiary whose death is recorded (422 otherwise). Waits for another officer's check "
                    + "(maker-checker); one pending at a time (409). Audited.")
    @APIResponse(responseCode = "201", description = "Recorded, waiting for its check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "409", description = "Another is waiting for its check")
    @APIResponse(responseCode = "422", description = "Not deceased, or an unknown representative or payment point")
    public Uni<RestResponse<View>> create(@PathParam("id") UUID beneficiary, @NotNull @Valid NewFamilyPayee body) {
        if ("REPRESENTATIVE".equals(body.payeeKind()) == (body.representativeId() == null)
                || ("FUNERAL_ARRANGER".equals(body.payeeKind()) && (body.fullName() == null || body.nationalId() == null))
                || ("BANK_ACCOUNT".equals(body.channel()) && (body.bankBin() == null || body.accountNumber() == null))
                || ("E_WALLET".equals(body.channel()) && (body.walletProvider() == null || body.walletAccount() == null))) {
            throw new vn.ansinh.payout.common.api.ApiException(vn.ansinh.payout.common.api.ErrorCode.VALIDATION_FAILED,
                    List.of(new vn.ansinh.payout.common.api.Problem.FieldError("payeeKind", "INCOMPLETE", "field.familyPayeeIncomplete")),
                    "detail.validation");
        }
        return service.request(caller.get(), beneficiary, new FamilyPayeeService.NewFamilyPayee(body.payeeKind(),
                body.representativeId(), body.fullName(), body.nationalId(), body.relationship(), body.channel(), body.bankBin(),
                body.accountNumber(), body.walletProvider(), body.walletAccount(), body.paymentPointId(), body.reason()))
                .map(p -> RestResponse.ResponseBuilder.<View>created(URI.create("/api/v1/beneficiaries/" + beneficiary
                        + "/family-payees")).entity(View.of(p)).build());
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listFamilyPayees", summary = "The family payees recorded for a deceased beneficiary, with their checks")
    public Uni<List<View>> list(@PathParam("id") UUID beneficiary) {
        return service.list(caller.get(), beneficiary).map(l -> l.stream().map(View::of).toList());
    }

    @POST
    @Path("/{payeeId}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "checkFamilyPayee", summary = "Approve or reject a family payee",
            description = "By an officer of the area other than the one who recorded it. Audited.")
    @APIResponse(responseCode = "200", description = "Decided",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = View.class)))
    @APIResponse(responseCode = "409", description = "Already decided")
    public Uni<View> check(@PathParam("id") UUID beneficiary, @PathParam("payeeId") UUID id, @NotNull @Valid Check body) {
        return service.check(caller.get(), beneficiary, id, "APPROVE".equals(body.decision()), body.note()).map(View::of);
    }
}
