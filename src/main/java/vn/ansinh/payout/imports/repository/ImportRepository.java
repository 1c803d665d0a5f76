package vn.ansinh.payout.imports.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Page;
import vn.ansinh.payout.imports.service.ImportRowReader.ValidRow;

/** Set-based SQL for imports: batches of rows per statement, never an entity per row. */
@ApplicationScoped
public class ImportRepository {

    public record Existing(UUID id, String fullName, LocalDate dateOfBirth, String sex, String communeCode,
            String addressLine, String phoneE164, String mobility) {
    }

    public record Job(UUID id, String fileSha256, String fileName, String format, String submittedBy, List<String> scopeAreas,
            java.time.OffsetDateTime submittedAt, java.time.OffsetDateTime finishedAt, int totalRows, int created,
            int updated, int unchanged, int rejected, int legacyMapped) {
    }

    /** One row's outcome; {@code errors} and {@code areaMapping} are JSON text. */
    public record ReportRow(int rowNumber, String outcome, UUID beneficiaryId, String errors, String areaMapping) {
        public ReportRow withAreaMapping(String mapping) {
            return new ReportRow(rowNumber, outcome, beneficiaryId, errors, mapping);
        }
    }

    private final Pool pool;
    private final Clock clock;

    public ImportRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Void> createJob(UUID id, String sha, String fileName, String format, String submittedBy,
            java.util.Set<String> scopeAreas, int totalRows, java.time.OffsetDateTime submittedAt) {
        return pool.preparedQuery("insert into import_job (id, file_sha256, file_name, format, submitted_by, scope_areas, "
                + "total_rows, submitted_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(id, sha, fileName, format, submittedBy,
                        scopeAreas.toArray(String[]::new), totalRows, submittedAt))).replaceWithVoid();
    }

    public Uni<Void> finishJob(UUID id, int created, int updated, int unchanged, int rejected, int legacyMapped,
            java.time.OffsetDateTime at) {
        return pool.preparedQuery("update import_job set created = $2, updated = $3, unchanged = $4, rejected = $5, "
                + "finished_at = $6, legacy_mapped = $7 where id = $1")
                .execute(Tuple.from(Arrays.asList(id, created, updated, unchanged, rejected, at, legacyMapped))).replaceWithVoid();
    }

    public Uni<Map<String, Existing>> existing(SqlConnection c, List<String> nationalIds) {
        return c.preparedQuery("select national_id, id, full_name, date_of_birth, sex, commune_code, address_line, "
                + "phone_e164, mobility from beneficiary where national_id = any($1) for update")
                .execute(Tuple.of(nationalIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Existing> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), new Existing(r.getUUID(1), r.getString(2), r.getLocalDate(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
                    }
                    return out;
                });
    }

    public Uni<Void> insertBeneficiaries(SqlConnection c, List<UUID> ids, List<ValidRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ValidRow r = rows.get(i);
            tuples.add(Tuple.from(Arrays.asList(ids.get(i), r.nationalId(), r.nationalIdKind(), r.fullName(),
                    r.dateOfBirth(), r.sex(), r.communeCode(), r.addressLine(), r.phoneE164(), r.mobility(),
                    r.legacyDistrictCode(), r.legacyCommuneCode())));
        }
        return c.preparedQuery("insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, "
                + "commune_code, address_line, phone_e164, mobility, legacy_district_code, legacy_commune_code) "
                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                .executeBatch(tuples).replaceWithVoid();
    }

    public Uni<Void> updateBeneficiaries(SqlConnection c, List<UUID> ids, List<ValidRow> rows) {
        java.time.OffsetDateTime at = clock.offsetNow();
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ValidRow r = rows.get(i);
            tuples.add(Tuple.from(Arrays.asList(ids.get(i), r.fullName(), r.addressLine(), r.phoneE164(), r.mobility(), at)));
        }
        return c.preparedQuery("update beneficiary set full_name = $2, address_line = $3, phone_e164 = $4, mobility = $5, "
                + "version = version + 1, updated_at = $6 where id = $1")
                .executeBatch(tuples).replaceWithVoid();
    }

    /** Entitlements by decision; one already recorded for the beneficiary is left alone. */
    public Uni<Void> insertEntitlements(SqlConnection c, List<UUID> beneficiaryIds, List<ValidRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ValidRow r = rows.get(i);
            tuples.add(Tuple.from(Arrays.asList(UUID.randomUUID(), beneficiaryIds.get(i), r.program().name(),
                    r.categoryCode(), r.variant(), r.childrenCount(), r.decisionNumber(), r.decisionDate(), r.startMonth())));
        }
        return c.preparedQuery("insert into entitlement (id, beneficiary_id, program, category_code, variant, children_count, "
                + "decision_number, decision_date, start_month) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                + "on conflict (beneficiary_id, program, category_code, decision_number) do nothing")
                .executeBatch(tuples).replaceWithVoid();
    }

    /** "beneficiaryId/PROGRAM/CATEGORY/decision" of the entitlements already recorded for these beneficiaries. */
    public Uni<java.util.Set<String>> existingDecisions(SqlConnection c, List<UUID> beneficiaryIds) {
        if (beneficiaryIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return c.preparedQuery("select beneficiary_id, program, category_code, decision_number from entitlement "
                + "where beneficiary_id = any($1)")
                .execute(Tuple.of(beneficiaryIds.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Set<String> out = new java.util.HashSet<>();
                    for (Row r : rows) {
                        out.add(r.getUUID(0) + "/" + r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3));
                    }
                    return out;
                });
    }

    public Uni<Void> insertReport(SqlConnection c, UUID jobId, List<ReportRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream().map(r -> Tuple.from(Arrays.asList(jobId, r.rowNumber(), r.outcome(),
                r.beneficiaryId(), r.errors(), r.areaMapping()))).toList();
        return c.preparedQuery("insert into import_row (job_id, row_number, outcome, beneficiary_id, errors, area_mapping) "
                + "values ($1, $2, $3, $4, cast($5::text as jsonb), cast($6::text as jsonb))").executeBatch(tuples).replaceWithVoid();
    }

    public Uni<Job> job(UUID id) {
        return pool.preparedQuery("select id, file_sha256, file_name, format, submitted_by, submitted_at, finished_at, "
                + "total_rows, created, updated, unchanged, rejected, scope_areas, legacy_mapped from import_job where id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Job(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            List.of(r.getArrayOfStrings(12)), r.getOffsetDateTime(5), r.getOffsetDateTime(6), r.getInteger(7), r.getInteger(8),
                            r.getInteger(9), r.getInteger(10), r.getInteger(11), r.getInteger(13));
                });
    }

    public Uni<Page<ReportRow>> report(UUID jobId, String outcome, int page, int size) {
        Tuple args = Tuple.of(jobId, outcome, size, page * size);
        Uni<List<ReportRow>> items = pool.preparedQuery("select row_number, outcome, beneficiary_id, errors::text, area_mapping::text "
                + "from import_row where job_id = $1 and ($2::text is null or outcome = $2) order by row_number limit $3 offset $4")
                .execute(args).map(rows -> {
                    List<ReportRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new ReportRow(r.getInteger(0), r.getString(1), r.getUUID(2), r.getString(3), r.getString(4)));
                    }
                    return out;
                });
        Uni<Long> total = pool.preparedQuery("select count(*) from import_row where job_id = $1 and ($2::text is null or outcome = $2)")
                .execute(Tuple.of(jobId, outcome)).map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> Page.of(list, page, size, count));
    }
}
