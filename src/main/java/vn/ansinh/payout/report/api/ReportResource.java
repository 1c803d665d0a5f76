package vn.ansinh.payout.report.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.report.repository.ReportRepository.Snapshot;
import vn.ansinh.payout.report.service.Report;
import vn.ansinh.payout.report.service.ReportService;
import vn.ansinh.payout.report.service.ReportWriters;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/reports")
@Tag(name = "Reports", description = "The monthly reports the province files, in JSON, CSV or XLSX")
public class ReportResource {

    private static final String FORMATS = "json|csv|xlsx";

    private final ReportService service;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public ReportResource(ReportService service, CurrentCaller caller, ObjectMapper json) {
        this.service = service;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Path("/progress")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "progressReport", summary = "Account-collection progress of a month in an area",
            description = "People in payment (a regular line of an approved cycle that month, where they lived that month), "
                    + "their registered method by type, registrations submitted and decided that month, identity and account "
                    + "checks passed, the cashless share, each beside the previous month. `format` (json, csv, xlsx) or Accept "
                    + "chooses the format. An area outside the caller's scope is refused (403), never narrowed.")
    public Response progress(@QueryParam("month") @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") String month,
            @QueryParam("area") @NotNull @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.progress(caller.get(), YearMonth.parse(month), area), format, headers, "tien-do-" + area + "-" + month);
    }

    @GET
    @Path("/payout-results")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR, Roles.PAYMENT_PROVIDER })
    @Operation(operationId = "payoutResultsReport", summary = "Payout results of a cycle in an area",
            description = "Lines and amounts by channel (after re-routes) and status, failures by reason; home deliveries "
                    + "confirmed, outstanding, flagged, and (province-wide) cash returned; the control totals against the lines. "
                    + "`area` defaults to the cycle's province.")
    public Response payoutResults(@QueryParam("cycleId") @NotNull UUID cycle,
            @QueryParam("area") @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.payoutResults(caller.get(), cycle, area), format, headers, "ket-qua-chi-tra-" + cycle);
    }

    @GET
    @Path("/provider")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PAYMENT_PROVIDER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "providerReport", summary = "The provider's report of a cycle: paid, unpaid, unspent balance",
            description = "The paid list (reference, name, commune, channel, amount, date, provider reference), the unpaid list "
                    + "(carried over, failed or without a result, with the reason) and the balance. Written as it is read, so "
                    + "a million-line cycle streams in any format.")
    public Response provider(@QueryParam("cycleId") @NotNull UUID cycle,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.providerReport(caller.get(), cycle), format, headers, "bao-cao-don-vi-chi-tra-" + cycle);
    }

    @GET
    @Path("/year-summary")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "yearSummaryReport", summary = "The progress and payout indicators per month of a year")
    public Response yearSummary(@QueryParam("year") @NotNull @Min(2020) @Max(2100) Integer year,
            @QueryParam("area") @NotNull @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.yearSummary(caller.get(), year, area), format, headers, "tong-hop-" + area + "-" + year);
    }

    @Schema(name = "ReportSnapshotRequest")
    public record FileRequest(@NotNull @Pattern(regexp = "[0-9]{2}") String provinceCode,
            @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") String month) {
    }

    @Schema(name = "ReportSnapshot", description = "A filed report: never changes; content is exactly what was filed")
    public record SnapshotView(UUID id, String kind, String areaCode, String month, String sha256, OffsetDateTime frozenAt,
            String frozenBy, String href) {

        static SnapshotView of(Snapshot s) {
            return new SnapshotView(s.id(), s.kind(), s.areaCode(), YearMonth.from(s.month()).toString(), s.sha256(),
                    s.frozenAt(), s.frozenBy(), "/api/v1/reports/snapshots/" + s.id());
        }
    }

    @POST
    @Path("/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "fileProgressReport", summary = "File the province's progress report of a month",
            description = "The job does this on the 25th. Filing again returns the report filed first, unchanged.")
    @APIResponse(responseCode = "201", description = "Filed (or already filed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SnapshotView.class)))
    public Uni<Response> file(@NotNull @Valid FileRequest body) {
        return service.file(caller.get(), body.provinceCode(), YearMonth.parse(body.month())).map(s -> Response
                .created(URI.create("/api/v1/reports/snapshots/" + s.id())).entity(SnapshotView.of(s)).build());
    }

    @GET
    @Path("/snapshots")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listReportSnapshots", summary = "Filed reports of the caller's areas, newest first")
    public Uni<List<SnapshotView>> snapshots(@QueryParam("area") @Pattern(regexp = "[0-9]{2,5}") String area) {
        return service.snapshots(caller.get(), area).map(list -> list.stream().map(SnapshotView::of).toList());
    }

    @GET
    @Path("/snapshots/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getReportSnapshot", summary = "A filed report, exactly as filed",
            description = "The JSON as it was produced when filed; X-Content-SHA256 is its hash and X-Frozen-At when it was filed.")
    @APIResponse(responseCode = "200", description = "The report as filed (the JSON of the progress report)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi
                    .annotations.enums.SchemaType.OBJECT, additionalProperties = Schema.True.class)))
    public Uni<Response> snapshot(@PathParam("id") UUID id) {
        return service.snapshot(caller.get(), id).map(s -> Response.ok(s.content().getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON).header("X-Content-SHA256", s.sha256())
                .header("X-Frozen-At", s.frozenAt().toString()).build());
    }

    private Response write(Uni<Report> report, String format, HttpHeaders headers, String fileName) {
        String f = format != null ? format : chosen(headers);
        Report r = report.await().indefinitely();
        StreamingOutput body = out -> {
            switch (f) {
                case "csv" -> ReportWriters.csv(r, out);
                case "xlsx" -> ReportWriters.xlsx(r, out);
                default -> ReportWriters.json(r, out, json);
            }
        };
        String type = switch (f) {
            case "csv" -> "text/csv; charset=UTF-8";
            case "xlsx" -> ReportWriters.XLSX;
            default -> MediaType.APPLICATION_JSON;
        };
        Response.ResponseBuilder b = Response.ok(body, type).header("Cache-Control", "no-store");
        if (!"json".equals(f)) {
            b.header("Content-Disposition", "attachment; filename=\"" + fileName + "." + f + "\"");
        }
        return b.build();
    }

    private static String chosen(HttpHeaders headers) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            String t = m.getType() + "/" + m.getSubtype();
            if ("text/csv".equals(t)) {
                return "csv";
            }
            if (ReportWriters.XLSX.equals(t)) {
                return "xlsx";
            }
            if (MediaType.APPLICATION_JSON.equals(t)) {
                return "json";
            }
        }
        return "json";
    }
}
