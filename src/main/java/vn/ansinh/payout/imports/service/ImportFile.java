package vn.ansinh.payout.imports.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;

/**
 * Reads an uploaded list (CSV with a header row, UTF-8 with or without BOM; or the first sheet of an
 * XLSX workbook) into rows keyed by lower-case column name. Row numbers are the spreadsheet's own
 * (the header is row 1), so officers can find a rejected row in their file.
 */
public final class ImportFile {

    public static final List<String> COLUMNS = List.of("national_id", "full_name", "date_of_birth", "sex",
            "commune_code", "address", "phone", "mobility", "program", "category_code", "variant", "children_count",
            "decision_number", "decision_date", "start_month");

    public record RawRow(int rowNumber, Map<String, String> values) {
        public String get(String column) {
            String v = values.get(column);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    public enum Format { CSV, XLSX }

    private ImportFile() {
    }

    public static List<RawRow> read(byte[] content, Format format) {
        try {
            return format == Format.CSV ? readCsv(content) : readXlsx(content);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
        }
    }

    private static List<RawRow> readCsv(byte[] content) throws IOException {
        int offset = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF ? 3 : 0;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content, offset, content.length - offset),
                StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
            List<String> headers = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            requireColumns(headers);
            List<RawRow> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < headers.size() && i < record.size(); i++) {
                    values.put(headers.get(i), record.get(i));
                }
                rows.add(new RawRow((int) record.getRecordNumber() + 1, values));
            }
            return rows;
        }
    }

    private static List<RawRow> readXlsx(byte[] content) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getFirstSheet();
            List<Row> all = sheet.read();
            if (all.isEmpty()) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importNoHeader");
            }
            Row header = all.get(0);
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < header.getCellCount(); i++) {
                headers.add(header.getCellText(i).strip().toLowerCase(Locale.ROOT));
            }
            requireColumns(headers);
            List<RawRow> rows = new ArrayList<>();
            for (Row row : all.subList(1, all.size())) {
                Map<String, String> values = new HashMap<>();
                boolean any = false;
                for (int i = 0; i < headers.size() && i < row.getCellCount(); i++) {
                    // the cell's text as stored: numbers (and dates) as their raw value, which the row reader parses
                    String v = row.hasCell(i) ? row.getCellText(i) : null;
                    if (v != null && !v.isBlank()) {
                        any = true;
                    }
                    values.put(headers.get(i), v);
                }
                if (any) {
                    rows.add(new RawRow(row.getRowNum(), values));
                }
            }
            return rows;
        }
    }

    private static void requireColumns(List<String> headers) {
        List<String> missing = COLUMNS.stream().filter(c -> !headers.contains(c))
                .filter(c -> List.of("national_id", "full_name", "date_of_birth", "sex", "commune_code").contains(c))
                .toList();
        if (!missing.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importMissingColumns", String.join(", ", missing));
        }
    }
}
