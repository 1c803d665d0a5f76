package vn.ansinh.payout.common;

import java.io.IOException;
import java.io.Reader;

import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;

/**
 * A reader for a CSV parser that counts the characters read since the last record began, and fails the read
 * that takes one record past its budget (a 422 naming the setting): a single quoted field of a hundred
 * megabytes would otherwise be built in memory before any check saw it. Reads in small steps so that the count
 * is never more than a few kilobytes ahead of the parser. Call {@link #recordRead()} after each record.
 */
public final class CsvRecordBudget extends Reader {

    private static final int STEP = 4096;

    private final Reader in;
    private final int max;
    private final String setting;
    private long sinceRecord;

    public CsvRecordBudget(Reader in, int max, String setting) {
        this.in = in;
        this.max = max;
        this.setting = setting;
    }

    public void recordRead() {
        sinceRecord = 0;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = in.read(cbuf, off, Math.min(len, STEP));
        if (n > 0) {
            sinceRecord += n;
            if (sinceRecord > max + (long) STEP) {
                throw overBudget(setting, max);
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The 422 of a file over one of its budgets, naming the setting. */
    public static ApiException overBudget(String setting, long limit) {
        return new ApiException(ErrorCode.UNPROCESSABLE, "detail.importOverBudget", setting, limit)
                .with("setting", setting).with("limit", limit);
    }
}
