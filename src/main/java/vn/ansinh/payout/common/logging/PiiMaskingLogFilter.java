package vn.ansinh.payout.common.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;
import vn.ansinh.payout.common.PiiMasker;

/**
 * Last line of defence for personal data in logs: national IDs, phone and account numbers are
 * masked in every console line (the formatted message and exception messages), whatever logged
 * them. Code should not log them in the first place.
 */
@LoggingFilter(name = "pii-mask")
public final class PiiMaskingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String masked = PiiMasker.maskText(formatted);
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getParameters() == null) {
            record.setMessage(PiiMasker.maskText(record.getMessage()));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && carriesDigits(thrown)) {
            record.setThrown(new MaskedThrowable(thrown));
        }
        return true;
    }

    private static boolean carriesDigits(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(PiiMasker.maskText(m))) {
                return true;
            }
        }
        return false;
    }

    /** A stand-in for an exception whose messages carry identifiers; keeps type names and stacks. */
    static final class MaskedThrowable extends RuntimeException {
        MaskedThrowable(Throwable original) {
            super(original.getClass().getName() + ": " + PiiMasker.maskText(original.getMessage()),
                    original.getCause() == null || original.getCause() == original
                            ? null : new MaskedThrowable(original.getCause()),
                    false, true);
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
