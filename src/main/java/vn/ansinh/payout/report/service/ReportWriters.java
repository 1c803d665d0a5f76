package vn.ansinh.payout.report.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.CsvWriter;

/**
 * Writes a {@link Report} as JSON (raw values: integers, ISO dates, fractions), CSV (UTF-8 with BOM,
 * formatted for Vietnamese readers: 1.234.567, 12,5%, dd/MM/yyyy) or XLSX (numbers as numbers with
 * Vietnamese-style display formats). Each starts with the area, the period, when and by whom the report
 * was produced. Rows are written as they are pulled; XLSX rows are flushed every page, so a million-line
 * list does not fill the heap. Blocking: call from a worker thread.
 */
public final class ReportWriters {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");

    private ReportWriters() {
    }

    public static void json(Report r, OutputStream out, ObjectMapper mapper) throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("kind", r.kind());
            g.writeStringField("title", r.title());
            g.writeObjectFieldStart("area");
            g.writeStringField("code", r.areaCode());
            g.writeStringField("name", r.areaName());
            g.writeEndObject();
            g.writeStringField("period", r.period());
            g.writeStringField("producedAt", r.producedAt().toString());
            g.writeStringField("producedBy", r.producedBy());
            g.writeArrayFieldStart("sections");
            for (Report.Section s : r.sections()) {
                g.writeStartObject();
                g.writeStringField("name", s.name());
                g.writeStringField("title", s.title());
                g.writeArrayFieldStart("rows");
                for (List<List<Object>> page = s.rows().nextPage(); !page.isEmpty(); page = s.rows().nextPage()) {
                    for (List<Object> row : page) {
                        g.writeStartObject();
                        for (int i = 0; i < s.columns().size(); i++) {
                            g.writeFieldName(s.columns().get(i).key());
                            Object v = row.get(i);
                            if (v == null) {
                                g.writeNull();
                            } else if (v instanceof BigDecimal d) {
                                g.writeNumber(d);
                            } else if (v instanceof Number n) {
                                g.writeNumber(n.longValue());
                            } else {
                                g.writeString(v.toString());
                            }
                        }
                        g.writeEndObject();
                    }
                    g.flush();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Through the one CSV writer: text guarded, the numbers, percentages and dates formatted here exact. */
    public static void csv(Report r, OutputStream out) throws IOException {
        try (CsvWriter p = CsvWriter.forSpreadsheets(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            for (List<String> line : heading(r)) {
                p.row(line);
            }
            for (Report.Section s : r.sections()) {
                p.blankLine();
                p.row(s.title());
                p.row(s.columns().stream().map(Report.Column::label).toList());
                for (List<List<Object>> page = s.rows().nextPage(); !page.isEmpty(); page = s.rows().nextPage()) {
                    for (List<Object> row : page) {
                        Object[] cells = new Object[row.size()];
                        for (int i = 0; i < row.size(); i++) {
                            Report.Type type = s.columns().get(i).type();
                            String text = text(row.get(i), type);
                            cells[i] = type == Report.Type.TEXT ? text : CsvWriter.exact(text);
                        }
                        p.row(cells);
                    }
                    p.flush();
                }
            }
        }
    }

    public static void xlsx(Report r, OutputStream out) throws IOException {
        try (Workbook wb = new Workbook(out, "An Sinh Payout", "1.0")) {
            int sheetNo = 0;
            for (Report.Section s : r.sections()) {
                Worksheet ws = wb.newWorksheet(sheetName(++sheetNo, s.title()));
                int row = 0;
                for (List<String> line : heading(r)) {
                    for (int c = 0; c < line.size(); c++) {
                        ws.value(row, c, line.get(c));
                    }
                    row++;
                }
                ws.value(row++, 0, s.title());
                ws.style(row - 1, 0).bold().set();
                for (int c = 0; c < s.columns().size(); c++) {
                    ws.value(row, c, s.columns().get(c).label());
                    ws.style(row, c).bold().set();
                    ws.width(c, s.columns().get(c).type() == Report.Type.TEXT ? 36 : 16);
                }
                row++;
                for (List<List<Object>> page = s.rows().nextPage(); !page.isEmpty(); page = s.rows().nextPage()) {
                    for (List<Object> values : page) {
                        for (int c = 0; c < values.size(); c++) {
                            cell(ws, row, c, values.get(c), s.columns().get(c).type());
                        }
                        row++;
                    }
                    ws.flush();
                }
                ws.finish();
            }
        }
    }

    private static void cell(Worksheet ws, int row, int c, Object v, Report.Type type) {
        if (v == null) {
            return;
        }
        switch (type) {
            case COUNT, VND -> {
                ws.value(row, c, (Number) v);
                ws.style(row, c).format("#,##0").set();
            }
            case PERCENT -> {
                ws.value(row, c, (Number) v);
                ws.style(row, c).format("0.0%").set();
            }
            case DATE -> {
                ws.value(row, c, (LocalDate) v);
                ws.style(row, c).format("dd/mm/yyyy").set();
            }
            case DATETIME -> {
                ws.value(row, c, ((OffsetDateTime) v).atZoneSameInstant(Clock.ZONE).toLocalDateTime());
                ws.style(row, c).format("dd/mm/yyyy hh:mm").set();
            }
            // inline, not in the shared-string table, which fastexcel keeps in memory until the end: a million
            // names would fill the heap
            default -> ws.inlineString(row, c, v.toString());
        }
    }

    /** Area, period, when and by whom: the first lines of every CSV and sheet. */
    private static List<List<String>> heading(Report r) {
        return List.of(List.of(r.title()), List.of("Địa bàn", r.areaName() + " (" + r.areaCode() + ")"),
                List.of("Kỳ báo cáo", r.period()),
                List.of("Lập lúc", r.producedAt().atZoneSameInstant(Clock.ZONE).format(DATE_TIME)),
                List.of("Người lập", r.producedBy()));
    }

    /** A value as a Vietnamese reader writes it. */
    public static String text(Object v, Report.Type type) {
        if (v == null) {
            return "";
        }
        return switch (type) {
            case COUNT, VND -> grouped().format(((Number) v).longValue());
            case PERCENT -> {
                BigDecimal pct = new BigDecimal(v.toString()).multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP);
                yield pct.toPlainString().replace('.', ',') + "%";
            }
            case DATE -> ((LocalDate) v).format(DATE);
            case DATETIME -> ((OffsetDateTime) v).atZoneSameInstant(Clock.ZONE).format(DATE_TIME);
            default -> v.toString();
        };
    }

    private static DecimalFormat grouped() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("vi-VN"));
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return new DecimalFormat("#,##0", symbols);
    }

    private static String sheetName(int n, String title) {
        String clean = title.replaceAll("[\\\\/?*\\[\\]:]", " ");
        String name = n + ". " + clean;
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
