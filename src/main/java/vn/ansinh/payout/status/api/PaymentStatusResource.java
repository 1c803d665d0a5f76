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
                    + "of birth, the basic tier: the last 12 months, each PAID, HELD or COMING, and where to ask (the commune's "
                    + "office). With a one-time code as well (POST /api/v1/public/payment-status/codes), the detail tier: "
                    + "amounts, channel, the account's last 4 digits, the payment point, reasons and what to do. Never the "
                    + "home-delivery days. Names are masked, nothing reveals the category. Any mismatch (ID, date of birth, "
                    + "code) is the same 404 no-match, for a known ID as for an unknown one. Limited per client and per ID "
                    + "(429 with Retry-After); an ID is locked after misses, each lock longer than the last, but a valid "
                    + "code still answers. Never cached.")
    @APIResponse(responseCode = "200", description = "Matched",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusViews.PublicResponse.class),
                    examples = @ExampleObject(name = "basic", summary = "Paid this month (no code)",
                            value = "{\"tier\":\"BASIC\",\"beneficiaries\":[{\"name\":\"Phạm T. H.\",\"relation\":\"SELF\","
                                    + "\"askAt\":{\"communeCode\":\"21211\",\"communeName\":\"Xã Tịnh Khê\","
                                    + "\"office\":\"Bộ phận một cửa, Ủy ban nhân dân Xã Tịnh Khê\"},"
                                    + "\"months\":[{\"month\":\"2026-12\",\"status\":\"PAID\"}]}]}")))
    @APIResponse(responseCode = "404", description = "No match (whatever was wrong)")
    @APIResponse(responseCode = "429", description = "Too many lookups, or the ID is locked; Retry-After says when to try again")
    public Uni<RestResponse<StatusViews.PublicResponse>> lookup(@NotNull @Valid StatusViews.LookupRequest body,
            @Context HttpServerRequest request, @Context HttpHeaders headers) {
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        return service.lookup(client(request), body.nationalId(), body.dateOfBirth(), body.code())
                .map(answer -> RestResponse.ResponseBuilder.ok(StatusViews.PublicResponse.of(answer.people(), answer.detail(), locale))
                        .header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("/codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @SecurityRequirements
    @Operation(operationId = "requestPaymentStatusCode", summary = "Public: send a one-time code for the detail tier",
            description = "With the same national ID and date of birth as a lookup: when they match, a 6-digit code goes by SMS "
                    + "to the phone registered for the person (or for the representative whose ID it is), valid for minutes "
                    + "and for one lookup; a few codes a day per ID and per phone. The answer is the same 202 whether or not "
                    + "anything matched or was sent. Not stopped by a lock of the ID (the phone's holder gets past it).")
    @APIResponse(responseCode = "202", description = "Accepted (the same whatever happened)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusViews.CodeRequested.class)))
    @APIResponse(responseCode = "429", description = "Too many requests from this client; Retry-After says when to try again")
    public Uni<RestResponse<StatusViews.CodeRequested>> requestCode(@NotNull @Valid StatusViews.CodeRequest body,
            @Context HttpServerRequest request, @Context HttpHeaders headers) {
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        return service.requestCode(client(request), body.nationalId(), body.dateOfBirth())
                .map(x -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                        new StatusViews.CodeRequested(config.codeValidFor().toSeconds(), Messages.get(locale, "status.codeRequested")))
                        .header("Cache-Control", "no-store").build());
    }

    /**
     * The client: the peer's address as Quarkus resolved it, which is the forwarded one only when the peer is a
     * trusted proxy (quarkus.http.proxy.trusted-proxies); a header the client wrote itself is never read here.
     */
    private static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
