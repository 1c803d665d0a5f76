package vn.ansinh.payout.status.api;

import java.util.Locale;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.status.service.StatusConfig;
import vn.ansinh.payout.status.service.StatusLookupService;

@Path("/api/v1/public/payment-status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment status", description = "Has this month's money been paid, how, and if not why")
public class PaymentStatusResource {

    private final StatusLookupService service;
    private final StatusConfig config;

    public PaymentStatusResource(StatusLookupService service, StatusConfig config) {
        this.service = service;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "lookUpPaymentStatus", summary = "Public: a beneficiary's or representative's payment status",
            description = "With the beneficiary's national ID (or a confirmed representative's own) and the beneficiary's date "
                    + "of birth: the last 12 months, each SCHEDULED, PAID (date, channel), FAILED (plain reason, what to do), "
                    + "CARRIED_OVER or HELD, with the payment point or home-delivery days. Names are masked, accounts show "
                    + "4 digits, nothing reveals the category. Any mismatch is the same 404 no-match. Limited per client and "
                    + "per ID (429 with Retry-After); an ID is locked for a while after repeated misses. Never cached.")
    @APIResponse(responseCode = "200", description = "Matched",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusViews.Response.class),
                    examples = @ExampleObject(name = "paid", summary = "Paid this month",
                            value = "{\"beneficiaries\":[{\"name\":\"Phạm T. H.\",\"communeCode\":\"21211\","
                                    + "\"relation\":\"SELF\",\"months\":[{\"month\":\"2026-12\",\"status\":\"PAID\","
                                    + "\"payments\":[]}]}]}")))
    @APIResponse(responseCode = "404", description = "No match (whatever was wrong)")
    @APIResponse(responseCode = "429", description = "Too many lookups; Retry-After says when to try again")
    public Uni<RestResponse<StatusViews.Response>> lookup(@NotNull @Valid StatusViews.LookupRequest body,
            @Context HttpServerRequest request, @Context HttpHeaders headers) {
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        return service.lookup(client(request), body.nationalId(), body.dateOfBirth())
                .map(people -> RestResponse.ResponseBuilder.ok(new StatusViews.Response(
                        people.stream().map(p -> StatusViews.Person.of(p, locale, false)).toList()))
                        .header("Cache-Control", "no-store").build());
    }

    private String client(HttpServerRequest request) {
        if (config.trustForwardedFor()) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
