package vn.ansinh.payout.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text rules for Vietnamese names (domain.md §5): store NFC as written, search and match on an
 * accent-folded form. The folded form is never an identity (Đoàn and Doãn fold alike).
 * Must agree with the SQL function {@code fold_vn} (V1 migration).
 */
public final class VietnameseText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private VietnameseText() {
    }

    /** NFC with runs of white space collapsed and the ends trimmed: how a name is stored. */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(" ").strip();
    }

    /** Diacritics stripped, đ/Đ mapped to d, lower case: "Đông Hòa" → "dong hoa". */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String stripped = MARKS.matcher(decomposed).replaceAll("")
                .replace('đ', 'd').replace('Đ', 'D');
        return stripped.toLowerCase(Locale.ROOT);
    }

    /** Escapes LIKE wildcards so user text matches literally. */
    public static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
