package vn.ansinh.payout.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal identifiers (national IDs, phone and account numbers) in free text: every run of
 * 6 or more digits, optionally prefixed by +, keeps only its last 4 digits. Used by the log filter
 * and by responses that do not need the full value.
 */
public final class PiiMasker {

    private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d(?:[ .-]?\\d){5,}");

    private PiiMasker() {
    }

    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = DIGIT_RUNS.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(maskIdentifier(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** "079123456789" → "********6789"; short values are masked entirely. */
    public static String maskIdentifier(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() <= 4) {
            return "*".repeat(digits.length());
        }
        return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    }
}
