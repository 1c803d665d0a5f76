package vn.ansinh.payout.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.as;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

@QuarkusTest
class ImportTest {

    private static final String HEADER = "national_id,full_name,date_of_birth,sex,commune_code,address,phone,mobility,"
            + "program,category_code,variant,children_count,decision_number,decision_date,start_month\n";

    private static JsonPath upload(byte[] file, String contentType) {
        return as(Roles.COMMUNE_OFFICER, "21211").contentType(contentType).body(file)
                .queryParam("fileName", "danh-sach.csv")
                .post("/api/v1/imports").then().statusCode(201).extract().jsonPath();
    }

    private static List<Map<String, Object>> rows(String jobId) {
        return as(Roles.COMMUNE_OFFICER, "21211").queryParam("size", 1000).get("/api/v1/imports/" + jobId + "/rows")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void aFileWithBadRowsImportsTheGoodOnesAndReportsEveryRow() {
        String csv = HEADER
                + "051140555001,Phạm Thị Lành,03/04/1940,Nữ,21211,Thôn 1,0912000001,CANNOT_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,"
                + "IMP-1,01/01/2024,01/2024\n"
                + "051040555002,Đỗ Văn Tư,1940-05-06,Nam,21211,Thôn 2,,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,IMP-2,2024-01-01,2024-01\n"
                + "051040555003,Sai Giới Tính,03/04/1940,Nữ,21211,Thôn 3,,,SOCIAL_ASSISTANCE,K5a,,,IMP-3,01/01/2024,01/2024\n"
                + "051140555004,Không Có Diện,03/04/1940,Nữ,21211,Thôn 4,,,SOCIAL_ASSISTANCE,K42,,,IMP-4,01/01/2024,01/2024\n"
                + "051140555005,Xã Khác,03/04/1940,Nữ,21025,Thôn 5,,,SOCIAL_ASSISTANCE,K5a,,,IMP-5,01/01/2024,01/2024\n"
                + "051140555001,Phạm Thị Lành,03/04/1940,Nữ,21211,Thôn 1,0912000001,CANNOT_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,"
                + "IMP-1,01/01/2024,01/2024\n"
                + "051140555006,\"Nguyễn Thị \"\"Bé\"\"\",31/02/1940,Nữ,21211,Thôn 6,,,SOCIAL_ASSISTANCE,K5a,,,IMP-6,01/01/2024,01/2024\n"
                + "051140555007,Số Điện Thoại Lạ,03/04/1940,Nữ,21211,Thôn 7,+14155550100,,SOCIAL_ASSISTANCE,K5a,,,IMP-7,01/01/2024,01/2024\n";
        JsonPath job = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(job.getInt("totalRows")).isEqualTo(8);
        assertThat(job.getInt("created")).isEqualTo(2);
        assertThat(job.getInt("rejected")).isEqualTo(6);
        List<Map<String, Object>> report = rows(job.getString("id"));
        assertThat(report).extracting(r -> r.get("rowNumber")).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("CREATED", "CREATED", "REJECTED",
                "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED");
        assertThat(codes(report.get(2))).contains("SEX_MISMATCH");
        assertThat(codes(report.get(3))).contains("UNKNOWN_CATEGORY");
        assertThat(codes(report.get(4))).contains("NOT_IN_SCOPE");
        assertThat(codes(report.get(5))).contains("DUPLICATE_IN_FILE");
        assertThat(codes(report.get(6))).contains("DATE");
        assertThat(codes(report.get(7))).contains("NOT_A_VIETNAMESE_MOBILE");
        // the created rows are real beneficiaries, with their entitlement, readable by the commune
        String id = (String) report.get(0).get("beneficiaryId");
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .body("fullName", equalTo("Phạm Thị Lành")).body("entitlements[0].decisionNumber", equalTo("IMP-1"))
                .body("mobility", equalTo("CANNOT_TRAVEL"));
        as(Roles.AUDITOR, "51").queryParam("entityId", id).get("/api/v1/audit").then()
                .body("items[0].action", equalTo("BENEFICIARY_IMPORTED"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> row) {
        return ((List<Map<String, Object>>) row.get("errors")).stream().map(e -> (String) e.get("code")).toList();
    }

    @Test
    void reImportingTheSameFileChangesNothingAndAChangedRowIsAnUpdate() {
        String csv = HEADER
                + "051140556001,Vũ Thị Hạnh,03/04/1940,Nữ,21211,Thôn 1,0912000011,,SOCIAL_ASSISTANCE,K5a,,,IMP-11,01/01/2024,01/2024\n"
                + "051040556002,Vũ Văn Hải,03/04/1940,Nam,21211,Thôn 1,,,SOCIAL_ASSISTANCE,K5a,,,IMP-12,01/01/2024,01/2024\n";
        JsonPath first = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(first.getInt("created")).isEqualTo(2);
        long auditBefore = as(Roles.AUDITOR, "51").queryParam("size", 1).get("/api/v1/audit").then().extract()
                .jsonPath().getLong("totalItems");
        JsonPath again = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(again.getInt("unchanged")).isEqualTo(2);
        assertThat(again.getInt("created") + again.getInt("updated") + again.getInt("rejected")).isZero();
        long auditAfter = as(Roles.AUDITOR, "51").queryParam("size", 1).get("/api/v1/audit").then().extract()
                .jsonPath().getLong("totalItems");
        assertThat(auditAfter).isEqualTo(auditBefore + 1); // only the job's own entry
        JsonPath changed = upload(csv.replace("0912000011", "0912000099").getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(changed.getInt("updated")).isEqualTo(1);
        assertThat(changed.getInt("unchanged")).isEqualTo(1);
    }

    @Test
    void anXlsxListImportsLikeACsvOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "test", "1.0")) {
            Worksheet ws = wb.newWorksheet("Danh sách");
            String[] header = HEADER.strip().split(",");
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            Object[] row = { "051140557001", "Hồ Thị Thu", "03/04/1940", "Nữ", "21211", "Thôn 9", "0912000021", "CAN_TRAVEL",
                    "SOCIAL_ASSISTANCE", "K5a", "", "", "IMP-21", "01/01/2024", "01/2024" };
            for (int i = 0; i < row.length; i++) {
                ws.value(1, i, (String) row[i]);
            }
            ws.value(2, 0, "051140557002");
            ws.value(2, 1, "Hồ Thị Xuân");
            ws.value(2, 2, java.time.LocalDate.of(1940, 7, 8)); // a real date cell
            ws.style(2, 2).format("dd/MM/yyyy").set();
            ws.value(2, 3, "Nữ");
            ws.value(2, 4, "21211");
            ws.value(2, 8, "SOCIAL_ASSISTANCE");
            ws.value(2, 9, "K5a");
            ws.value(2, 12, "IMP-22");
            ws.value(2, 13, "01/01/2024");
            ws.value(2, 14, "01/2024");
            wb.finish();
        }
        JsonPath job = upload(out.toByteArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(job.getString("format")).isEqualTo("XLSX");
        assertThat(job.getInt("created")).as(rows(job.getString("id")).toString()).isEqualTo(2);
    }

    /**
     * A NUL in a cell (which PostgreSQL cannot store in text) refuses that row, not its chunk: the rows
     * around it are imported and the job finishes (the review found the chunk failing with SQLSTATE 22021).
     */
    @Test
    void aCellWithANulRefusesItsRowNotTheImport() {
        String csv = HEADER + "051050700011,Lê Văn Trước,01/05/1950,Nam,21211,Thôn 1,,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QĐ-N1,"
                + "01/01/2026,01/2026\n"
                + "051050700012,Lê Văn\u0000Nul,01/05/1950,Nam,21211,Thôn 1,,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QĐ-N2,"
                + "01/01/2026,01/2026\n"
                + "051050700013,Lê Văn Sau,01/05/1950,Nam,21211,Thôn 1,,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QĐ-N3,"
                + "01/01/2026,01/2026\n";
        JsonPath job = upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(job.getString("state")).isEqualTo("FINISHED");
        assertThat(job.getInt("created")).isEqualTo(2);
        assertThat(job.getInt("rejected")).isEqualTo(1);
        assertThat(rows(job.getString("id")).toString()).contains("INVALID_CHARACTERS");
    }

    /**
     * A job the service never finished (it was stopped mid-import: the crash suite does it with SIGKILL)
     * reads as INTERRUPTED once it cannot still be running, not as running forever.
     */
    @Test
    void aJobLeftUnfinishedByAStopReadsAsInterrupted() {
        java.util.UUID stale = java.util.UUID.randomUUID();
        vn.ansinh.payout.cycle.CycleFixture.sql("insert into import_job (id, file_sha256, file_name, format, submitted_by, "
                + "scope_areas, submitted_at, total_rows) values (?, repeat('a', 64), 'cut.csv', 'CSV', 'someone', "
                + "array['21211'], ?, 5000)", stale, TestClock.offset().minusHours(2));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/imports/" + stale).then().statusCode(200)
                .body("state", equalTo("INTERRUPTED")).body("finishedAt", org.hamcrest.Matchers.nullValue());
        java.util.UUID running = java.util.UUID.randomUUID();
        vn.ansinh.payout.cycle.CycleFixture.sql("insert into import_job (id, file_sha256, file_name, format, submitted_by, "
                + "scope_areas, submitted_at, total_rows) values (?, repeat('b', 64), 'now.csv', 'CSV', 'someone', "
                + "array['21211'], ?, 5000)", running, TestClock.offset().minusMinutes(1));
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/imports/" + running).then().statusCode(200)
                .body("state", equalTo("RUNNING"));
        String csv = HEADER + "051050700001,Lê Văn Xong,01/05/1950,Nam,21211,Thôn 1,,CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QĐ-X1,"
                + "01/01/2026,01/2026\n";
        assertThat(upload(csv.getBytes(StandardCharsets.UTF_8), "text/csv").getString("state")).isEqualTo("FINISHED");
    }

    @Test
    void unreadableFilesAndWrongTypesAreProblems() {
        as(Roles.COMMUNE_OFFICER, "21211").contentType("text/csv").body("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(422).body("code", equalTo("UNPROCESSABLE"));
        as(Roles.COMMUNE_OFFICER, "21211").contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .body("not a zip".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(422);
        as(Roles.COMMUNE_OFFICER, "21211").contentType("application/pdf").body(new byte[] { 1, 2, 3 })
                .post("/api/v1/imports").then().statusCode(415);
        as(Roles.FIELD_OFFICER, "21211").contentType("text/csv").body(HEADER.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports").then().statusCode(403);
    }

    // ---- hostile files: every budget enforced while reading, nothing written, a 422 naming the setting ----

    private static void refused(byte[] file, String contentType, String setting) {
        long before = vn.ansinh.payout.cycle.CycleFixture.queryLong("select count(*) from import_job");
        var r = as(Roles.COMMUNE_OFFICER, "21211").contentType(contentType).body(file).post("/api/v1/imports").then()
                .statusCode(422).contentType("application/problem+json").extract().jsonPath();
        if (setting != null) {
            assertThat(r.getString("setting")).isEqualTo(setting);
        }
        assertThat(vn.ansinh.payout.cycle.CycleFixture.queryLong("select count(*) from import_job")).isEqualTo(before);
    }

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void zipBombsAndHostileWorkbooksAreRefusedWhileReading() {
        // 300 KB that inflate to 300 MB of spaces, declaring 1 KB: stopped as it inflates, at the first 64 KB without a tag
        // (the ratio and inflated-size budgets alone: ImportFileBudgetsTest)
        refused(vn.ansinh.payout.testing.HostileFiles.xlsxZipBomb(300), XLSX, "ansinh.imports.max-token-size");
        refused(vn.ansinh.payout.testing.HostileFiles.xlsxManyEntries(5_000), XLSX, "ansinh.imports.max-entries");
        refused(vn.ansinh.payout.testing.HostileFiles.xlsxDeeplyNested(10_000), XLSX, "ansinh.imports.max-xml-depth");
        refused(vn.ansinh.payout.testing.HostileFiles.xlsxBillionLaughs(), XLSX, null);
        byte[] good = vn.ansinh.payout.testing.HostileFiles.xlsx(vn.ansinh.payout.testing.HostileFiles.sheet(
                "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>national_id</t></is></c></row>"));
        refused(java.util.Arrays.copyOf(good, good.length / 2), XLSX, null); // cut short
        // columns far to the right
        refused(vn.ansinh.payout.testing.HostileFiles.xlsx(vn.ansinh.payout.testing.HostileFiles.sheet(
                "<row r=\"1\"><c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c></row>")), XLSX, "ansinh.imports.max-columns");
    }

    @Test
    void csvRowsColumnsAndLinesHaveBudgets() {
        StringBuilder many = new StringBuilder(HEADER);
        many.append(",\n".repeat(200_001)); // the row budget counts every record read
        refused(many.toString().getBytes(StandardCharsets.UTF_8), "text/csv", "ansinh.imports.max-rows");
        refused((HEADER + "\"" + "x".repeat(100_000) + "\"\n").getBytes(StandardCharsets.UTF_8), "text/csv",
                "ansinh.imports.max-line-length");
        refused((HEADER.strip() + ",c".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8), "text/csv",
                "ansinh.imports.max-columns");
        refused((HEADER + "\"never closed,").getBytes(StandardCharsets.UTF_8), "text/csv", null);
    }

    @Test
    void aListWithOnlyItsHeaderImportsNothingAndSaysSo() {
        JsonPath job = upload(HEADER.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(job.getInt("totalRows")).isZero();
        assertThat(job.getString("state")).isEqualTo("FINISHED");
    }
}
