package vn.ansinh.payout.cycle.api;

import java.io.InputStream;

import vn.ansinh.payout.change.api.ChangeRequestView;
import vn.ansinh.payout.change.service.ChangeRequests;
import java.net.URI;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.cycle.api.CycleViews.CycleView;
import vn.ansinh.payout.cycle.repository.ReconciliationRepository;
import vn.ansinh.payout.cycle.service.CycleService;
import vn.ansinh.payout.cycle.service.DisbursementFiles;
import vn.ansinh.payout.cycle.service.ReconciliationService;
import vn.ansinh.payout.registry.Program;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/cycles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment cycles", description = "Monthly payroll, approval, disbursement to the provider, results and closing")
public class CycleResource {

    /** The G2P Connect-aligned JSON disbursement file. */
    public static final String G2P_JSON = MediaType.APPLICATION_JSON;
    private static final String READERS_NOTE = " Province officers, commune officers (their province), auditors and the payment provider read.";

    private final CycleService service;
    private final ReconciliationService reconciliation;
    private final ReconciliationRepository reconciliations;
    private final CurrentCaller caller;
    private final ChangeRequests changes;

    public CycleResource(CycleService service, ReconciliationService reconciliation, ReconciliationRepository reconciliations,
            CurrentCaller caller, ChangeRequests changes) {
        this.changes = changes;
        this.service = service;
        this.reconciliation = reconciliation;
        this.reconciliations = reconciliations;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "openCycle", summary = "Open a cycle and generate its payroll",
            description = "One cycle per province, program and month. Generates the payroll from the registry as a sealed "
                    + "snapshot: regular allowances, arrears, adjustments, carry-over and funeral support, each line with the "
                    + "payment method and recipient in force. Idempotent: when the cycle exists it is returned as it is (200); "
                    + "two concurrent calls produce one payroll.")
    @APIResponse(responseCode = "201", description = "Opened and generated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "200", description = "The cycle existed already; returned unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "409", description = "An earlier cycle of the province and program is not approved")
    @APIResponse(responseCode = "422", description = "Not a province, a month too far ahead, or no standard level")
    public Uni<RestResponse<CycleView>> open(@NotNull @Valid CycleViews.OpenCycle body) {
        Caller c = caller.get();
        return service.open(c, body.provinceCode(), Program.valueOf(body.program()), YearMonth.parse(body.month()))
                .flatMap(o -> detail(c, o.cycle()).map(view -> o.generated()
                        ? RestResponse.ResponseBuilder.<CycleView>created(URI.create("/api/v1/cycles/" + view.id())).entity(view).build()
                        : RestResponse.ok(view)));
    }

