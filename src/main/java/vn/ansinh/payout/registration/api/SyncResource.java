package vn.ansinh.payout.registration.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.common.api.Problem;
import vn.ansinh.payout.common.api.ProblemMappers;
import vn.ansinh.payout.common.api.Problems;
import vn.ansinh.payout.registration.service.RegistrationService;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/sync")
@Tag(name = "Registrations")
public class SyncResource {

    private final RegistrationService service;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final Validator validator;

    public SyncResource(RegistrationService service, CurrentCaller caller, ObjectMapper json, Validator validator) {
        this.service = service;
        this.caller = caller;
        this.json = json;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER })
    @Operation(operationId = "syncQueue", summary = "Send an offline phone's queued operations in one batch",
            description = "Each item is handled on its own, in order, in its own transaction: CREATED, DUPLICATE "
                    + "(the same registration was already stored: safe to drop from the queue) or REJECTED with a "
                    + "problem detail. One bad item never rejects the batch. Resending the whole batch is safe.")
    public Uni<SyncResult> sync(@NotNull @Valid SyncBatch batch, @Context HttpHeaders headers) {
        Caller c = caller.get();
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        List<SyncBatch.Item> items = batch.items();
        return Multi.createFrom().range(0, items.size())
                .onItem().transformToUniAndConcatenate(i -> one(c, i, items.get(i), locale))
                .collect().asList()
                .map(results -> new SyncResult(results,
                        (int) results.stream().filter(r -> "CREATED".equals(r.outcome())).count(),
                        (int) results.stream().filter(r -> "DUPLICATE".equals(r.outcome())).count(),
                        (int) results.stream().filter(r -> "REJECTED".equals(r.outcome())).count()));
    }

    private Uni<SyncResult.ItemResult> one(Caller c, int index, SyncBatch.Item item, Locale locale) {
        String path = "/api/v1/sync#items[" + index + "]";
        if (!"REGISTRATION".equals(item.type())) {
            return Uni.createFrom().item(rejected(index, null, new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("type", "UNKNOWN_TYPE", "field.syncType")), "detail.validation"),
                    locale, path, c));
        }
        RegistrationRequest request;
        UUID id = readId(item);
        try {
            request = json.treeToValue(item.payload(), RegistrationRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Uni.createFrom().item(rejected(index, id,
                    new ApiException(ErrorCode.MALFORMED_REQUEST, "detail.malformedJson"), locale, path, c));
        }
        Set<ConstraintViolation<RegistrationRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = ProblemMappers.fieldErrors(violations);
            return Uni.createFrom().item(rejected(index, id,
                    new ApiException(ErrorCode.VALIDATION_FAILED, errors, "detail.validation"), locale, path, c));
        }
        return service.submit(c, request)
                .map(outcome -> new SyncResult.ItemResult(index, request.id(), outcome.created() ? "CREATED" : "DUPLICATE",
                        RegistrationResource.view(outcome.registration(), json), null))
                .onFailure(ApiException.class)
                .recoverWithItem(e -> rejected(index, request.id(), (ApiException) e, locale, path, c));
    }

    private static UUID readId(SyncBatch.Item item) {
        try {
            return item.payload().hasNonNull("id") ? UUID.fromString(item.payload().get("id").asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SyncResult.ItemResult rejected(int index, UUID id, ApiException e, Locale locale, String path, Caller c) {
        return new SyncResult.ItemResult(index, id, "REJECTED", null, Problems.problem(e, locale, path, c.requestId()));
    }
}
