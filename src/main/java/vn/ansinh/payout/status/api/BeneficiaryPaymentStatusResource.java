package vn.ansinh.payout.status.api;

import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.status.service.StatusLookupService;

@Path("/api/v1/beneficiaries/{id}/payment-status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment status")
public class BeneficiaryPaymentStatusResource {

    private final StatusLookupService service;
    private final CurrentCaller caller;

    public BeneficiaryPaymentStatusResource(StatusLookupService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER })
    @Operation(operationId = "getBeneficiaryPaymentStatus", summary = "Staff: a beneficiary's payment status with line detail",
            description = "The same months as the public lookup, for a beneficiary in the caller's areas, with the full name, "
                    + "line references, provider references, failure codes and home deliveries.")
    @APIResponse(responseCode = "200", description = "The months",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusViews.Person.class)))
    public Uni<RestResponse<StatusViews.Person>> staff(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        return service.staffView(caller.get(), id).map(p -> RestResponse.ResponseBuilder
                .ok(StatusViews.Person.of(p, locale, true)).header("Cache-Control", "no-store").build());
    }

    @Schema(name = "LookupLock", description = "The public lookup's bookkeeping of one ID this beneficiary's status can be "
            + "looked up with (never the ID itself)")
    public record LookupLockView(@Schema(enumeration = { "SELF", "REPRESENTATIVE" }) String relation,
            @Schema(description = "Locked until then; null when the ID answers") java.time.OffsetDateTime lockedUntil,
            @Schema(description = "Locks so far this year: each lasts longer than the last") int locksSoFar,
            int missesToday, int missesThisMonth) {

        static LookupLockView of(StatusLookupService.LookupLock l) {
            return new LookupLockView(l.relation(), l.lockedUntil() == null ? null
                    : l.lockedUntil().atZone(vn.ansinh.payout.common.Clock.ZONE).toOffsetDateTime(), l.locksSoFar(),
                    l.missesToday(), l.missesThisMonth());
        }
    }

    @Schema(name = "LookupLocks")
    public record LookupLocksView(java.util.List<LookupLockView> locks) {

        static LookupLocksView of(java.util.List<StatusLookupService.LookupLock> locks) {
            return new LookupLocksView(locks.stream().map(LookupLockView::of).toList());
        }
    }

    @Schema(name = "LookupLockLifting", description = "Why the lock is lifted (the person came to the office, with papers)")
    public record LiftRequest(@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 500)
            @Schema(example = "Ông An đến UBND xã, đã xuất trình CCCD") String reason) {
    }

    @GET
    @Path("/lookup-locks")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getLookupLocks", summary = "Staff: whether the public lookup of this beneficiary is locked",
            description = "For each ID the public payment-status lookup can be made with (the beneficiary's, each confirmed "
                    + "representative's): until when it is locked after misses, and how many locks it had this year.")
    @APIResponse(responseCode = "200", description = "The locks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LookupLocksView.class)))
    public Uni<LookupLocksView> locks(@PathParam("id") UUID id) {
        return service.locks(caller.get(), id).map(LookupLocksView::of);
    }

    @POST
    @Path("/lookup-locks/lifting")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMMUNE_OFFICER)
    @Operation(operationId = "liftLookupLocks", summary = "Staff: lift the public lookup's locks of this beneficiary",
            description = "The person came to the commune office: each of their lookup IDs answers again at once (earlier "
                    + "locks still count towards the next one's length). Audited with the reason. Lifting nothing is no error.")
    @APIResponse(responseCode = "200", description = "The locks after lifting",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LookupLocksView.class)))
    public Uni<LookupLocksView> lift(@PathParam("id") UUID id, @jakarta.validation.constraints.NotNull @jakarta.validation.Valid LiftRequest body) {
        return service.lift(caller.get(), id, body.reason().strip()).map(LookupLocksView::of);
    }
}
