package vn.ansinh.payout.common;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way the service writes CSV. Every text cell goes through the formula guard: a value a spreadsheet
 * would take for a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage
 * return) is written with a leading apostrophe, so a name like {@code =HYPERLINK(...)} typed into the
 * registry is shown, never run, when an officer or the provider opens the file.
 *
 * <p>Some fields must stay byte for byte what they are (an account number the bank matches, a reference the
 * provider sends back): those are written as {@link Exact} cells, which are never changed and are refused if
 * they could be read as a formula. A refused exact cell means the data broke the format's assumptions (the
 * database and the validators allow no such value), so it is an error, never silently altered. Numbers
 * ({@link Number}) are written as they are. Which fields of which file are exact is listed in
 * docs/architecture.md ("One CSV writer").
 *
 * <p>Not thread-safe; one per file.
 */
public final class CsvWriter implements Closeable, Flushable {

    private static final String FORMULA_START = "=+-@\t\r";

    /** A cell written exactly as given: identifiers, codes, amounts and dates the recipient parses. */
    public record Exact(String value) {
        public Exact {
            if (value != null && couldBeFormula(value) && !isSignedNumber(value)) {
                throw new IllegalArgumentException("an exact CSV field may not start with a formula character");
            }
        }
    }

    private final CSVPrinter printer;

    private CsvWriter(Writer out, CSVFormat format) throws IOException {
        this.printer = new CSVPrinter(out, format);
    }

    /** RFC 4180 (comma, double quotes, CRLF), for files other systems read. */
    public static CsvWriter rfc4180(Writer out) throws IOException {
        return new CsvWriter(out, CSVFormat.RFC4180);
    }

    /** As {@link #rfc4180}, preceded by a UTF-8 byte-order mark so that Excel opens Vietnamese letters intact. */
    public static CsvWriter forSpreadsheets(Writer out) throws IOException {
        out.write('\ufeff');
        return new CsvWriter(out, CSVFormat.RFC4180);
    }

    public static Exact exact(String value) {
        return new Exact(value);
    }

    /** {@code text} as it is safe to put in a cell a spreadsheet may open. */
    public static String guard(String text) {
        return text != null && couldBeFormula(text) ? "'" + text : text;
    }

    /**
     * One record: {@link Exact} cells as they are, numbers as they are, null as an empty cell, anything else
     * as guarded text.
     */
    public void row(Object... cells) throws IOException {
        Object[] written = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            written[i] = c == null ? "" : c instanceof Exact e ? (e.value() == null ? "" : e.value())
                    : c instanceof Number n ? n.toString() : guard(c.toString());
        }
        printer.printRecord(written);
    }

    public void row(List<?> cells) throws IOException {
        row(cells.toArray());
    }

    /** An empty line between sections. */
    public void blankLine() throws IOException {
        printer.println();
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close(true); // flushes, then closes the writer under it
    }

    private static boolean couldBeFormula(String s) {
        return !s.isEmpty() && FORMULA_START.indexOf(s.charAt(0)) >= 0;
    }

    /**
     * "-12", "-1.234.567", "-12,5%", "+84912345678" (a phone in E.164): a signed number, which a spreadsheet
     * reads as a number and nothing else; no function call or link can hide in it.
     */
    private static boolean isSignedNumber(String s) {
        return s.matches("[-+][0-9][0-9.,]*%?");
    }
}
