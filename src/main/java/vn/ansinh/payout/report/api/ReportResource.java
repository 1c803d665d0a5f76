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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.report.repository.ReportRepository.Snapshot;
import vn.ansinh.payout.report.service.NationalExport;
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
    private final NationalExport national;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public ReportResource(ReportService service, NationalExport national, CurrentCaller caller, ObjectMapper json) {
        this.service = service;
        this.national = national;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Path("/national-database")
    @Blocking
    @Produces(NationalExport.MEDIA_TYPE)
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "nationalDatabaseExport", summary = "The month's beneficiaries and payments for the national database",
            description = "For the national social-assistance database (MISPOSASOFT), whose import format is not public: our "
                    + "versioned interchange file `" + NationalExport.FORMAT + "` " + NationalExport.VERSION + ", JSON Lines "
                    + "(docs/national-export.md): a header line (format, version, province, month, row counts), one line per "
                    + "person paid that month (national ID in full), one per payment line, and a trailer line with the counts "
                    + "and the SHA-256 of every byte before it. Province officers and auditors of the province; every export "
                    + "is recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "The interchange file (JSON Lines, UTF-8)",
            content = @Content(mediaType = NationalExport.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response nationalDatabase(@QueryParam("province") @NotNull @Pattern(regexp = "[0-9]{2}") String province,
            @QueryParam("month") @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") String month) {
        NationalExport.Export e = national.prepare(caller.get(), province, YearMonth.parse(month)).await().indefinitely();
        StreamingOutput body = out -> national.write(e, out);
        return Response.ok(body, NationalExport.MEDIA_TYPE + "; charset=UTF-8").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"" + NationalExport.FORMAT + "-" + NationalExport.VERSION
                        + "-" + province + "-" + month + ".jsonl\"").build();
    }

    @GET
    @Path("/progress")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "progressReport", summary = "Account-collection progress of a month in an area",
            description = "People in payment (a regular line of an approved cycle that month, where they lived that month), "
                    + "their registered method by type, registrations submitted (by submission date) and decided that month, "
                    + "identity and account checks passed (of the registrations decided that month, so a past month's figure "
                    + "does not move), the month's lines and amounts due and paid by the channel they went through (after "
                    + "re-routes), the cashless share as registered and as paid, each beside the previous month. `format` "
                    + "(json, csv, xlsx) or Accept chooses the format: JSON has codes and fractions, CSV and XLSX Vietnamese "
                    + "labels, dd/MM/yyyy, 1.234.567 and percentages to one decimal. An area outside the caller's scope is "
                    + "refused (403), never narrowed.")
    @APIResponse(responseCode = "200", description = "The report: JSON (ReportDocument), CSV (UTF-8 with BOM) or XLSX",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportDocument.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
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
                    + "`area` defaults to the caller's own scope: the cycle's province for whoever covers it, else the "
                    + "caller's one area inside it (a commune officer's commune); a caller with several names one (422).")
    @APIResponse(responseCode = "200", description = "The report: JSON (ReportDocument), CSV (UTF-8 with BOM) or XLSX",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportDocument.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
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
    @APIResponse(responseCode = "200", description = "The report: JSON (ReportDocument), CSV (UTF-8 with BOM) or XLSX",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportDocument.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Response provider(@QueryParam("cycleId") @NotNull UUID cycle,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.providerReport(caller.get(), cycle), format, headers, "bao-cao-don-vi-chi-tra-" + cycle);
    }

    @GET
    @Path("/year-summary")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "yearSummaryReport", summary = "The progress and payout indicators per month of a year",
            description = "Per month: people in payment by registered method, the cashless share, the lines and amounts paid, "
                    + "failed, unpaid (no result yet) and carried over, and whether the month has ended (the current month is "
                    + "marked MONTH_IN_PROGRESS: its figures are provisional); then the year's total row (YEAR_TOTAL) of the "
                    + "lines and amounts.")
    @APIResponse(responseCode = "200", description = "The report: JSON (ReportDocument), CSV (UTF-8 with BOM) or XLSX",
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportDocument.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Response yearSummary(@QueryParam("year") @NotNull @Min(2020) @Max(2100) Integer year,
            @QueryParam("area") @NotNull @Pattern(regexp = "[0-9]{2,5}") String area,
            @QueryParam("format") @Pattern(regexp = FORMATS) String format, @Context HttpHeaders headers) {
        return write(service.yearSummary(caller.get(), year, area), format, headers, "tong-hop-" + area + "-" + year);
    }

    /** The JSON form of every report, for the OpenAPI document (written by {@code ReportWriters.json}). */
    @Schema(name = "ReportDocument", description = "A report: sections of rows; each row is an object keyed by the section's "
            + "column keys, with integers for counts and VND, fractions for percentages, ISO dates")
    public record ReportDocument(@Schema(example = "PROGRESS") String kind, String title, ReportArea area,
            @Schema(example = "2026-12") String period, OffsetDateTime producedAt, String producedBy,
            List<ReportSection> sections) {
    }

    @Schema(name = "ReportArea")
    public record ReportArea(@Schema(example = "51") String code, @Schema(example = "Tỉnh Quảng Ngãi") String name) {
    }

    @Schema(name = "ReportColumn", description = "A column: its key in the rows, its Vietnamese header, and how CSV and "
            + "XLSX show it (CODE: a code shown as its Vietnamese label; KEY: a row key, JSON only; PERCENT and POINTS: "
            + "fractions, shown as percentages to one decimal)")
    public record ReportColumn(String key, String label,
            @Schema(enumeration = { "TEXT", "CODE", "KEY", "MONTH", "COUNT", "VND", "PERCENT", "POINTS", "DATE", "DATETIME" })
            String type) {
    }

    @Schema(name = "ReportSection")
    public record ReportSection(String name, String title, List<ReportColumn> columns,
            @Schema(description = "Rows as objects: column key → value (string, integer, number or null)")
            List<java.util.Map<String, Object>> rows) {
    }

    @Schema(name = "ReportSnapshotRequest")
    public record FileRequest(@NotNull @Pattern(regexp = "[0-9]{2}") String provinceCode,
            @NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])") String month) {
    }

    @Schema(name = "ReportSnapshot", description = "A filed report: never changes; content is exactly what was filed")
    public record SnapshotView(UUID id, @Schema(enumeration = { "PROGRESS", "PAYOUT_RESULTS" }) String kind, String areaCode,
            @Schema(pattern = "^\\d{4}-(0[1-9]|1[0-2])$", example = "2026-12") String month,
            @Schema(description = "The cycle of a payout-results report; absent for a progress report") UUID cycleId,
            String sha256, OffsetDateTime frozenAt, String frozenBy, String href) {

        static SnapshotView of(Snapshot s) {
            return new SnapshotView(s.id(), s.kind(), s.areaCode(), YearMonth.from(s.month()).toString(), s.cycleId(),
                    s.sha256(), s.frozenAt(), s.frozenBy(), "/api/v1/reports/snapshots/" + s.id());
        }
    }

    @Schema(name = "PayoutResultsSnapshotRequest")
    public record FilePayoutResultsRequest(@NotNull UUID cycleId) {
    }

    @POST
    @Path("/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "fileProgressReport", summary = "File the province's progress report of a month",
            description = "The job does this on the 25th. Filing again returns the report filed first, unchanged.")
    @APIResponse(responseCode = "201", description = "Filed (or already filed: the first filing)",
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

    @POST
    @Path("/snapshots/payout-results")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVINCE_OFFICER)
    @Operation(operationId = "filePayoutResultsReport", summary = "File the province's payout-results report of a cycle",
            description = "Frozen like the progress report. The cycle must be approved (422 otherwise). Filing again "
                    + "returns the report filed first, unchanged.")
    @APIResponse(responseCode = "201", description = "Filed (or already filed: the first filing)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SnapshotView.class)))
    public Uni<Response> filePayoutResults(@NotNull @Valid FilePayoutResultsRequest body) {
        return service.filePayoutResults(caller.get(), body.cycleId()).map(s -> Response
                .created(URI.create("/api/v1/reports/snapshots/" + s.id())).entity(SnapshotView.of(s)).build());
    }

    @GET
    @Path("/snapshots/{id}")
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", ReportWriters.XLSX })
    @RolesAllowed({ Roles.PROVINCE_OFFICER, Roles.COMMUNE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getReportSnapshot", summary = "A filed report, exactly as filed",
            description = "JSON: the bytes filed; X-Content-SHA256 is their hash. CSV or XLSX (`format`, or Accept): the "
                    + "filed values written for people, like a live report; X-Filed-SHA256 is the hash of the filed JSON "
                    + "they come from. X-Frozen-At: when it was filed.")
    @APIResponse(responseCode = "200", description = "The filed report: JSON (ReportDocument), CSV (UTF-8 with BOM) or XLSX",
            headers = { @Header(name = "X-Content-SHA256", description = "JSON only: SHA-256 of the body, as filed",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "X-Filed-SHA256", description = "SHA-256 of the filed JSON", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "X-Frozen-At", description = "When it was filed", schema = @Schema(type = SchemaType.STRING)) },
            content = { @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportDocument.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    public Response snapshot(@PathParam("id") UUID id, @QueryParam("format") @Pattern(regexp = FORMATS) String format,
            @Context HttpHeaders headers) {
        Snapshot s = service.snapshot(caller.get(), id).await().indefinitely();
        String f = format != null ? format : chosen(headers);
        Response.ResponseBuilder b;
        if ("json".equals(f)) {
            b = Response.ok(s.content().getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON)
                    .header("X-Content-SHA256", s.sha256());
        } else {
            Report r;
            try {
                r = ReportWriters.fromJson(s.content(), json);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            b = body(r, f, "bao-cao-da-nop-" + s.kind().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                    + s.areaCode() + "-" + YearMonth.from(s.month()));
        }
        return b.header("X-Filed-SHA256", s.sha256()).header("X-Frozen-At", s.frozenAt().toString()).build();
    }

    private Response write(Uni<Report> report, String format, HttpHeaders headers, String fileName) {
        String f = format != null ? format : chosen(headers);
        return body(report.await().indefinitely(), f, fileName).build();
    }

    private Response.ResponseBuilder body(Report r, String f, String fileName) {
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
        return b;
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
