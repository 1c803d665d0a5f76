package vn.ansinh.payout.cycle.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.cycle.service.ReconciliationService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/disbursements/callbacks")
@Tag(name = "Payment cycles")
public class DisbursementCallbackResource {

    public static final String TIMESTAMP = "X-Ansinh-Timestamp";
    public static final String SIGNATURE = "X-Ansinh-Signature";

    private final ReconciliationService service;
    private final CurrentCaller caller;

    public DisbursementCallbackResource(ReconciliationService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PAYMENT_PROVIDER)
    @Operation(operationId = "receivePaymentCallback", summary = "Results of one or more lines, signed by the payment provider",
            description = "Besides the provider's bearer token, the body is signed: " + SIGNATURE + ": sha256=<hex of "
                    + "HMAC-SHA256(secret, timestamp + \".\" + raw body)> with " + TIMESTAMP + ": <epoch seconds>, within 5 "
                    + "minutes of now. A callbackId is accepted once: a replay is 409. Results are applied like a results "
                    + "file: the same result again changes nothing, a conflicting one is refused and listed.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReconciliationService.CallbackBody.class)))
    @APIResponse(responseCode = "200", description = "Applied; refused rows are listed",
            content = @Content(schema = @Schema(implementation = ReconciliationService.CallbackOutcome.class)))
    @APIResponse(responseCode = "401", description = "Missing, stale or wrong signature")
    @APIResponse(responseCode = "409", description = "This callbackId was already received")
    public Uni<ReconciliationService.CallbackOutcome> receive(
            @Parameter(description = "Epoch seconds when signed") @HeaderParam(TIMESTAMP) String timestamp,
            @Parameter(description = "sha256=<hex>") @HeaderParam(SIGNATURE) String signature, byte[] body) {
        return service.applyCallback(caller.get(), timestamp, signature, body);
    }
}
