package vn.ansinh.payout.imports;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.imports.service.ImportFile;
import vn.ansinh.payout.testing.HostileFiles;

/**
 * Each budget of an imported XLSX or CSV alone, with small limits, on crafted files: the read that passes it
 * fails with a 422 naming the setting, whatever the file declares, and a file just within every budget is read.
 * No Quarkus: {@link ImportFile} is what the import endpoint reads its spooled upload with.
 */
class ImportFileBudgetsTest {

    static final String HEADER_ROW = "<row r=\"1\">" + cell("A1", "national_id") + cell("B1", "full_name")
            + cell("C1", "date_of_birth") + cell("D1", "sex") + cell("E1", "commune_code") + "</row>";

    /** rows, columns, line, entries, expanded, ratio, shared-string count, shared-string size, cell, token, depth */
    static ImportFile.Limits limits(int sharedCount, long sharedSize, int cell, int token) {
        return new ImportFile.Limits(1000, 64, 16_384, 100, 8L * 1024 * 1024, 200, sharedCount, sharedSize, cell, token, 64);
    }

    static final ImportFile.Limits SMALL = limits(1_000, 64 * 1024, 4096, 64 * 1024);

    @TempDir
    Path dir;

    @Test
    void aWorkbookWithinEveryBudgetIsRead() throws Exception {
        StringBuilder shared = new StringBuilder();
        StringBuilder rows = new StringBuilder(HEADER_ROW);
        for (int i = 0; i < 10; i++) {
            shared.append("<si><t>Nguyễn Văn ").append(i).append("</t></si>");
            rows.append("<row r=\"").append(i + 2).append("\"><c r=\"B").append(i + 2).append("\" t=\"s\"><v>").append(i)
                    .append("</v></c></row>");
        }
        Path file = write(workbook(sst(shared.toString()), HostileFiles.sheet(rows.toString())));
        ImportFile.Scan scan = ImportFile.scan(file, ImportFile.Format.XLSX, SMALL);
        assertThat(scan.rows()).isEqualTo(10);
        try (ImportFile f = ImportFile.open(file, ImportFile.Format.XLSX, SMALL)) {
            assertThat(f.next().get("full_name")).isEqualTo("Nguyễn Văn 0");
            f.next(8);
            assertThat(f.next().get("full_name")).isEqualTo("Nguyễn Văn 9");
            assertThat(f.next()).isNull();
        }
    }

