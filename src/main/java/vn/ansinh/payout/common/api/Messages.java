package vn.ansinh.payout.common.api;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Vietnamese (default) and English texts for problems and field errors, chosen by
 * {@code Accept-Language}. Bundles are {@code messages_vi.properties} and {@code messages_en.properties}.
 */
public final class Messages {

    public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    public static final Locale ENGLISH = Locale.ENGLISH;

    private Messages() {
    }

    /** The first of the caller's acceptable languages that we speak; Vietnamese otherwise. */
    public static Locale choose(List<Locale> acceptable) {
        if (acceptable != null) {
            for (Locale l : acceptable) {
                if ("en".equals(l.getLanguage())) {
                    return ENGLISH;
                }
                if ("vi".equals(l.getLanguage())) {
                    return VIETNAMESE;
                }
            }
        }
        return VIETNAMESE;
    }

    public static String get(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", locale, ResourceBundle.Control
                .getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
