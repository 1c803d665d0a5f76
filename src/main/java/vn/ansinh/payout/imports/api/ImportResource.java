package vn.ansinh.payout.imports.api;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.api.AreaMappingView;
import vn.ansinh.payout.area.legacy.LegacyAreas;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.api.Messages;
import vn.ansinh.payout.common.api.Problem;
import vn.ansinh.payout.imports.repository.ImportRepository;
import vn.ansinh.payout.imports.service.ImportFile;
import vn.ansinh.payout.imports.service.ImportService;
import vn.ansinh.payout.security.CurrentCaller;
import vn.ansinh.payout.security.Roles;

@Path("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk import of existing beneficiary lists")
public class ImportResource {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /**
     * An import takes minutes at most (100,000 rows in about 30 s); one still unfinished this long after
     * it was submitted was cut short by a stop of the service. Its committed chunks of 1,000 rows stay;
     * uploading the same file again finishes it (rows already in are UNCHANGED).
     */
    static final java.time.Duration INTERRUPTED_AFTER = java.time.Duration.ofMinutes(30);

    @Schema(name = "ImportJob")
    public record JobView(UUID id, String fileName, @Schema(description = "SHA-256 of the uploaded file") String fileSha256,
            String format, String submittedBy, OffsetDateTime submittedAt, OffsetDateTime finishedAt,
            @Schema(enumeration = { "RUNNING", "FINISHED", "INTERRUPTED" }, description = "INTERRUPTED: still unfinished "
                    + "30 minutes after it was submitted (the service stopped meanwhile). The rows of the chunks already "
                    + "written are kept (see /rows); uploading the same file again completes the import") String state,
            int totalRows, int created, int updated, int unchanged, int rejected,
            @Schema(description = "Rows placed from old (pre-2025) area codes; each row's mapping is in /rows") int legacyMapped) {

        static JobView of(ImportRepository.Job j, java.time.Instant now) {
            String state = j.finishedAt() != null ? "FINISHED"
                    : j.submittedAt().toInstant().isBefore(now.minus(INTERRUPTED_AFTER)) ? "INTERRUPTED"
                    : "RUNNING";
            return new JobView(j.id(), j.fileName(), j.fileSha256(), j.format(), j.submittedBy(), j.submittedAt(),
                    j.finishedAt(), state, j.totalRows(), j.created(), j.updated(), j.unchanged(), j.rejected(), j.legacyMapped());
        }
    }

    @Schema(name = "ImportRow")
    public record RowView(@Schema(description = "Row in the file (the header is row 1)") int rowNumber,
            @Schema(enumeration = { "CREATED", "UPDATED", "UNCHANGED", "REJECTED" }) String outcome, UUID beneficiaryId,
            List<Problem.FieldError> errors,
            @Schema(description = "Present when the row carried old (pre-2025) area codes: how they were mapped") AreaMappingView areaMapping) {
    }

    private final ImportService service;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final Clock clock;

    public ImportResource(ImportService service, CurrentCaller caller, ObjectMapper json, Clock clock) {
        this.service = service;
        this.caller = caller;
        this.json = json;
        this.clock = clock;
    }

    @POST
    @Consumes({ "text/csv", XLSX })
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER })
    @Operation(operationId = "importBeneficiaries", summary = "Import a beneficiary list (CSV or XLSX)",
            description = "Send the file as the body (Content-Type text/csv, UTF-8, or the XLSX type). Columns (header row): "
                    + "national_id, full_name, date_of_birth (dd/MM/yyyy or yyyy-MM-dd), sex (Nam/Nữ), commune_code, address, "
                    + "phone, mobility, program, category_code, variant, children_count, decision_number, decision_date, "
                    + "start_month (MM/yyyy or yyyy-MM); a list made before July 2025 may give old_province_code, "
                    + "old_district_code and old_commune_code (2, 3 and 5 digits) instead of or beside commune_code: they "
                    + "are mapped to the 2025 commune and each row's mapping is in the report (an old commune split across "
                    + "several 2025 communes needs commune_code, one of them). Good rows are stored whatever the bad ones do; each row's outcome "
                    + "is in the job's report. Importing the same file again changes nothing. Up to 64 MB and 200,000 rows "
                    + "(ansinh.imports.*); an XLSX may inflate to 256 MB at most.")
    @APIResponse(responseCode = "201", description = "Imported; the counts are in the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "413", description = "File too large")
    @APIResponse(responseCode = "415", description = "Neither CSV nor XLSX")
    @APIResponse(responseCode = "422", description = "The file cannot be read, lacks required columns, or is over a budget "
            + "(rows, columns, row length, zip entries, inflated size or ratio): the problem names the setting")
    @APIResponse(responseCode = "503", description = "The database is unavailable, or the service is receiving many uploads; retry after Retry-After seconds")
    public Uni<RestResponse<JobView>> upload(
            @RequestBody(content = { @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
            java.nio.file.Path body, @Context HttpHeaders headers,
            @Parameter(description = "The file's name, for the report") @QueryParam("fileName") @Size(max = 200)
            @Pattern(regexp = "[^/\\\\]*") String fileName) {
        ImportFile.Format format = XLSX.equalsIgnoreCase(headers.getMediaType().getType() + "/" + headers.getMediaType().getSubtype())
                ? ImportFile.Format.XLSX : ImportFile.Format.CSV;
        return service.importFile(caller.get(), body, format, fileName).map(job -> RestResponse.ResponseBuilder
                .<JobView>created(URI.create("/api/v1/imports/" + job.id())).entity(JobView.of(job, clock.now())).build())
                // the spooled upload is deleted whatever the outcome: imported, refused, failed or cancelled
                .eventually(() -> delete(body));
    }

    private static void delete(java.nio.file.Path file) {
        if (file == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            // the spool sweep removes it once no upload is in flight (BodyBudgets)
            io.quarkus.logging.Log.warnf("could not delete an uploaded list: %s", e.toString());
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "getImport", summary = "An import job and its counts")
    public Uni<JobView> get(@PathParam("id") UUID id) {
        return service.job(caller.get(), id).map(job -> JobView.of(job, clock.now()));
    }

    @GET
    @Path("/{id}/rows")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER, Roles.AUDITOR })
    @Operation(operationId = "listImportRows", summary = "The row-by-row report of an import")
    public Uni<Page<RowView>> rows(@PathParam("id") UUID id,
            @QueryParam("outcome") @Pattern(regexp = "CREATED|UPDATED|UNCHANGED|REJECTED") String outcome,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size,
            @Context HttpHeaders headers) {
        Locale locale = Messages.choose(headers.getAcceptableLanguages());
        return service.report(caller.get(), id, outcome, page, size).map(p -> p.map(r -> new RowView(r.rowNumber(),
                r.outcome(), r.beneficiaryId(), errors(r.errors(), locale), mapping(r.areaMapping()))));
    }

    private AreaMappingView mapping(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return AreaMappingView.of(json.readValue(stored, LegacyAreas.Mapping.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Problem.FieldError> errors(String stored, Locale locale) {
        if (stored == null) {
            return null;
        }
        try {
            List<Problem.FieldError> errors = json.readValue(stored, new TypeReference<List<Problem.FieldError>>() {
            });
            return errors.stream().map(e -> new Problem.FieldError(e.field(), e.code(),
                    e.message() != null && e.message().startsWith("field.") ? Messages.get(locale, e.message()) : e.message()))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
