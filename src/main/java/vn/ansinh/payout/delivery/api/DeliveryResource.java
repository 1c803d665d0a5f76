package vn.ansinh.payout.delivery.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Encoding;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem;
import vn.ansinh.payout.common.api.ProblemMappers;
import vn.ansinh.payout.delivery.api.DeliveryViews.AssignmentRequest;
import vn.ansinh.payout.delivery.api.DeliveryViews.AssignmentResult;
import vn.ansinh.payout.delivery.api.DeliveryViews.CashMovementRequest;
import vn.ansinh.payout.delivery.api.DeliveryViews.ConfirmationView;
import vn.ansinh.payout.delivery.api.DeliveryViews.CustodyReport;
import vn.ansinh.payout.delivery.api.DeliveryViews.DeliveryView;
import vn.ansinh.payout.delivery.api.DeliveryViews.DetailView;
import vn.ansinh.payout.delivery.api.DeliveryViews.QueueItem;
import vn.ansinh.payout.delivery.api.DeliveryViews.ReferencePointRequest;
import vn.ansinh.payout.delivery.service.ConfirmationRequest;
import vn.ansinh.payout.delivery.service.DeliveryService;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Home deliveries", description = "Cash handed over at home by field officers, confirmed with photo evidence")
public class DeliveryResource {

    private final DeliveryService service;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final Validator validator;

    public DeliveryResource(DeliveryService service, CurrentCaller caller, ObjectMapper json, Validator validator) {
        this.service = service;
        this.caller = caller;
        this.json = json;
        this.validator = validator;
    }

