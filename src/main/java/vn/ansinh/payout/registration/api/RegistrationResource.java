package vn.ansinh.payout.registration.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.registration.Registration;
import vn.ansinh.payout.registration.service.RegistrationChecks;
import vn.ansinh.payout.registration.service.RegistrationService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/registrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registrations", description = "Field registrations of payment methods, and their verification")
public class RegistrationResource {

    private final RegistrationService service;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public RegistrationResource(RegistrationService service, CurrentCaller caller, ObjectMapper json) {
        this.service = service;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER })
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RegistrationRequest.class),
            examples = @ExampleObject(name = "homeDelivery", summary = "Payment at home for a person in the registry",
                    value = "{\"id\":\"7b3f3a52-64a1-4f53-9d0e-2f1a6f0f6c11\","
                            + "\"beneficiaryId\":\"2d7c1e4a-0c55-4c39-8d8a-9d1e7d5b2f30\","
                            + "\"paymentMethod\":{\"method\":\"HOME_DELIVERY\",\"homeDeliveryReason\":\"Nằm liệt giường\"},"
                            + "\"consent\":{\"kind\":\"VERBAL_WITH_WITNESS\",\"witnessName\":\"Trưởng thôn\"},"
                            + "\"deviceTime\":\"2026-12-10T09:40:00+07:00\","
                            + "\"position\":{\"latitude\":15.12,\"longitude\":108.8,\"accuracyMeters\":12}}")))
    @Operation(operationId = "submitRegistration", summary = "Submit one registration (idempotent)",
            description = "The phone generates `id`. Sending the same registration again (lost response, app restart) "
                    + "returns 200 with the stored result and changes nothing; a different payload under a used id is 409.")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "200", description = "Already stored: the same registration was sent before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "409", description = "This id was used for a different registration")
    public Uni<RestResponse<RegistrationView>> submit(@NotNull @Valid RegistrationRequest body) {
        return service.submit(caller.get(), body).map(outcome -> {
            RegistrationView view = view(outcome.registration(), json);
            return outcome.created()
                    ? RestResponse.ResponseBuilder.<RegistrationView>created(
                            URI.create("/api/v1/registrations/" + outcome.registration().id)).entity(view).build()
                    : RestResponse.ok(view);
        });
    }

    @GET
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listRegistrations", summary = "Registrations in the caller's areas (worklist)",
            description = "Oldest first. `state=SUBMITTED` is the list to verify; `state=NEEDS_DOCUMENTS` the list waiting for papers.")
    public Uni<Page<RegistrationView>> list(
            @QueryParam("commune") @Pattern(regexp = "[0-9]{5}") String commune,
            @QueryParam("state") @Pattern(regexp = "SUBMITTED|VERIFIED|NEEDS_DOCUMENTS|REJECTED") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.worklist(caller.get(), commune, state, page, size).map(p -> p.map(r -> view(r, json)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getRegistration", summary = "One registration with its state and check results")
    public Uni<RegistrationView> get(@PathParam("id") UUID id) {
        return service.get(caller.get(), id).map(r -> view(r, json));
    }

    @GET
    @Path("/{id}/verification")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "previewRegistrationChecks", summary = "Run the automatic checks without deciding",
            description = "Identity against the National Population Database and the account holder against the bank "
                    + "(local simulators in dev and test), and whether unrelated beneficiaries use the same account.")
    public Uni<RegistrationChecks.Result> checks(@PathParam("id") UUID id) {
        return service.preview(caller.get(), id);
    }

    @POST
    @Path("/{id}/verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "decideRegistration", summary = "Verify, ask for documents, or reject (the checker)",
            description = "A submitted registration is pending its check (state SUBMITTED): it changes nothing until decided. "
                    + "The decider is never the officer who captured it (`submittedBy`), whatever roles their token "
                    + "carries (403 SEPARATION_OF_DUTIES); a province officer checks where the commune has a single officer. "
                    + "Runs the automatic checks first and records them. VERIFIED requires outcome PASSED, or MANUAL_CHECK "
                    + "with a manualCheckNote; it makes the registered method the beneficiary's payment method from the next "
                    + "payment cycle (month), keeping the previous one in history. `decidedBy` says who checked it.")
    @APIResponse(responseCode = "200", description = "Decided: the registration with decidedBy and the checks as recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "403", description = "SEPARATION_OF_DUTIES: the caller captured (submitted) this registration, whatever roles their token carries; or the role or area does not allow checking it")
    @APIResponse(responseCode = "409", description = "Already verified or rejected")
    @APIResponse(responseCode = "422", description = "VERIFIED refused: the automatic checks failed, or need a manual check note (see `checks`)")
    public Uni<RegistrationView> decide(@PathParam("id") UUID id, @NotNull @Valid VerificationDecision body) {
        return service.decide(caller.get(), id, body).map(r -> view(r, json));
    }

    static RegistrationView view(Registration r, ObjectMapper json) {
        JsonNode checks = null;
        String account = null;
        vn.ansinh.payout.area.api.AreaMappingView mapping = null;
        try {
            if (r.areaMapping != null) {
                mapping = vn.ansinh.payout.area.api.AreaMappingView.of(
                        json.readValue(r.areaMapping, vn.ansinh.payout.area.legacy.LegacyAreas.Mapping.class));
            }
            if (r.checks != null) {
                checks = json.readTree(r.checks);
            }
            JsonNode method = json.readTree(r.payload).path("paymentMethod");
            account = RegistrationService.maskedAccount(
                    method.hasNonNull("accountNumber") ? method.get("accountNumber").asText() : null,
                    method.hasNonNull("walletAccount") ? method.get("walletAccount").asText() : null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new RegistrationView(r.id, r.state, r.communeCode, mapping, r.beneficiaryId, r.method, account, r.submittedBy,
                r.submittedAt, r.deviceTime, checks, r.decidedBy, r.decidedAt,
                r.decisionReasons == null ? null : List.of(r.decisionReasons), r.version);
    }
}