    @GET
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "listCycles", summary = "Cycles in the caller's provinces" + READERS_NOTE)
    public Uni<Page<CycleView>> list(@QueryParam("province") @Pattern(regexp = "[0-9]{2}") String province,
            @QueryParam("program") @Pattern(regexp = "SOCIAL_ASSISTANCE|SOCIAL_PENSION|MERIT") String program,
            @QueryParam("month") @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String month,
            @QueryParam("status") @Pattern(regexp = "DRAFT|GENERATED|APPROVED|DISBURSING|CLOSED") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return service.list(caller.get(), province, program == null ? null : Program.valueOf(program),
                month == null ? null : YearMonth.parse(month), status, page, size)
                .map(p -> p.map(cycle -> CycleView.of(cycle, null, null)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "getCycle", summary = "A cycle with its control totals and transitions" + READERS_NOTE)
    public Uni<CycleView> get(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.get(c, id).flatMap(cycle -> detail(c, cycle));
    }

    private Uni<CycleView> detail(Caller c, vn.ansinh.payout.cycle.repository.CycleRepository.Cycle cycle) {
        return service.totals(c, cycle).flatMap(totals -> service.transitions(cycle.id())
                .map(transitions -> CycleView.of(cycle, totals, transitions)));
    }

    @POST
    @Path("/{id}/generation")
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "regenerateCycle", summary = "Generate the payroll again from the registry as it is now",
            description = "Only before approval. The lines hash changes if the registry changed, and the approver must "
                    + "confirm the new one.")
    @APIResponse(responseCode = "200", description = "Generated again; a new linesSha256 if the registry changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "409", description = "The cycle is approved: the payroll is sealed")
    public Uni<CycleView> regenerate(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.regenerate(c, id).flatMap(cycle -> detail(c, cycle));
    }

    @POST
    @Path("/{id}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "approveCycle", summary = "Approve a generated payroll (four eyes)",
            description = "The approver cannot be the officer who generated it, and names the linesSha256 they reviewed. "
                    + "From here on the lines never change; home deliveries are created for HOME_DELIVERY lines.")
    @APIResponse(responseCode = "200", description = "Approved: the cycle, APPROVED, with approvedBy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "403", description = "SEPARATION_OF_DUTIES: the caller generated the payroll (a job-generated "
            + "payroll needs a human approver); or outside the province")
    @APIResponse(responseCode = "412", description = "The payroll changed since the hash the approver reviewed")
    public Uni<CycleView> approve(@PathParam("id") UUID id, @NotNull @Valid CycleViews.Approval body) {
        Caller c = caller.get();
        return service.approve(c, id, body.linesSha256(), body.note()).flatMap(cycle -> detail(c, cycle));
    }

    @POST
    @Path("/{id}/disbursements")
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "releaseCycle", summary = "Release an approved cycle to the payment provider",
            description = "Fixes the disbursement file (bank and e-wallet lines): count, amount and SHA-256 of the CSV and "
                    + "JSON forms. The cycle becomes DISBURSING. The releaser is never the approver (maker-checker), and a "
                    + "payroll generated by the scheduled job needs a human approver and a different human releaser.")
    @APIResponse(responseCode = "200", description = "Released: the cycle, DISBURSING, with releasedBy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "403", description = "SEPARATION_OF_DUTIES: the caller approved this payroll; or outside the province")
    public Uni<CycleView> release(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.release(c, id).flatMap(cycle -> detail(c, cycle));
    }

    @GET
    @Path("/{id}/disbursements")
    @Produces("text/csv")
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "downloadDisbursementsCsv", summary = "The payment provider's disbursement file, CSV",
            description = "Accept: text/csv. One transfer per bank or e-wallet line: reference_id, payee_name, channel, "
                    + "bank_bin, account_number, wallet_provider, wallet_account, amount_vnd, currency (VND), note. The same "
                    + "bytes every time; X-Checksum-SHA256 carries the SHA-256 fixed at release. Every download is recorded "
                    + "in the audit trail. The same transfers as a G2P Connect disburse request: downloadDisbursementsG2p.")
    @APIResponse(responseCode = "200", description = "The file (the same bytes every time)",
            headers = @Header(name = "X-Checksum-SHA256", description = "SHA-256 of the file, fixed at release",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "409", description = "The cycle is not released yet")
    @Blocking
    public Response downloadCsv(@PathParam("id") UUID id) {
        return download(id, DisbursementFiles.Format.CSV);
    }

    @GET
    @Path("/{id}/disbursements")
    @Produces(G2P_JSON)
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    // the G2P form by Accept on the CSV's path, as providers integrated before it had a path of its own; documented
    // at /{id}/disbursements/g2p, because a generated client cannot choose between two forms of one operation
    @Operation(hidden = true)
    @Blocking
    public Response downloadG2pByAccept(@PathParam("id") UUID id) {
        return download(id, DisbursementFiles.Format.JSON);
    }

    @GET
    @Path("/{id}/disbursements/g2p")
    @Produces(G2P_JSON)
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "downloadDisbursementsG2p", summary = "The payment provider's disbursement file, G2P Connect JSON",
            description = "The transfers of the CSV as a G2P Connect disburse request: header (message_id = the cycle's code, "
                    + "message_ts = its approval, total_count, total_amount) and message.disbursements with reference_id, "
                    + "payer_fa, payee_fa (account:<number>@<bin>.napas or mobile:<wallet>@<provider>), payee_name, amount, "
                    + "currency_code VND, note. The same bytes every time; X-Checksum-SHA256 carries the SHA-256 fixed at "
                    + "release. Every download is recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "The file (the same bytes every time)",
            headers = @Header(name = "X-Checksum-SHA256", description = "SHA-256 of the file, fixed at release",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = G2P_JSON, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "409", description = "The cycle is not released yet")
    @Blocking
    public Response downloadG2p(@PathParam("id") UUID id) {
        return download(id, DisbursementFiles.Format.JSON);
    }

    /**
     * Scope, state and checksum are settled before the first byte (a refusal is a plain problem
     * response); the file then streams from the database page by page on this worker thread.
     */
    private Response download(UUID id, DisbursementFiles.Format format) {
        CycleService.Download d = service.download(caller.get(), id, format).await().indefinitely();
        StreamingOutput body = out -> {
            for (byte[] chunk : d.content().subscribe().asIterable()) {
                out.write(chunk);
            }
        };
        return Response.ok(body).header("X-Checksum-SHA256", d.sha256())
                .header("Content-Disposition", "attachment; filename=\"" + d.cycle().code()
                        + (format == DisbursementFiles.Format.CSV ? ".csv\"" : ".json\""))
                .build();
    }

    @POST
    @Path("/{id}/reconciliations")
    @Consumes("text/csv")
    @Blocking
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "uploadResults", summary = "Apply the payment provider's results file",
            description = "CSV with the header reference_id,status,amount_vnd,provider_reference,paid_at,failure_code,"
                    + "failure_detail; status PAID (provider_reference and paid_at, ISO-8601 with offset) or FAILED "
                    + "(failure_code ACCOUNT_CLOSED, NAME_MISMATCH, ACCOUNT_NOT_FOUND, LIMIT_EXCEEDED, PROVIDER_ERROR, "
                    + "RECIPIENT_ABSENT, RECIPIENT_DECEASED or OTHER). amount_vnd must equal the line's. Applying a file "
                    + "again changes nothing; a result conflicting with a settled line is refused and listed in the "
                    + "rejections. Up to 128 MB.")
    @APIResponse(responseCode = "201", description = "Applied; counts in the body, refused rows under rejections (a provider's rows for lines of channels it does not serve: NOT_YOUR_LINE)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleViews.ReconciliationView.class)))
    @APIResponse(responseCode = "409", description = "The cycle is not disbursing")
    @APIResponse(responseCode = "422", description = "Not a readable results file")
    public RestResponse<CycleViews.ReconciliationView> upload(@PathParam("id") UUID id, InputStream body) {
        var r = reconciliation.applyFile(caller.get(), id, body);
        return RestResponse.ResponseBuilder.<CycleViews.ReconciliationView>created(
                URI.create("/api/v1/cycles/" + id + "/reconciliations/" + r.id())).entity(CycleViews.ReconciliationView.of(r)).build();
    }

    @GET
    @Path("/{id}/reconciliations")
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listReconciliations", summary = "Results files and callbacks applied to a cycle")
    public Uni<List<CycleViews.ReconciliationView>> reconciliations(@PathParam("id") UUID id) {
        return service.get(caller.get(), id).flatMap(cycle -> reconciliations.list(id))
                .map(list -> list.stream().map(CycleViews.ReconciliationView::of).toList());
    }

    @GET
    @Path("/{id}/reconciliations/{reconciliationId}/rejections")
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listRejections", summary = "The rows of a results file or callback that were refused, and why")
    public Uni<Page<CycleViews.RejectionView>> rejections(@PathParam("id") UUID id,
            @PathParam("reconciliationId") UUID reconciliationId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return service.get(caller.get(), id).flatMap(cycle -> reconciliations.find(id, reconciliationId)).flatMap(r -> {
            if (r == null) {
                return Uni.createFrom().failure(vn.ansinh.payout.common.api.ApiException.notFound("reconciliation"));
            }
            return reconciliations.rejections(reconciliations.pool(), reconciliationId, page, size)
                    .flatMap(items -> reconciliations.rejectionCount(reconciliationId).map(total -> Page.of(
                            items.stream().map(x -> new CycleViews.RejectionView(x.rowNo(), x.reference(), x.reason())).toList(),
                            page, size, total)));
        });
    }

    @GET
    @Path("/{id}/payments")
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "listPayments", summary = "The payroll's lines and where each stands",
            description = "Lines in the caller's communes (or the commune asked for). Accounts are masked; the category "
                    + "is not shown to the payment provider. state=OPEN lists lines neither paid nor carried over: the "
                    + "per-commune payment-point list is channel=CASH_AT_POINT&commune=…")
    public Uni<Page<CycleViews.PaymentView>> payments(@PathParam("id") UUID id,
            @QueryParam("commune") @Pattern(regexp = "[0-9]{2,5}") String commune,
            @QueryParam("channel") @Pattern(regexp = "BANK_ACCOUNT|E_WALLET|CASH_AT_POINT|HOME_DELIVERY") String channel,
            @QueryParam("kind") @Pattern(regexp = "REGULAR|ARREARS|ADJUSTMENT|FUNERAL|CARRY_OVER|LEVEL_DIFFERENCE") String kind,
            @QueryParam("state") @Pattern(regexp = "PENDING|PAID|FAILED|REROUTED|CARRIED_OVER|OPEN") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        Caller c = caller.get();
        boolean showCategory = !c.hasRole(Roles.PAYMENT_PROVIDER) || c.hasRole(Roles.PROVINCE_OFFICER) || c.hasRole(Roles.AUDITOR);
        return service.payments(c, id, commune, channel, kind, state, page, size)
                .map(p -> p.map(l -> CycleViews.PaymentView.of(l, showCategory)));
    }

    @POST
    @Path("/{id}/payments/{lineNo}/reroute")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "reroutePayment", summary = "Ask to pay a failed line again in cash, within the cycle",
            description = "Only a FAILED line. CASH_AT_POINT or HOME_DELIVERY (which creates a home delivery). Stores a change "
                    + "request (PENDING_CHECK); another province officer's approval re-routes the line.")
    @APIResponse(responseCode = "202", description = "Waiting for a second province officer's check: the change request, PENDING_CHECK (its Location is /api/v1/change-requests/{id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "409", description = "The line is not failed, the cycle is not approved or disbursing, or a re-route is already waiting")
    public Uni<RestResponse<ChangeRequestView>> reroute(@PathParam("id") UUID id, @PathParam("lineNo") @Min(1) int lineNo,
            @NotNull @Valid CycleViews.Reroute body) {
        return service.reroute(caller.get(), id, lineNo, body.channel(), body.paymentPointId(), body.reason())
                .flatMap(changes::reload).map(this::accepted);
    }

    @POST
    @Path("/{id}/carry-overs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "carryOverPayments", summary = "Ask to carry unpaid lines over to the next cycle",
            description = "Lines neither paid nor carried over (all, or the listed numbers), once another province officer "
                    + "approves the change request. The next cycle of the program pays them as CARRY_OVER lines.")
    @APIResponse(responseCode = "202", description = "Waiting for a second province officer's check: the change request, PENDING_CHECK (its Location is /api/v1/change-requests/{id})",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeRequestView.class)))
    @APIResponse(responseCode = "409", description = "The cycle is not disbursing, or a carry-over is already waiting")
    public Uni<RestResponse<ChangeRequestView>> carryOver(@PathParam("id") UUID id, @NotNull @Valid CycleViews.CarryOver body) {
        return service.carryOver(caller.get(), id, body.lineNos(), body.reason())
                .flatMap(changes::reload).map(this::accepted);
    }

    private RestResponse<ChangeRequestView> accepted(vn.ansinh.payout.change.ChangeRequest r) {
        return RestResponse.ResponseBuilder.<ChangeRequestView>create(RestResponse.Status.ACCEPTED)
                .location(URI.create("/api/v1/change-requests/" + r.id))
                .entity(ChangeRequestView.of(r, changes.summaryOf(r))).build();
    }

    @POST
    @Path("/{id}/closure")
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "closeCycle", summary = "Close a cycle that reconciles",
            description = "Every line must be paid or carried over, the lines must still match their hash and the control "
                    + "totals. Otherwise 409 with `blockers` saying why.")
    @APIResponse(responseCode = "200", description = "Closed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CycleView.class)))
    @APIResponse(responseCode = "409", description = "The cycle does not reconcile (see blockers) or is not disbursing")
    public Uni<CycleView> close(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return service.close(c, id).flatMap(cycle -> detail(c, cycle));
    }

    @GET
    @Path("/{id}/comparison")
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "compareCycle", summary = "Changes against the previous month's cycle (tăng / giảm / điều chỉnh)",
            description = "ADDED, REMOVED and CHANGED regular allowances with their reasons, and the ONE_OFF lines (arrears, "
                    + "adjustments, carry-over, funeral support): the list sent to the payment provider before the 25th.")
    public Uni<Page<CycleViews.ChangeView>> comparison(@PathParam("id") UUID id,
            @QueryParam("commune") @Pattern(regexp = "[0-9]{2,5}") String commune,
            @QueryParam("change") @Pattern(regexp = "ADDED|REMOVED|CHANGED|ONE_OFF") String change,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return service.comparison(caller.get(), id, commune, change, page, size).map(p -> p.map(CycleViews.ChangeView::of));
    }
}
