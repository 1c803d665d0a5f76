package vn.ansinh.payout.imports.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.area.legacy.LegacyAreas;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.imports.repository.ImportRepository;
import vn.ansinh.payout.imports.repository.ImportRepository.Existing;
import vn.ansinh.payout.imports.repository.ImportRepository.ReportRow;
import vn.ansinh.payout.imports.service.ImportRowReader.ValidRow;
import vn.ansinh.payout.registry.repository.AllowanceReferenceRepository;
import vn.ansinh.payout.security.Caller;

/**
 * Imports a commune's existing beneficiary list. Every row ends CREATED, UPDATED, UNCHANGED or
 * REJECTED (with its reasons); good rows are kept whatever the bad ones do, and importing the same
 * file again leaves everything UNCHANGED. Rows are written in chunks, each chunk one transaction of
 * set-based statements with its audit entries.
 */
@ApplicationScoped
public class ImportService {

    static final int CHUNK = 1000;

    private final ImportRepository imports;
    private final AllowanceReferenceRepository reference;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final ImportFile.Limits limits;
    private final LegacyAreas legacyAreas;

    /** Imports being parsed on this replica: at most ansinh.imports.max-concurrent; taken without waiting. */
    private final ConcurrencyGuard running;

    public ImportService(ImportRepository imports, AllowanceReferenceRepository reference, Jurisdiction jurisdiction,
            AuditTrail audit, Clock clock, ObjectMapper json, ImportConfig config, LegacyAreas legacyAreas) {
        this.legacyAreas = legacyAreas;
        if (config.maxConcurrent() < 1) {
            throw new IllegalStateException("ansinh.imports.max-concurrent must be at least 1");
        }
        int maxConcurrent = config.maxConcurrent();
        this.running = new ConcurrencyGuard(maxConcurrent, () -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "detail.importsBusy", maxConcurrent).with("setting", "ansinh.imports.max-concurrent")
                .header("Retry-After", "30"));
        this.limits = new ImportFile.Limits(config.maxRows(), config.maxColumns(), config.maxLineLength(),
                config.maxEntries(), config.maxExpandedSize().asLongValue(), config.maxRatio(), config.maxSharedStringCount(),
                config.maxSharedStringsSize().asLongValue(), config.maxCellLength(),
                (int) Math.min(Integer.MAX_VALUE, config.maxTokenSize().asLongValue()), config.maxXmlDepth());
        this.imports = imports;
        this.reference = reference;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    private record Counts(int created, int updated, int unchanged, int rejected, int legacyMapped) {
        Counts plus(Counts o) {
            return new Counts(created + o.created, updated + o.updated, unchanged + o.unchanged, rejected + o.rejected,
                    legacyMapped + o.legacyMapped);
        }
    }

    /**
     * Imports the list spooled at {@code file}. A first pass reads the whole file (its hash, its row count and
     * every budget of {@link ImportFile.Limits}) so that a file that breaks one changes nothing; the second reads
     * it again a chunk of rows at a time, each chunk written in its own transaction. Neither holds the file or
     * its rows in memory beyond one chunk.
     */
    public Uni<ImportRepository.Job> importFile(Caller caller, Path file, ImportFile.Format format, String fileName) {
        long size;
        try {
            size = file == null ? 0 : Files.size(file);
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
        if (size == 0) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.importEmpty"));
        }
        // the memory an import may take (shared strings, parser buffers) times this is the replica's import budget;
        // one more is answered 503 with Retry-After at once, never queued
        return running.run(() -> parseAndApply(caller, file, format, fileName));
    }

    private Uni<ImportRepository.Job> parseAndApply(Caller caller, Path file, ImportFile.Format format, String fileName) {
        UUID jobId = UUID.randomUUID();
        Uni<ImportFile.Scan> scanned = Uni.createFrom().item(() -> ImportFile.scan(file, format, limits))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        Uni<Set<String>> scope = jurisdiction.coveredAreas(caller)
                .map(codes -> codes.stream().filter(c -> c.length() == 5).collect(Collectors.toSet()));
        Uni<Set<String>> categories = reference.categories().map(Map::keySet);
        return Uni.combine().all().unis(scanned, scope, categories, legacyAreas.catalogue()).asTuple().flatMap(t -> {
            ImportFile.Scan scan = t.getItem1();
            Set<String> communes = t.getItem2();
            Set<String> categoryKeys = t.getItem3();
            LegacyAreas.Catalogue legacy = t.getItem4();
            Set<String> seen = new HashSet<>();
            return imports.createJob(jobId, scan.sha256(), fileName, format.name(), caller.subject(), caller.areas(), scan.rows(),
                    clock.offsetNow())
                    .flatMap(v -> Uni.createFrom().item(() -> ImportFile.open(file, format, limits))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .flatMap(rows -> chunks(rows, caller, jobId, communes, categoryKeys, legacy, seen, new Counts(0, 0, 0, 0, 0))
                                    .eventually(rows::close)))
                    .flatMap(total -> imports.finishJob(jobId, total.created(), total.updated(), total.unchanged(),
                            total.rejected(), total.legacyMapped(), clock.offsetNow())
                            .flatMap(v -> imports.pool().withTransaction(c -> audit.recordBatch(c, caller, List.of(
                                    new AuditTrail.BatchEntry("IMPORT_APPLIED", "import_job", jobId.toString(), null,
                                            jobSummary(fileName, scan.sha256(), scan.rows(), total)))))))
                    .flatMap(v -> imports.job(jobId));
        });
    }

