package vn.ansinh.payout.registry.api;

import java.net.URI;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.change.api.ChangeRequestView;
import vn.ansinh.payout.change.service.ChangeRequests;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.registry.Beneficiary;
import vn.ansinh.payout.registry.service.BeneficiaryService;
import vn.ansinh.payout.registry.service.RegistryHistoryService;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/beneficiaries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Beneficiaries", description = "The registry of people paid")
public class BeneficiaryResource {

    private final BeneficiaryService service;
    private final CurrentCaller caller;
    private final ChangeRequests changes;

    private final RegistryHistoryService history;
    private final vn.ansinh.payout.common.Clock clock;

    public BeneficiaryResource(BeneficiaryService service, RegistryHistoryService history, CurrentCaller caller,
            vn.ansinh.payout.common.Clock clock, ChangeRequests changes) {
        this.changes = changes;
        this.service = service;
        this.history = history;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "createBeneficiary", summary = "Register a beneficiary with their entitlements",
            description = "One beneficiary per national ID: a second registration is 409 with a pointer to the "
                    + "existing record. The citizen ID must agree with the date of birth and sex.")
    @APIResponse(responseCode = "201", description = "Created; ETag carries the version", headers = @Header(name = "ETag", description = "Version for If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BeneficiaryView.class)))
    @APIResponse(responseCode = "409", description = "A beneficiary with this national ID exists (`existing` points to it)")
    public Uni<RestResponse<BeneficiaryView>> create(@NotNull @Valid NewBeneficiary body) {
        Caller c = caller.get();
        return service.create(c, body).map(r -> RestResponse.ResponseBuilder
                .<BeneficiaryView>created(URI.create("/api/v1/beneficiaries/" + r.beneficiary().id))
                .header(HttpHeaders.ETAG, etag(r.beneficiary()))
                .entity(view(c, r)).build());
    }

    @GET
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER })
    @Operation(operationId = "listBeneficiaries", summary = "Beneficiaries in the caller's areas",
            description = "Sorted by accent-folded name. `q` matches names without regard to accents or case. "
                    + "Naming a commune outside the caller's areas is 403.")
    public Uni<Page<BeneficiaryView>> list(
            @Parameter(example = "21211") @QueryParam("commune") @Pattern(regexp = "[0-9]{5}") String commune,
            @Parameter(example = "nguyen thi") @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("status") @Pattern(regexp = "ACTIVE|SUSPENDED|ENDED") String status,
            @Parameter(description = "WITHOUT_VERIFIED_METHOD: nobody has verified how they are paid; SHARED_ACCOUNT: "
                    + "their account or wallet is also another beneficiary's (flagged for review)")
            @QueryParam("worklist") vn.ansinh.payout.registry.repository.BeneficiaryRepository.Worklist worklist,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Caller c = caller.get();
        return service.search(c, commune, q, status, worklist, page, size)
                .map(p -> p.map(b -> view(c, new BeneficiaryService.Record(b, null))));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER })
    @Operation(operationId = "getBeneficiary", summary = "One beneficiary, with an ETag for updates")
    @APIResponse(responseCode = "200", description = "OK", headers = @Header(name = "ETag", description = "Version for If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BeneficiaryView.class)))
    public Uni<RestResponse<BeneficiaryView>> get(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.get(c, id).map(r -> RestResponse.ResponseBuilder.ok(view(c, r))
                .header(HttpHeaders.ETAG, etag(r.beneficiary())).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "updateBeneficiary", summary = "Update contact and situation details",
            description = "Optimistic concurrency: send the ETag you read in If-Match. A stale version is 412 "
                    + "(re-read and retry), a missing If-Match is 428. Changes are recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "Updated; ETag carries the new version", headers = @Header(name = "ETag", description = "Version for If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BeneficiaryView.class)))
    @APIResponse(responseCode = "412", description = "The record changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is required")
    public Uni<RestResponse<BeneficiaryView>> update(@PathParam("id") UUID id,
            @Parameter(description = "The ETag read before", example = "\"3\"") @HeaderParam("If-Match") String ifMatch,
            @NotNull @Valid BeneficiaryUpdate body) {
        Caller c = caller.get();
        long expected = parseIfMatch(ifMatch);
        return service.update(c, id, expected, body).map(r -> RestResponse.ResponseBuilder.ok(view(c, r))
                .header(HttpHeaders.ETAG, etag(r.beneficiary())).build());
    }

    @GET
    @Path("/{id}/allowance")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getBeneficiaryAllowance", summary = "The amount owed for a month, and why",
            description = "Standard level of the beneficiary's province in force that month × category coefficient, "
                    + "with the age and highest-coefficient rules (Nghị định 20/2021 Điều 6).")
    public Uni<AllowanceView> allowance(@PathParam("id") UUID id,
            @Parameter(example = "2026-01") @QueryParam("month") @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String month) {
        return service.allowance(caller.get(), id, YearMonth.parse(month)).map(r -> new AllowanceView(
                r.month().toString(), r.amountVnd(),
                r.paid().stream().map(l -> new AllowanceView.Line(l.entitlementId(), l.program().name(), l.categoryCode(),
                        l.coefficient(), l.standardLevelVnd(), l.amountVnd())).toList(),
                r.notPaid()));
    }

    @GET
    @Path("/{id}/payment-methods")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER })
    @Operation(operationId = "listBeneficiaryPaymentMethods", summary = "Payment methods over time, oldest first",
            description = "The open one (no `effectiveTo`) is in force from `effectiveFrom`; account numbers are masked.")
    public Uni<List<PaymentMethodView>> paymentMethods(@PathParam("id") UUID id) {
        return service.paymentMethods(caller.get(), id).map(list -> list.stream().map(PaymentMethodView::of).toList());
    }

    @GET
    @Path("/{id}/status-changes")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listBeneficiaryStatusChanges", summary = "Status history, oldest first")
    public Uni<List<StatusChangeView>> statusChanges(@PathParam("id") UUID id) {
        return history.statusChanges(caller.get(), id).map(l -> l.stream().map(StatusChangeView::of).toList());
    }

    @POST
    @Path("/{id}/status-changes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "changeBeneficiaryStatus", summary = "Ask to suspend, end or resume a beneficiary",
            description = "Stores a change request (PENDING_CHECK): the status changes, as a dated row, only when another "
                    + "officer approves it at /api/v1/change-requests/{id}/check. ENDED is final. Nobody is suspended automatically.")
    @APIResponse(responseCode = "202", description = "Waiting for a second officer's check: the change request, PENDING_CHECK (its Location is /api/v1/change-requests/{id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "409", description = "Already in that status, ended, or a status change is already waiting")
    public Uni<RestResponse<ChangeRequestView>> changeStatus(@PathParam("id") UUID id,
            @NotNull @Valid StatusChangeRequest body) {
        return history.changeStatus(caller.get(), id, body).map(this::accepted);
    }

    @GET
    @Path("/{id}/moves")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listBeneficiaryMoves", summary = "Moves between communes, oldest first")
    public Uni<List<MoveRequest.View>> moves(@PathParam("id") UUID id) {
        return history.moves(caller.get(), id).map(l -> l.stream().map(MoveRequest.View::of).toList());
    }

    @POST
    @Path("/{id}/moves")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "moveBeneficiary", summary = "Ask to move a beneficiary to another commune",
            description = "The maker and the checker must each cover both communes (usually province officers). Stores a "
                    + "change request (PENDING_CHECK); the move is written when another officer approves it.")
    @APIResponse(responseCode = "202", description = "Waiting for a second officer's check: the change request, PENDING_CHECK (its Location is /api/v1/change-requests/{id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "409", description = "Already in that commune, or a move is already waiting")
    public Uni<RestResponse<ChangeRequestView>> move(@PathParam("id") UUID id, @NotNull @Valid MoveRequest body) {
        return history.move(caller.get(), id, body).map(this::accepted);
    }

    @GET
    @Path("/{id}/representatives")
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR, Roles.FIELD_OFFICER })
    @Operation(operationId = "listBeneficiaryRepresentatives", summary = "Guardians and authorized persons",
            description = "Representatives are added through a verified registration, which records the commune's "
                    + "confirmation. `mayReceive` is false for an expired or unconfirmed authorization.")
    public Uni<List<RepresentativeView>> representatives(@PathParam("id") UUID id) {
        return history.representatives(caller.get(), id)
                .map(l -> l.stream().map(r -> RepresentativeView.of(r, clock.today())).toList());
    }

    @POST
    @Path("/{id}/representatives")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMMUNE_OFFICER)
    @Operation(operationId = "addBeneficiaryRepresentative", summary = "Ask to record a guardian or authorized person",
            description = "Stores a change request (PENDING_CHECK). Another commune officer, or a province officer, approves "
                    + "it: that approval is the commune's confirmation of the authorization (who, when). Outside its "
                    + "validity, a representative cannot receive.")
    @APIResponse(responseCode = "202", description = "Waiting for a second officer's check: the change request, PENDING_CHECK (its Location is /api/v1/change-requests/{id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "409", description = "A representative for this beneficiary is already waiting for its check")
    public Uni<RestResponse<ChangeRequestView>> addRepresentative(@PathParam("id") UUID id,
            @NotNull @Valid RepresentativeInput body) {
        return history.addRepresentative(caller.get(), id, body).map(this::accepted);
    }

    private RestResponse<ChangeRequestView> accepted(vn.ansinh.payout.change.ChangeRequest r) {
        return RestResponse.ResponseBuilder.<ChangeRequestView>create(RestResponse.Status.ACCEPTED)
                .location(URI.create("/api/v1/change-requests/" + r.id))
                .entity(ChangeRequestView.of(r, changes.summaryOf(r))).build();
    }

    static String etag(Beneficiary b) {
        return "\"" + b.version + "\"";
    }

    static long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(ErrorCode.PRECONDITION_REQUIRED, "detail.ifMatchRequired");
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "detail.staleVersion");
        }
    }

    private static BeneficiaryView view(Caller c, BeneficiaryService.Record r) {
        Beneficiary b = r.beneficiary();
        boolean seesEntitlements = r.entitlements() != null && (c.hasRole(Roles.COMMUNE_OFFICER)
                || c.hasRole(Roles.PROVINCE_OFFICER) || c.hasRole(Roles.AUDITOR));
        List<BeneficiaryView.EntitlementView> ents = seesEntitlements
                ? r.entitlements().stream().map(e -> new BeneficiaryView.EntitlementView(e.id, e.program.name(),
                        e.categoryCode, e.variant, e.childrenCount, e.decisionNumber, e.decisionDate,
                        YearMonth.from(e.startMonth).toString(),
                        e.endMonth == null ? null : YearMonth.from(e.endMonth).toString())).toList()
                : null;
        return new BeneficiaryView(b.id, PiiMasker.maskIdentifier(b.nationalId), b.nationalIdKind, b.fullName,
                b.dateOfBirth, b.sex, b.communeCode, b.legacyDistrictCode, b.legacyCommuneCode, b.addressLine,
                b.phoneE164 == null ? null : PiiMasker.maskIdentifier(b.phoneE164), b.mobility, b.status, b.version, ents);
    }
}