    @GET
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @APIResponse(responseCode = "200", description = "The deliveries, ordered by id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DeliveryView.class),
                    examples = @ExampleObject(name = "fieldOfficer", summary = "A field officer's list",
                            value = "[{\"id\":\"5f0c2b8e-3d4a-4e7b-9c61-0a2b3c4d5e6f\","
                                    + "\"cycleId\":\"0e5d4c3b-2a19-4f8e-8d7c-6b5a49382716\",\"cycleCode\":\"C51SA202612\","
                                    + "\"month\":\"2026-12\",\"reference\":\"C51SA202612-17\",\"attempt\":1,"
                                    + "\"communeCode\":\"21211\",\"amountVnd\":500000,\"status\":\"OPEN\","
                                    + "\"assignedTo\":\"field.tinhkhe\",\"assignedAt\":\"2026-12-01T08:00:00+07:00\","
                                    + "\"beneficiary\":{\"id\":\"2d7c1e4a-0c55-4c39-8d8a-9d1e7d5b2f30\","
                                    + "\"fullName\":\"Phạm Thị Hoa\",\"nationalIdMasked\":\"********7912\","
                                    + "\"address\":\"Thôn 2\",\"phone\":\"+84981234567\"},\"visits\":0}]")))
    @Operation(operationId = "listDeliveries", summary = "Home deliveries: a field officer's own, or an area's",
            description = "A field officer sees only the deliveries assigned to them. Officers, auditors and the provider see "
                    + "those of the areas they cover, optionally of one officer (assignedTo). Ordered by id; pass the last id "
                    + "as `after` for the next page.")
    public Uni<List<DeliveryView>> list(@QueryParam("cycleId") UUID cycle,
            @QueryParam("status") @Pattern(regexp = "OPEN|DELIVERED|FAILED|CANCELLED") String status,
            @QueryParam("assignedTo") String assignedTo,
            @QueryParam("area") @Pattern(regexp = "[0-9]{2}|[0-9]{3}|[0-9]{5}") String area,
            @QueryParam("after") UUID after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return service.list(caller.get(), cycle, status, assignedTo, area, after, limit)
                .map(list -> list.stream().map(DeliveryView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "getDelivery", summary = "A home delivery with its visits, photos and (for officers and auditors) flags")
    @APIResponse(responseCode = "200", description = "The delivery",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DetailView.class)))
    @APIResponse(responseCode = "404", description = "No such delivery, or not one the caller may see")
    public Uni<DetailView> get(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.get(c, id).map(d -> DetailView.of(d, DeliveryService.seesFlags(c)));
    }

    @POST
    @Path("/{id}/confirmation")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.FIELD_OFFICER)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = DeliveryViews.ConfirmationForm.class),
            encoding = { @Encoding(name = "confirmation", contentType = MediaType.APPLICATION_JSON),
                    @Encoding(name = "photo", contentType = "image/jpeg, image/png"),
                    @Encoding(name = "signature", contentType = "image/jpeg, image/png") }))
    @Operation(operationId = "confirmDelivery", summary = "Confirm a home delivery or a visit, with photo evidence",
            description = "multipart/form-data: a `confirmation` field holding the JSON DeliveryConfirmationRequest, 1 to 5 "
                    + "`photo` files (JPEG or PNG, each ≤ 5 MB, checked by content) and optionally a `signature` file; the whole "
                    + "request ≤ 20 MB. The confirmation id comes from the phone: sending the same request again returns the "
                    + "original result (200) and writes nothing. A different confirmation of a delivery already closed is 409 "
                    + "with the one that closed it. An officer may confirm a delivery assigned to them now, or when they "
                    + "captured it. Fraud signals are raised for review; they never refuse a confirmation.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConfirmationView.class)))
    @APIResponse(responseCode = "200", description = "The same confirmation again: the original result",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConfirmationView.class)))
    @APIResponse(responseCode = "403", description = "The delivery is not (and was not) assigned to this officer")
    @APIResponse(responseCode = "409", description = "Already closed by another confirmation (its summary in `existing`), the "
            + "confirmation id was used for a different request, or the cycle no longer takes confirmations")
    @APIResponse(responseCode = "413", description = "A photo over 5 MB or 50 megapixels, or the request over 20 MB")
    @APIResponse(responseCode = "415", description = "A file that is neither JPEG nor PNG by its content")
    @APIResponse(responseCode = "422", description = "An empty, truncated or undecodable image; a wrong amount; a recipient "
            + "who is not a confirmed representative")
    public Uni<RestResponse<ConfirmationView>> confirm(@PathParam("id") UUID id,
            @RestForm("confirmation") String confirmation, @RestForm("photo") List<FileUpload> photos,
            @RestForm("signature") FileUpload signature) {
        Caller c = caller.get();
        DeliveryService.Submitted submitted = parse(confirmation);
        List<DeliveryService.Upload> uploads = photos == null ? List.of()
                : photos.stream().map(DeliveryResource::upload).toList();
        return service.confirm(c, id, submitted, uploads, signature == null ? null : upload(signature))
                .map(r -> {
                    ConfirmationView view = ConfirmationView.of(r, false);
                    return r.created()
                            ? RestResponse.ResponseBuilder.<ConfirmationView>created(URI.create("/api/v1/deliveries/" + id))
                                    .entity(view).build()
                            : RestResponse.ok(view);
                });
    }

    private static DeliveryService.Upload upload(FileUpload f) {
        return new DeliveryService.Upload(f.uploadedFile(), f.fileName(), f.size());
    }

    private DeliveryService.Submitted parse(String confirmation) {
        if (confirmation == null || confirmation.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    List.of(new Problem.FieldError("confirmation", "REQUIRED", "field.confirmationPart")), "detail.validation");
        }
        byte[] bytes = confirmation.getBytes(StandardCharsets.UTF_8);
        ConfirmationRequest request;
        try {
            request = json.readValue(bytes, ConfirmationRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD,
                    List.of(new Problem.FieldError(e.getPropertyName(), "UNKNOWN_FIELD", "field.unknown")), "detail.unknownField");
        } catch (java.io.IOException | RuntimeException e) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "detail.malformedJson");
        }
        if (request == null) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "detail.malformedJson");
        }
        Set<ConstraintViolation<ConfirmationRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, ProblemMappers.fieldErrors(violations), "detail.validation");
        }
        return new DeliveryService.Submitted(request, bytes);
    }

    @GET
    @Path("/{id}/evidence/{photoId}")
    @Produces({ "image/jpeg", "image/png" })
    @RolesAllowed({ Roles.AUDITOR, Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "readEvidence", summary = "An evidence photo, without its location metadata (audited)",
            description = "For auditors and commune or province officers of the delivery's area. Every "
                    + "read is written to the audit trail before the bytes are sent. EXIF, XMP and text metadata (GPS "
                    + "included) are removed; the pixels are as uploaded. X-Original-SHA256 is the hash of the stored file.")
    @APIResponse(responseCode = "200", description = "The photo",
            headers = @Header(name = "X-Original-SHA256", description = "SHA-256 of the file as stored (before the metadata "
                    + "was removed)", schema = @Schema(type = SchemaType.STRING)),
            content = { @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "404", description = "No such photo, or not one the caller may see")
    public Uni<jakarta.ws.rs.core.Response> evidence(@PathParam("id") UUID id, @PathParam("photoId") UUID photoId) {
        return service.evidence(caller.get(), id, photoId).map(e -> jakarta.ws.rs.core.Response.ok(e.bytes(), e.mediaType())
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"" + photoId + (e.mediaType().endsWith("png") ? ".png" : ".jpg") + "\"")
                .header("X-Original-SHA256", e.sha256())
                .build());
    }

    @POST
    @Path("/assignments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "assignDeliveries", summary = "Assign home deliveries to a field officer",
            description = "The listed deliveries, or every open one of a commune (communeCode), of a cycle. Deliveries already "
                    + "assigned to that officer are left as they are; assigning again is harmless. The previous officer keeps "
                    + "the right to confirm what they captured while assigned.")
    @APIResponse(responseCode = "200", description = "Assigned: how many, and which (those already assigned to the officer are not listed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssignmentResult.class)))
    @APIResponse(responseCode = "422", description = "A listed delivery is not open, not in the cycle or outside the caller's areas")
    public Uni<AssignmentResult> assign(@NotNull @Valid AssignmentRequest body) {
        return service.assign(caller.get(), body.cycleId(), body.deliveryIds(), body.communeCode(), body.officer())
                .map(ids -> new AssignmentResult(ids.size(), ids));
    }

    @GET
    @Path("/flags")
    @RolesAllowed({ Roles.AUDITOR, Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER })
    @Operation(operationId = "listDeliveryFlags", summary = "The review queue: flagged confirmations and why",
            description = "Open flags (or all with all=true) of the areas the caller covers, oldest first; pass the last flag "
                    + "id as `after` for the next page.")
    public Uni<List<QueueItem>> flags(@QueryParam("area") @Pattern(regexp = "[0-9]{2}|[0-9]{3}|[0-9]{5}") String area,
            @QueryParam("all") @DefaultValue("false") boolean all, @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return service.queue(caller.get(), area, all, after, limit).map(list -> list.stream().map(QueueItem::of).toList());
    }

    @Schema(name = "StatusReview", description = "A beneficiary found deceased at a home delivery: the commune decides through a "
            + "status change (checked by a second officer). `statusSince` is the status change recorded since, if any.")
    public record StatusReviewView(UUID id, UUID beneficiaryId, String communeCode,
            @Schema(enumeration = { "REPORTED_DECEASED" }) String reason, UUID deliveryId, UUID confirmationId, String openedBy,
            OffsetDateTime openedAt, @Schema(example = "ENDED:DEATH") String statusSince) {
    }

    @GET
    @Path("/status-reviews")
    @RolesAllowed({ Roles.AUDITOR, Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER })
    @Operation(operationId = "listStatusReviews", summary = "Status reviews opened by home deliveries (a death reported at the door)",
            description = "Open reviews (no status change recorded since; all with all=true) of the areas the caller covers, "
                    + "newest first, at most 500.")
    public Uni<List<StatusReviewView>> statusReviews(@QueryParam("area") @Pattern(regexp = "[0-9]{2}|[0-9]{3}|[0-9]{5}") String area,
            @QueryParam("all") @DefaultValue("false") boolean all) {
        return service.statusReviews(caller.get(), area, all).map(list -> list.stream().map(r -> new StatusReviewView(r.id(),
                r.beneficiaryId(), r.communeCode(), r.reason(), r.deliveryId(), r.confirmationId(), r.openedBy(), r.openedAt(),
                r.statusSince())).toList());
    }

    @Schema(name = "DeliveryFlagReview")
    public record ReviewRequest(@NotNull @Pattern(regexp = "CLEARED|CONFIRMED") String resolution,
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 1000) String note) {
    }

    @POST
    @Path("/flags/{flagId}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER })
    @Operation(operationId = "reviewDeliveryFlag", summary = "Decide on a flag: CLEARED (explained) or CONFIRMED",
            description = "Leaves the review queue; the decision, who made it and why stay with the flag. Audited.")
    @APIResponse(responseCode = "204", description = "Reviewed")
    @APIResponse(responseCode = "409", description = "Already reviewed")
    public Uni<Void> review(@PathParam("flagId") long flag, @NotNull @Valid ReviewRequest body) {
        return service.review(caller.get(), flag, body.resolution(), body.note());
    }

    @GET
    @Path("/custody")
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER, Roles.AUDITOR })
    @Operation(operationId = "getCashCustody", summary = "Cash per field officer for a cycle: advanced, delivered, returned, held")
    public Uni<CustodyReport> custody(@QueryParam("cycleId") @NotNull UUID cycle) {
        return service.custody(caller.get(), cycle).map(rows -> CustodyReport.of(cycle, rows));
    }

    @POST
    @Path("/custody")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "recordCashMovement", summary = "Record cash handed to a field officer, or brought back",
            description = "Idempotent by the movement id. A RETURN may not exceed what the officer holds.")
    @APIResponse(responseCode = "201", description = "Recorded; the cycle's custody report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustodyReport.class)))
    @APIResponse(responseCode = "200", description = "Already recorded (same id); the cycle's custody report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustodyReport.class)))
    @APIResponse(responseCode = "422", description = "A return larger than the cash held")
    public Uni<RestResponse<CustodyReport>> cash(@NotNull @Valid CashMovementRequest body) {
        Caller c = caller.get();
        return service.cashMovement(c, body.id(), body.cycleId(), body.officer(), body.kind(), body.amountVnd(), body.note())
                .flatMap(created -> service.custody(c, body.cycleId()).map(rows -> RestResponse.ResponseBuilder
                        .ok(CustodyReport.of(body.cycleId(), rows)).status(created ? 201 : 200).build()));
    }

    @PUT
    @Path("/reference-points/{communeCode}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "setCommuneReferencePoint", summary = "Set the commune's reference point for the distance signal")
    @APIResponse(responseCode = "204", description = "Set")
    public Uni<Void> referencePoint(@PathParam("communeCode") @Pattern(regexp = "[0-9]{5}") String commune,
            @NotNull @Valid ReferencePointRequest body) {
        return service.setReferencePoint(caller.get(), commune, body.latitude(), body.longitude());
    }
}
