package vn.ansinh.payout.imports.service;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import vn.ansinh.payout.common.CsvRecordBudget;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;

/**
 * Reads an uploaded list, spooled to disk, as a stream of rows keyed by lower-case column name: a CSV with a
 * header row (UTF-8 with or without BOM), or the first sheet of an XLSX workbook. Row numbers are the
 * spreadsheet's own (the header is row 1), so officers can find a rejected row in their file.
 *
 * <p>Nothing holds the file in the heap, and every budget is enforced while reading ({@link Limits}): rows,
 * columns, characters in one record; for an XLSX (a zip) the number of entries, the bytes inflated in all and
 * each entry's expansion ratio (counted as they are inflated, whatever the entries declare), the shared
 * strings kept in memory and the nesting of its XML, which may declare no DTD or entity. Over a budget is a
 * 422 naming the setting; a file that cannot be read is a 422 too.
 */
public final class ImportFile implements Closeable {

    public static final List<String> COLUMNS = List.of("national_id", "full_name", "date_of_birth", "sex",
            "commune_code", "address", "phone", "mobility", "program", "category_code", "variant", "children_count",
            "decision_number", "decision_date", "start_month", "old_province_code", "old_district_code", "old_commune_code");
    private static final List<String> REQUIRED = List.of("national_id", "full_name", "date_of_birth", "sex");
    /** Where a person lives: the 2025 commune, or the old codes of a list made before 2025-07-01 (one is needed). */
    private static final List<String> PLACE = List.of("commune_code", "old_commune_code", "old_district_code");

    private static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final Pattern ESCAPE = Pattern.compile("_x([0-9A-Fa-f]{4})_");
    private static final Pattern CELL_REF = Pattern.compile("([A-Z]{1,3})[0-9]*");

