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
                // the columns, so a filed report can be written again as CSV or XLSX exactly as it was produced
                g.writeArrayFieldStart("columns");
                for (Report.Column c : s.columns()) {
                    g.writeStartObject();
                    g.writeStringField("key", c.key());
                    g.writeStringField("label", c.label());
                    g.writeStringField("type", c.type().name());
                    g.writeEndObject();
                }
                g.writeEndArray();
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
                                Report.Type t = s.columns().get(i).type();
                                g.writeNumber(t == Report.Type.PERCENT || t == Report.Type.POINTS
                                        ? d.setScale(FRACTION_SCALE, RoundingMode.HALF_UP) : d);
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

    /**
     * A report written by {@link #json} read back (a filed snapshot), so it can be written again as CSV or
     * XLSX from exactly the values filed. A report filed before the columns were written into the JSON
     * gets its column keys as labels, numbers as counts.
     */
    public static Report fromJson(String content, ObjectMapper mapper) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(content);
        List<Report.Section> sections = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode s : root.path("sections")) {
            List<Report.Column> columns = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode c : s.path("columns")) {
                columns.add(new Report.Column(c.path("key").asText(), c.path("label").asText(),
                        Report.Type.valueOf(c.path("type").asText())));
            }
            com.fasterxml.jackson.databind.JsonNode rows = s.path("rows");
            if (columns.isEmpty() && rows.size() > 0) {
                rows.get(0).fields().forEachRemaining(e -> columns.add(new Report.Column(e.getKey(), e.getKey(),
                        e.getValue().isNumber() ? Report.Type.COUNT : Report.Type.TEXT)));
            }
            List<List<Object>> values = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode r : rows) {
                List<Object> row = new java.util.ArrayList<>();
                for (Report.Column c : columns) {
                    com.fasterxml.jackson.databind.JsonNode v = r.get(c.key());
                    row.add(v == null || v.isNull() ? null : switch (c.type()) {
                        case COUNT, VND -> v.asLong();
                        case PERCENT, POINTS -> v.decimalValue();
                        case DATE -> LocalDate.parse(v.asText());
                        case DATETIME -> OffsetDateTime.parse(v.asText());
                        default -> v.asText();
                    });
                }
                values.add(row);
            }
            sections.add(new Report.Section(s.path("name").asText(), s.path("title").asText(), columns,
                    Report.Rows.of(values)));
        }
        return new Report(root.path("kind").asText(), root.path("title").asText(), root.path("area").path("code").asText(),
                root.path("area").path("name").asText(), root.path("period").asText(),
                OffsetDateTime.parse(root.path("producedAt").asText()), root.path("producedBy").asText(), sections);
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
                int[] shown = shown(s);
                p.row(java.util.Arrays.stream(shown).mapToObj(i -> header(s.columns().get(i))).toList());
                for (List<List<Object>> page = s.rows().nextPage(); !page.isEmpty(); page = s.rows().nextPage()) {
                    for (List<Object> row : page) {
                        Object[] cells = new Object[shown.length];
                        for (int j = 0; j < shown.length; j++) {
                            int i = shown[j];
                            Report.Type type = s.columns().get(i).type();
                            String text = text(row.get(i), type);
                            // text and labels go through the formula guard; only numbers and dates formatted here are exact
                            cells[j] = type == Report.Type.TEXT || type == Report.Type.CODE ? text : CsvWriter.exact(text);
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
                int[] shown = shown(s);
                for (int c = 0; c < shown.length; c++) {
                    Report.Column col = s.columns().get(shown[c]);
                    ws.value(row, c, header(col));
                    ws.style(row, c).bold().set();
                    ws.width(c, col.type() == Report.Type.TEXT || col.type() == Report.Type.CODE ? 36 : 16);
                }
                row++;
                for (List<List<Object>> page = s.rows().nextPage(); !page.isEmpty(); page = s.rows().nextPage()) {
                    for (List<Object> values : page) {
                        for (int c = 0; c < shown.length; c++) {
                            cell(ws, row, c, values.get(shown[c]), s.columns().get(shown[c]).type());
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
            case POINTS -> {
                // percentage points: the fraction's difference times 100, shown to one decimal like the header says
                ws.value(row, c, new BigDecimal(v.toString()).movePointRight(2));
                ws.style(row, c).format("0.0").set();
            }
            case MONTH -> ws.inlineString(row, c, text(v, type));
            case CODE -> ws.inlineString(row, c, ReportLabels.of(v.toString()));
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
                List.of("Kỳ báo cáo", month(r.period())),
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
            case PERCENT -> onePlace(v) + "%";
            case POINTS -> onePlace(v);
            case CODE -> ReportLabels.of(v.toString());
            case MONTH -> month(v.toString());
            case DATE -> ((LocalDate) v).format(DATE);
            case DATETIME -> ((OffsetDateTime) v).atZoneSameInstant(Clock.ZONE).format(DATE_TIME);
            default -> v.toString();
        };
    }

    /** The digits after the point of a percentage in JSON (as a fraction: 0.1250 is 12.5%). */
    static final int FRACTION_SCALE = 4;

    /** A fraction as a percentage with one decimal and a decimal comma (0.12345 is 12,3), rounded once from the value. */
    private static String onePlace(Object fraction) {
        return new BigDecimal(fraction.toString()).movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString()
                .replace('.', ',');
    }

    /** 2026-10 as 10/2026; anything else (a row key such as the year total) as its label. */
    private static String month(String value) {
        return value.matches("\\d{4}-\\d{2}") ? value.substring(5) + "/" + value.substring(0, 4) : ReportLabels.of(value);
    }

    /** A column's header for people: percentages say their unit and precision. */
    static String header(Report.Column c) {
        return switch (c.type()) {
            case PERCENT -> c.label() + " (%, làm tròn 0,1)";
            case POINTS -> c.label() + " (điểm %, làm tròn 0,1)";
            default -> c.label();
        };
    }

    /** The columns people see: all but the machine keys. */
    private static int[] shown(Report.Section s) {
        return java.util.stream.IntStream.range(0, s.columns().size())
                .filter(i -> s.columns().get(i).type() != Report.Type.KEY).toArray();
    }

    private static DecimalFormat grouped() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("vi-VN"));
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return new DecimalFormat("#,##0", symbols);
    }

    /**
     * A sheet name Excel accepts: at most 31 characters, none of \\ / ? * [ ] :, not starting or ending
     * with an apostrophe, unique in the workbook (the section's number comes first), cut at a word.
     */
    static String sheetName(int n, String title) {
        String clean = title.replaceAll("[\\\\/?*\\[\\]:']", " ").replaceAll("\\s+", " ").trim();
        String name = n + ". " + clean;
        if (name.length() <= 31) {
            return name;
        }
        String cut = name.substring(0, 31);
        int space = cut.lastIndexOf(' ');
        return (space > 3 ? cut.substring(0, space) : cut).trim();
    }
}