    /** Reads the next chunk on a worker thread (file reads block), writes it, and goes on until the file ends. */
    private Uni<Counts> chunks(ImportFile rows, Caller caller, UUID jobId, Set<String> communes, Set<String> categoryKeys,
            LegacyAreas.Catalogue legacy, Set<String> seen, Counts sofar) {
        return Uni.createFrom().item(() -> rows.next(CHUNK)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(chunk -> chunk.isEmpty() ? Uni.createFrom().item(sofar)
                        : imports.pool().withTransaction(c -> chunk(c, caller, jobId, chunk, communes, categoryKeys, legacy, seen))
                                .flatMap(counts -> chunks(rows, caller, jobId, communes, categoryKeys, legacy, seen,
                                        sofar.plus(counts))));
    }

    private Uni<Counts> chunk(SqlConnection c, Caller caller, UUID jobId, List<ImportFile.RawRow> rows, Set<String> communes,
            Set<String> categoryKeys, LegacyAreas.Catalogue legacy, Set<String> seen) {
        List<ReportRow> report = new ArrayList<>();
        List<ValidRow> valid = new ArrayList<>();
        Map<Integer, String> mappings = new HashMap<>();
        for (ImportFile.RawRow raw : rows) {
            ImportRowReader.Result r = ImportRowReader.read(raw, communes, categoryKeys, clock.today(), legacy);
            if (r.areaMapping() != null) {
                mappings.put(raw.rowNumber(), toJson(r.areaMapping()));
            }
            if (r.row() == null) {
                report.add(rejected(raw.rowNumber(), r.errors()));
            } else if (!seen.add(r.row().nationalId())) {
                report.add(rejected(raw.rowNumber(), List.of(new FieldError("national_id", "DUPLICATE_IN_FILE", "field.duplicateInFile"))));
            } else {
                valid.add(r.row());
            }
        }
        return imports.existing(c, valid.stream().map(ValidRow::nationalId).toList()).flatMap(existing -> {
            List<UUID> existingIds = existing.values().stream().map(Existing::id).toList();
            return imports.existingDecisions(c, existingIds).flatMap(decisions -> {
                List<ValidRow> toCreate = new ArrayList<>();
                List<UUID> createIds = new ArrayList<>();
                List<ValidRow> toUpdate = new ArrayList<>();
                List<UUID> updateIds = new ArrayList<>();
                List<ValidRow> entitled = new ArrayList<>();
                List<UUID> entitledIds = new ArrayList<>();
                List<AuditTrail.BatchEntry> entries = new ArrayList<>();
                int created = 0, updated = 0, unchanged = 0;
                for (ValidRow row : valid) {
                    Existing e = existing.get(row.nationalId());
                    if (e == null) {
                        UUID id = UUID.randomUUID();
                        toCreate.add(row);
                        createIds.add(id);
                        entitled.add(row);
                        entitledIds.add(id);
                        entries.add(new AuditTrail.BatchEntry("BENEFICIARY_IMPORTED", "beneficiary", id.toString(),
                                row.communeCode(), created(row, jobId)));
                        report.add(new ReportRow(row.rowNumber(), "CREATED", id, null, null));
                        created++;
                        continue;
                    }
                    String problem = conflict(row, e, communes);
                    if (problem != null) {
                        report.add(rejected(row.rowNumber(), List.of(new FieldError(
                                "COMMUNE_CHANGE".equals(problem) || "OUT_OF_SCOPE".equals(problem) ? "commune_code" : "national_id",
                                problem, "field.import." + problem))));
                        continue;
                    }
                    boolean contactChanged = !Objects.equals(e.fullName(), row.fullName())
                            || !Objects.equals(e.addressLine(), row.addressLine())
                            || !Objects.equals(e.phoneE164(), row.phoneE164())
                            || !Objects.equals(e.mobility(), row.mobility());
                    boolean newDecision = !decisions.contains(e.id() + "/" + row.program() + "/" + row.categoryCode() + "/"
                            + row.decisionNumber());
                    if (contactChanged) {
                        toUpdate.add(row);
                        updateIds.add(e.id());
                    }
                    if (newDecision) {
                        entitled.add(row);
                        entitledIds.add(e.id());
                    }
                    if (contactChanged || newDecision) {
                        entries.add(new AuditTrail.BatchEntry("BENEFICIARY_IMPORTED", "beneficiary", e.id().toString(),
                                e.communeCode(), changed(e, row, newDecision, jobId)));
                        report.add(new ReportRow(row.rowNumber(), "UPDATED", e.id(), null, null));
                        updated++;
                    } else {
                        report.add(new ReportRow(row.rowNumber(), "UNCHANGED", e.id(), null, null));
                        unchanged++;
                    }
                }
                List<ReportRow> withMappings = report.stream().map(r -> r.withAreaMapping(mappings.get(r.rowNumber()))).toList();
                int legacyMapped = (int) withMappings.stream()
                        .filter(r -> r.areaMapping() != null && !"REJECTED".equals(r.outcome())).count();
                Counts counts = new Counts(created, updated, unchanged, rows.size() - created - updated - unchanged, legacyMapped);
                return imports.insertBeneficiaries(c, createIds, toCreate)
                        .flatMap(v -> imports.updateBeneficiaries(c, updateIds, toUpdate))
                        .flatMap(v -> imports.insertEntitlements(c, entitledIds, entitled))
                        .flatMap(v -> audit.recordBatch(c, caller, entries))
                        .flatMap(v -> imports.insertReport(c, jobId, withMappings))
                        .map(v -> counts);
            });
        });
    }

    /** Why an existing record cannot take this row, or null. Identity and commune changes are not made by imports. */
    private static String conflict(ValidRow row, Existing e, Set<String> communes) {
        if (!communes.contains(e.communeCode())) {
            return "OUT_OF_SCOPE";
        }
        if (!e.dateOfBirth().equals(row.dateOfBirth()) || !e.sex().equals(row.sex())) {
            return "IDENTITY_CONFLICT";
        }
        if (!e.communeCode().equals(row.communeCode())) {
            return "COMMUNE_CHANGE";
        }
        return null;
    }

    /** A job is readable by its submitter and by anyone whose areas cover one of the submitter's areas. */
    public Uni<ImportRepository.Job> job(Caller caller, UUID id) {
        return imports.job(id).onItem().ifNull().failWith(() -> ApiException.notFound("import"))
                .call(job -> {
                    if (job.submittedBy().equals(caller.subject())) {
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom().iterable(job.scopeAreas())
                            .onItem().transformToUniAndConcatenate(area -> jurisdiction.covers(caller, area))
                            .collect().asList()
                            .flatMap(covered -> covered.contains(true) ? Uni.createFrom().voidItem()
                                    : Uni.createFrom().failure(ApiException.outOfScope()));
                });
    }

    public Uni<Page<ReportRow>> report(Caller caller, UUID id, String outcome, int page, int size) {
        return job(caller, id).flatMap(job -> imports.report(id, outcome, page, size));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReportRow rejected(int rowNumber, List<FieldError> errors) {
        try {
            return new ReportRow(rowNumber, "REJECTED", null, json.writeValueAsString(errors), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> created(ValidRow row, UUID jobId) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("nationalId", PiiMasker.maskIdentifier(row.nationalId()));
        v.put("fullName", row.fullName());
        v.put("communeCode", row.communeCode());
        if (row.legacyDistrictCode() != null) {
            v.put("legacyDistrictCode", row.legacyDistrictCode());
            v.put("legacyCommuneCode", row.legacyCommuneCode());
        }
        v.put("entitlement", row.program() + "/" + row.categoryCode() + " " + row.decisionNumber());
        v.put("importJob", jobId.toString());
        return v;
    }

    private static Map<String, Object> changed(Existing e, ValidRow row, boolean newDecision, UUID jobId) {
        Map<String, Object> v = new LinkedHashMap<>();
        put(v, "fullName", e.fullName(), row.fullName());
        put(v, "addressLine", e.addressLine(), row.addressLine());
        put(v, "phone", e.phoneE164() == null ? null : PiiMasker.maskIdentifier(e.phoneE164()),
                row.phoneE164() == null ? null : PiiMasker.maskIdentifier(row.phoneE164()));
        put(v, "mobility", e.mobility(), row.mobility());
        if (newDecision) {
            v.put("entitlementAdded", row.program() + "/" + row.categoryCode() + " " + row.decisionNumber());
        }
        v.put("importJob", jobId.toString());
        return v;
    }

    private static void put(Map<String, Object> v, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("before", before);
            c.put("after", after);
            v.put(field, c);
        }
    }

    private static Map<String, Object> jobSummary(String fileName, String sha, int rows, Counts total) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("fileName", fileName);
        v.put("sha256", sha);
        v.put("rows", rows);
        v.put("created", total.created());
        v.put("updated", total.updated());
        v.put("unchanged", total.unchanged());
        v.put("rejected", total.rejected());
        v.put("legacyMapped", total.legacyMapped());
        return v;
    }

}