    public record RawRow(int rowNumber, Map<String, String> values) {
        public String get(String column) {
            String v = values.get(column);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    public enum Format { CSV, XLSX }

    /** The budgets of one file (ansinh.imports.*). */
    public record Limits(long maxRows, int maxColumns, int maxLineLength, int maxEntries, long maxExpandedSize,
            int maxRatio, int maxSharedStringCount, long maxSharedStringsSize, int maxCellLength, int maxTokenSize,
            int maxXmlDepth) {
    }

    /** What a first pass over the whole file found: its SHA-256 and how many rows it holds. */
    public record Scan(String sha256, int rows) {
    }

    private final RowSource source;

    private ImportFile(RowSource source) {
        this.source = source;
    }

    /**
     * Reads the whole file once: its hash, its row count, every budget. A file that fails here has changed
     * nothing; the second pass ({@link #open}) then reads the same bytes.
     */
    public static Scan scan(Path file, Format format, Limits limits) {
        MessageDigest digest = Digests.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStreamNull.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rows = 0;
        try (ImportFile f = open(file, format, limits)) {
            while (f.next() != null) {
                rows++;
            }
        }
        return new Scan(java.util.HexFormat.of().formatHex(digest.digest()), rows);
    }

    /** Opens the file for reading row by row; close it when done. */
    public static ImportFile open(Path file, Format format, Limits limits) {
        try {
            return new ImportFile(format == Format.CSV ? new CsvSource(file, limits) : new XlsxSource(file, limits));
        } catch (IOException | XMLStreamException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** The next row with a value in it, or null at the end. */
    public RawRow next() {
        try {
            return source.next();
        } catch (IOException | XMLStreamException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** Up to {@code n} rows; fewer (or none) at the end. */
    public List<RawRow> next(int n) {
        List<RawRow> out = new ArrayList<>(n);
        RawRow row;
        while (out.size() < n && (row = next()) != null) {
            out.add(row);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException | XMLStreamException e) {
            // nothing was kept open that matters: the file is deleted with the request
        }
    }

    private static ApiException unreadable(Throwable e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e.getCause() instanceof ApiException api) {
            return api;
        }
        if (e instanceof XMLStreamException x && x.getNestedException() instanceof ApiException api) {
            return api;
        }
        return new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
    }

    private static ApiException overBudget(String setting, long limit) {
        return CsvRecordBudget.overBudget(setting, limit);
    }

    private static void requireColumns(List<String> headers, Limits limits) {
        if (headers.size() > limits.maxColumns()) {
            throw overBudget("ansinh.imports.max-columns", limits.maxColumns());
        }
        List<String> missing = new ArrayList<>(REQUIRED.stream().filter(c -> !headers.contains(c)).toList());
        if (PLACE.stream().noneMatch(headers::contains)) {
            missing.add("commune_code");
        }
        if (!missing.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importMissingColumns", String.join(", ", missing));
        }
    }

    private interface RowSource {
        RawRow next() throws IOException, XMLStreamException;

        void close() throws IOException, XMLStreamException;
    }

    // ---- CSV -------------------------------------------------------------------------------------------

    private static final class CsvSource implements RowSource {
        private final Limits limits;
        private final CsvRecordBudget budget;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final List<String> headers;
        private long rowsRead;

        CsvSource(Path file, Limits limits) throws IOException {
            this.limits = limits;
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) {
                in.reset();
            }
            this.budget = new CsvRecordBudget(new InputStreamReader(in, StandardCharsets.UTF_8), limits.maxLineLength(),
                    "ansinh.imports.max-line-length");
            this.parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                    .setTrim(true).get().parse(budget);
            budget.recordRead();
            this.headers = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            requireColumns(headers, limits);
            this.records = parser.iterator();
        }

        @Override
        public RawRow next() {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            budget.recordRead();
            if (++rowsRead > limits.maxRows()) {
                throw overBudget("ansinh.imports.max-rows", limits.maxRows());
            }
            if (record.size() > limits.maxColumns()) {
                throw overBudget("ansinh.imports.max-columns", limits.maxColumns());
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < headers.size() && i < record.size(); i++) {
                if (record.get(i).length() > limits.maxCellLength()) {
                    throw overBudget("ansinh.imports.max-cell-length", limits.maxCellLength());
                }
                values.put(headers.get(i), record.get(i));
            }
            return new RawRow((int) record.getRecordNumber() + 1, values);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    // ---- XLSX ------------------------------------------------------------------------------------------

    /** A zip entry's inflated bytes, counted against the file's total and the entry's ratio as they come. */
    private static final class Inflated extends FilterInputStream {
        private final long[] total;
        private final Limits limits;
        private final long ratioLimit;
        private long read;

        /** Bytes since the last '<' or '>': the longest text or tag the XML parser would have to hold. */
        private long token;

        Inflated(InputStream in, ZipEntry entry, long[] total, Limits limits, long fileSize) {
            super(in);
            this.total = total;
            this.limits = limits;
            // what the entry declares it takes, never more than the whole file (a directory can claim anything)
            long compressed = entry.getCompressedSize() < 0 ? 0 : Math.min(entry.getCompressedSize(), fileSize);
            // a tiny entry may legitimately inflate many times over; 64 KB are always allowed
            this.ratioLimit = Math.max(64 * 1024, compressed * limits.maxRatio());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
                token(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, Math.min(len, 8192));
            if (n > 0) {
                count(n);
                for (int i = off; i < off + n; i++) {
                    token(b[i]);
                }
            }
            return n;
        }

        private void token(int b) {
            if (b == '<' || b == '>') {
                token = 0;
            } else if (++token > limits.maxTokenSize()) {
                throw overBudget("ansinh.imports.max-token-size", limits.maxTokenSize());
            }
        }

        private void count(long n) {
            read += n;
            total[0] += n;
            if (total[0] > limits.maxExpandedSize()) {
                throw overBudget("ansinh.imports.max-expanded-size", limits.maxExpandedSize());
            }
            if (read > ratioLimit) {
                throw overBudget("ansinh.imports.max-ratio", limits.maxRatio());
            }
        }
    }

    private static final class XlsxSource implements RowSource {
        private final Limits limits;
        private final ZipFile zip;
        private final long[] inflated = new long[1];
        private final long fileSize;
        private final SharedStrings shared;
        private final XMLStreamReader sheet;
        private final InputStream sheetStream;
        private List<String> headers;
        private long rowsRead;
        private int depth;

        XlsxSource(Path file, Limits limits) throws IOException, XMLStreamException {
            this.limits = limits;
            this.fileSize = Files.size(file);
            this.shared = new SharedStrings(limits);
            checkEndOfCentralDirectory(file, limits);
            try {
                this.zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
            }
            try {
                checkEntries();
                Map<String, String> workbookRels = relationships("xl/_rels/workbook.xml.rels");
                String sheetPath = "xl/" + stripSlash(workbookRels.getOrDefault(firstSheetRelation(), "worksheets/sheet1.xml"));
                String sharedPath = workbookRels.entrySet().stream().filter(e -> e.getKey().startsWith("type:sharedStrings"))
                        .map(e -> "xl/" + stripSlash(e.getValue())).findFirst().orElse("xl/sharedStrings.xml");
                readSharedStrings(sharedPath);
                ZipEntry entry = zip.getEntry(sheetPath);
                if (entry == null) {
                    throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importNoHeader");
                }
                this.sheetStream = new Inflated(zip.getInputStream(entry), entry, inflated, limits, fileSize);
                this.sheet = xml(sheetStream);
                readHeader();
            } catch (IOException | XMLStreamException | RuntimeException e) {
                zip.close();
                throw e;
            }
        }

        /**
         * The entry count and directory size a zip declares at its end, read before the JDK loads its central
         * directory into memory: a directory of a million entries would take tens of megabytes of heap.
         */
        private static void checkEndOfCentralDirectory(Path file, Limits limits) throws IOException {
            try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
                long size = ch.size();
                int tail = (int) Math.min(size, 22 + 65_535);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                ch.position(size - tail);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                for (int i = tail - 22; i >= 0; i--) {
                    if (buf.getInt(i) == 0x06054b50) {
                        int entries = buf.getShort(i + 10) & 0xFFFF;
                        long directory = buf.getInt(i + 12) & 0xFFFFFFFFL;
                        if (entries > limits.maxEntries() || directory > limits.maxEntries() * 1_100L) {
                            throw overBudget("ansinh.imports.max-entries", limits.maxEntries());
                        }
                        return;
                    }
                }
            }
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
        }

        private static String stripSlash(String target) {
            return target.startsWith("/xl/") ? target.substring(4) : target.startsWith("/") ? target.substring(1) : target;
        }

        /** Entry count, and no name twice (two readers could each take a different one: a parser differential). */
        private void checkEntries() {
            if (zip.size() > limits.maxEntries()) {
                throw overBudget("ansinh.imports.max-entries", limits.maxEntries());
            }
            Set<String> names = new HashSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int n = 0;
            while (entries.hasMoreElements()) {
                if (++n > limits.maxEntries()) {
                    throw overBudget("ansinh.imports.max-entries", limits.maxEntries());
                }
                if (!names.add(entries.nextElement().getName())) {
                    throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
                }
            }
        }

        private XMLStreamReader xml(InputStream in) throws XMLStreamException {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
            return factory.createXMLStreamReader(in);
        }

        /** The next event, refusing a DTD and nesting deeper than the budget. */
        private int nextEvent(XMLStreamReader r) throws XMLStreamException {
            int event = r.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
            }
            if (event == XMLStreamConstants.START_ELEMENT && ++depth > limits.maxXmlDepth()) {
                throw overBudget("ansinh.imports.max-xml-depth", limits.maxXmlDepth());
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
            return event;
        }

        /** Id → target of a relationships part, plus "type:&lt;last path segment of the type&gt;:Id" → target. */
        private Map<String, String> relationships(String path) throws IOException, XMLStreamException {
            Map<String, String> out = new HashMap<>();
            ZipEntry entry = zip.getEntry(path);
            if (entry == null) {
                return out;
            }
            try (InputStream in = new Inflated(zip.getInputStream(entry), entry, inflated, limits, fileSize)) {
                XMLStreamReader r = xml(in);
                depth = 0;
                while (r.hasNext()) {
                    if (nextEvent(r) == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Relationship")) {
                        String id = r.getAttributeValue(null, "Id");
                        String target = r.getAttributeValue(null, "Target");
                        String type = String.valueOf(r.getAttributeValue(null, "Type"));
                        if (id != null && target != null) {
                            out.put(id, target);
                            out.put("type:" + type.substring(type.lastIndexOf('/') + 1) + ":" + id, target);
                        }
                    }
                }
                r.close();
            }
            return out;
        }

        /** The relationship id of the workbook's first sheet. */
        private String firstSheetRelation() throws IOException, XMLStreamException {
            ZipEntry entry = zip.getEntry("xl/workbook.xml");
            if (entry == null) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
            }
            try (InputStream in = new Inflated(zip.getInputStream(entry), entry, inflated, limits, fileSize)) {
                XMLStreamReader r = xml(in);
                depth = 0;
                while (r.hasNext()) {
                    if (nextEvent(r) == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("sheet")) {
                        String id = r.getAttributeValue(REL_NS, "id");
                        r.close();
                        return id == null ? "" : id;
                    }
                }
                r.close();
            }
            return "";
        }

        private void readSharedStrings(String path) throws IOException, XMLStreamException {
            ZipEntry entry = zip.getEntry(path);
            if (entry == null) {
                return;
            }
            try (InputStream in = new Inflated(zip.getInputStream(entry), entry, inflated, limits, fileSize)) {
                XMLStreamReader r = xml(in);
                depth = 0;
                StringBuilder current = null;
                boolean inText = false;
                boolean phonetic = false;
                while (r.hasNext()) {
                    int event = nextEvent(r);
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "si" -> current = new StringBuilder();
                            case "t" -> inText = !phonetic;
                            case "rPh" -> phonetic = true;
                            default -> {
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "si" -> {
                                shared.add(current == null ? "" : unescape(current.toString()));
                                current = null;
                            }
                            case "t" -> inText = false;
                            case "rPh" -> phonetic = false;
                            default -> {
                            }
                        }
                    } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                            || event == XMLStreamConstants.SPACE) && inText && current != null) {
                        if (current.length() + r.getTextLength() > limits.maxCellLength()) {
                            throw overBudget("ansinh.imports.max-cell-length", limits.maxCellLength());
                        }
                        current.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                r.close();
            }
        }

        private void readHeader() throws XMLStreamException {
            depth = 0;
            Map<Integer, String> first = nextRowCells();
            if (first == null) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importNoHeader");
            }
            int width = first.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                String v = first.get(i);
                names.add(v == null ? "" : v.strip().toLowerCase(Locale.ROOT));
            }
            this.headers = names;
            requireColumns(headers, limits);
        }

        /** The cells of the next row by column index, or null at the end of the sheet data. */
        private Map<Integer, String> nextRowCells() throws XMLStreamException {
            while (sheet.hasNext()) {
                int event = nextEvent(sheet);
                if (event == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("row")) {
                    if (++rowsRead > limits.maxRows() + 1) { // the header row besides the budget's rows
                        throw overBudget("ansinh.imports.max-rows", limits.maxRows());
                    }
                    String r = sheet.getAttributeValue(null, "r");
                    lastRowNumber = r != null && r.matches("[0-9]{1,9}") ? Integer.parseInt(r) : lastRowNumber + 1;
                    return rowCells();
                }
            }
            return null;
        }

        private int lastRowNumber;

        private Map<Integer, String> rowCells() throws XMLStreamException {
            Map<Integer, String> cells = new HashMap<>();
            int rowDepth = depth;
            int nextColumn = 0;
            int lineChars = 0;
            int cellsInRow = 0;
            while (sheet.hasNext()) {
                int event = nextEvent(sheet);
                if (event == XMLStreamConstants.END_ELEMENT && depth < rowDepth) {
                    return cells;
                }
                if (event == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("c")) {
                    if (++cellsInRow > limits.maxColumns()) {
                        throw overBudget("ansinh.imports.max-columns", limits.maxColumns());
                    }
                    String ref = sheet.getAttributeValue(null, "r");
                    int column = nextColumn;
                    if (ref != null) {
                        Matcher m = CELL_REF.matcher(ref);
                        if (m.matches()) {
                            column = columnIndex(m.group(1));
                        }
                    }
                    if (column >= limits.maxColumns()) {
                        throw overBudget("ansinh.imports.max-columns", limits.maxColumns());
                    }
                    nextColumn = column + 1;
                    String type = sheet.getAttributeValue(null, "t");
                    String value = cellValue(type, depth);
                    if (value != null) {
                        lineChars += value.length();
                        if (lineChars > limits.maxLineLength()) {
                            throw overBudget("ansinh.imports.max-line-length", limits.maxLineLength());
                        }
                        cells.put(column, value);
                    }
                }
            }
            throw new ApiException(ErrorCode.UNPROCESSABLE, "detail.importUnreadable");
        }

        /** A cell's text as stored: a shared or inline string, or the raw value of a number, date or boolean. */
        private String cellValue(String type, int cellDepth) throws XMLStreamException {
            StringBuilder v = new StringBuilder();
            boolean inValue = false;
            while (sheet.hasNext()) {
                int event = nextEvent(sheet);
                if (event == XMLStreamConstants.END_ELEMENT && depth < cellDepth) {
                    break;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = sheet.getLocalName();
                    inValue = name.equals("v") || (name.equals("t") && "inlineStr".equals(type));
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    inValue = false;
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) && inValue) {
                    if (v.length() + sheet.getTextLength() > limits.maxCellLength()) {
                        throw overBudget("ansinh.imports.max-cell-length", limits.maxCellLength());
                    }
                    v.append(sheet.getTextCharacters(), sheet.getTextStart(), sheet.getTextLength());
                }
            }
            String text = v.toString();
            if ("s".equals(type)) {
                try {
                    int index = Integer.parseInt(text.strip());
                    return index >= 0 && index < shared.size() ? shared.get(index) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if ("b".equals(type)) {
                return "1".equals(text.strip()) ? "TRUE" : "FALSE";
            }
            return v.isEmpty() ? null : unescape(text);
        }

        private static int columnIndex(String letters) {
            int n = 0;
            for (int i = 0; i < letters.length(); i++) {
                n = n * 26 + (letters.charAt(i) - 'A' + 1);
            }
            return n - 1;
        }

        @Override
        public RawRow next() throws XMLStreamException {
            while (true) {
                Map<Integer, String> cells = nextRowCells();
                if (cells == null) {
                    return null;
                }
                Map<String, String> values = new HashMap<>();
                boolean any = false;
                for (Map.Entry<Integer, String> c : cells.entrySet()) {
                    if (c.getKey() < headers.size()) {
                        values.put(headers.get(c.getKey()), c.getValue());
                        any |= !c.getValue().isBlank();
                    }
                }
                if (any) {
                    return new RawRow(lastRowNumber, values);
                }
            }
        }

        @Override
        public void close() throws IOException, XMLStreamException {
            try {
                sheet.close();
                sheetStream.close();
            } finally {
                zip.close();
            }
        }
    }

    /**
     * The shared strings of a workbook, kept while its sheet is read: one array of characters and one of ends,
     * so a million strings cost their characters and four bytes each, not a String object each. Both their count
     * and their size in memory (two bytes a character) are budgeted as they are added.
     */
    static final class SharedStrings {
        private final Limits limits;
        private char[] chars = new char[1024];
        private int length;
        private int[] ends = new int[256];
        private int count;

        SharedStrings(Limits limits) {
            this.limits = limits;
        }

        void add(String s) {
            if (count + 1 > limits.maxSharedStringCount()) {
                throw overBudget("ansinh.imports.max-shared-string-count", limits.maxSharedStringCount());
            }
            if (2L * (length + (long) s.length()) > limits.maxSharedStringsSize()) {
                throw overBudget("ansinh.imports.max-shared-strings-size", limits.maxSharedStringsSize());
            }
            if (length + s.length() > chars.length) {
                chars = java.util.Arrays.copyOf(chars, Math.max(length + s.length(), chars.length * 2));
            }
            s.getChars(0, s.length(), chars, length);
            length += s.length();
            if (count == ends.length) {
                ends = java.util.Arrays.copyOf(ends, ends.length * 2);
            }
            ends[count++] = length;
        }

        int size() {
            return count;
        }

        String get(int index) {
            int start = index == 0 ? 0 : ends[index - 1];
            return new String(chars, start, ends[index] - start);
        }
    }

    /** OOXML escapes characters XML cannot hold as _xHHHH_ (a NUL is _x0000_, which the row reader refuses). */
    static String unescape(String s) {
        if (s.indexOf("_x") < 0) {
            return s;
        }
        Matcher m = ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Discards what it is given (for hashing a file without keeping it). */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
