package vn.ansinh.payout.status.api;

import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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
}
