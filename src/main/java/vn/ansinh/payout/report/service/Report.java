package vn.ansinh.payout.report.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A report as data, written by {@link ReportWriters} as JSON, CSV or XLSX from the same values, so the
 * three formats agree by construction. Sections hold rows of typed values; a long list (the provider's
 * paid list) is pulled page by page while it is written, never held whole.
 */
public record Report(String kind, String title, String areaCode, String areaName, String period,
        OffsetDateTime producedAt, String producedBy, List<Section> sections) {

    /**
     * How a column's values are shown. JSON keeps raw values (codes, integers, fractions, ISO dates) for
     * programs; CSV and XLSX are for people: amounts in VND and counts with thousands separators, dates
     * dd/MM/yyyy, months MM/yyyy, percentages to one decimal (the header says so), codes as their
     * Vietnamese labels ({@link ReportLabels}). A KEY column (a row's machine key, beside a label column)
     * is written to JSON only.
     */
    public enum Type {
        TEXT, CODE, KEY, MONTH, COUNT, VND, PERCENT, POINTS, DATE, DATETIME
    }

    public record Column(String key, String label, Type type) {
    }

    public record Section(String name, String title, List<Column> columns, Rows rows) {
    }

    /** Rows, read once, in pages; an empty page ends them. Pulling may block (writers run on worker threads). */
    public interface Rows {
        List<List<Object>> nextPage();

        static Rows of(List<List<Object>> all) {
            Iterator<List<List<Object>>> pages = List.of(all).iterator();
            return () -> pages.hasNext() ? pages.next() : List.of();
        }

        static Rows paged(Supplier<List<List<Object>>> next) {
            return next::get;
        }

        /** Everything, for tests and small sections. */
        default List<List<Object>> all() {
            List<List<Object>> out = new ArrayList<>();
            for (List<List<Object>> page = nextPage(); !page.isEmpty(); page = nextPage()) {
                out.addAll(page);
            }
            return out;
        }
    }
}