    @Test
    void sharedStringsAreBoundedInCountAndInSize() throws Exception {
        // 5,000 empty strings: nothing but their number costs memory
        Path many = write(workbook(sst("<si/>".repeat(5_000)), HostileFiles.sheet(HEADER_ROW)));
        assertOverBudget(many, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-shared-string-count", 1_000);
        // a huge sharedStrings.xml: 200 strings of 1,000 characters, 400 KB in memory, over a 64 KB budget
        String thousand = "x".repeat(1_000);
        Path large = write(workbook(sst(("<si><t>" + thousand + "</t></si>").repeat(200)), HostileFiles.sheet(HEADER_ROW)));
        assertOverBudget(large, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-shared-strings-size", 64 * 1024);
    }

    @Test
    void oneGiantCellIsRefusedBeforeItIsHeld() throws Exception {
        // one shared string of 50,000 characters, in runs the XML parser hands over piece by piece
        String giant = ("Lê Thị Hồng " + "<r><t>" + "y".repeat(900) + "</t></r>").repeat(50);
        Path shared = write(workbook(sst("<si>" + giant + "</si>"), HostileFiles.sheet(HEADER_ROW)));
        assertOverBudget(shared, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-cell-length", 4096);
        // an inline cell of 50,000 characters in the sheet itself
        Path inline = write(workbook(null, HostileFiles.sheet(HEADER_ROW + "<row r=\"2\">" + cell("B2", "z".repeat(50_000))
                + "</row>")));
        assertOverBudget(inline, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-cell-length", 4096);
        // a CSV cell too (within its line budget)
        Path csv = write("national_id,full_name,date_of_birth,sex,commune_code\n1,\"" + "w".repeat(5_000) + "\",x,x,x\n",
                "list.csv");
        assertOverBudget(csv, ImportFile.Format.CSV, SMALL, "ansinh.imports.max-cell-length", 4096);
    }

    @Test
    void oneGiantXmlTokenIsRefusedAsItInflates() throws Exception {
        // 2 MB of text without a tag: the parser would hold it whole before the cell budget saw it
        ImportFile.Limits tokens = limits(1_000, 64 * 1024, 4096, 16 * 1024);
        Path text = write(workbook(sst("<si><t>" + "q".repeat(2_000_000) + "</t></si>"), HostileFiles.sheet(HEADER_ROW)));
        assertOverBudget(text, ImportFile.Format.XLSX, tokens, "ansinh.imports.max-token-size", 16 * 1024);
        // one tag with a 1 MB attribute
        Path tag = write(workbook(null, HostileFiles.sheet(HEADER_ROW + "<row r=\"2\" x=\"" + "a".repeat(1_000_000) + "\"/>")));
        assertOverBudget(tag, ImportFile.Format.XLSX, tokens, "ansinh.imports.max-token-size", 16 * 1024);
    }

    @Test
    void entriesExpandedBytesAndRatioAreCountedAsTheyInflate() throws Exception {
        assertOverBudget(write(HostileFiles.xlsxManyEntries(150)), ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-entries", 100);
        // 12 MB of empty elements (no rows) that compress a thousand times: over the 200x ratio before the 8 MB in all
        Path bomb = write(workbook(null, HostileFiles.sheet(HEADER_ROW + "<x/>".repeat(3_000_000))));
        assertOverBudget(bomb, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-ratio", 200);
        // the same at a ratio the budget allows: the 8 MB inflated in all stop it
        ImportFile.Limits lenient = new ImportFile.Limits(1000, 64, 16_384, 100, 8L * 1024 * 1024, 100_000, 1_000, 64 * 1024,
                4096, 64 * 1024, 64);
        assertOverBudget(bomb, ImportFile.Format.XLSX, lenient, "ansinh.imports.max-expanded-size", 8L * 1024 * 1024);
        // the zip bomb of the corpus: 300 KB of spaces declaring 1 KB, stopped by the token budget at 64 KB
        assertOverBudget(write(HostileFiles.xlsxZipBomb(300)), ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-token-size",
                64 * 1024);
    }

    @Test
    void rowsAndLinesAreBudgetedInBothFormats() throws Exception {
        Path rows = write(workbook(null, HostileFiles.sheet(HEADER_ROW + "<row><c><v>1</v></c></row>".repeat(1_001))));
        assertOverBudget(rows, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-rows", 1000);
        StringBuilder wide = new StringBuilder(HEADER_ROW).append("<row r=\"2\">");
        for (int i = 0; i < 5; i++) {
            wide.append(cell(String.valueOf((char) ('A' + i)) + 2, "v".repeat(4_000)));
        }
        Path line = write(workbook(null, HostileFiles.sheet(wide.append("</row>").toString())));
        assertOverBudget(line, ImportFile.Format.XLSX, SMALL, "ansinh.imports.max-line-length", 16_384);
        Path csvLine = write("national_id,full_name,date_of_birth,sex,commune_code\n\"" + "l".repeat(40_000) + "\n", "long.csv");
        assertOverBudget(csvLine, ImportFile.Format.CSV, SMALL, "ansinh.imports.max-line-length", 16_384);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void assertOverBudget(Path file, ImportFile.Format format, ImportFile.Limits limits, String setting,
            long limit) {
        ApiException e = catchThrowableOfType(() -> ImportFile.scan(file, format, limits), ApiException.class);
        assertThat(e).as("refused over %s", setting).isNotNull();
        assertThat(e.code().status()).isEqualTo(422);
        assertThat(e.extensions()).containsEntry("setting", setting).containsEntry("limit", limit);
    }

    private static String cell(String ref, String text) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    private static String sst(String items) {
        return "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + items + "</sst>";
    }

    /** A workbook with {@code sheetXml} as its sheet and, when not null, {@code sharedXml} as its shared strings. */
    private static byte[] workbook(String sharedXml, String sheetXml) throws IOException {
        byte[] base = HostileFiles.xlsx(sheetXml);
        if (sharedXml == null) {
            return base;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out);
                java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(base))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            zip.write(sharedXml.getBytes(UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "list", ".xlsx"), bytes);
    }

    private Path write(String text, String name) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
