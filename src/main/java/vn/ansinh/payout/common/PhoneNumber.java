package vn.ansinh.payout.common;

import java.util.Optional;
import java.util.Set;

/**
 * A Vietnamese mobile number (domain.md §5): 10 digits starting with 0, or +84 and 9 digits; stored in
 * E.164 (+84…). Only the mobile prefixes of the five networks are accepted.
 */
public final class PhoneNumber {

    private static final Set<String> MOBILE_PREFIXES = Set.of(
            // Viettel
            "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
            // VinaPhone
            "088", "091", "094", "081", "082", "083", "084", "085",
            // MobiFone
            "089", "090", "093", "070", "076", "077", "078", "079",
            // Vietnamobile
            "052", "056", "058",
            // Gmobile
            "059", "099");

    private PhoneNumber() {
    }

    /** "0912 345 678" / "+84912345678" / "84912345678" → "+84912345678"; empty when not a Vietnamese mobile. */
    public static Optional<String> toE164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String digits = raw.replaceAll("[\\s.()-]", "");
        String national;
        if (digits.matches("\\+84[0-9]{9}")) {
            national = "0" + digits.substring(3);
        } else if (digits.matches("84[0-9]{9}")) {
            national = "0" + digits.substring(2);
        } else if (digits.matches("0[0-9]{9}")) {
            national = digits;
        } else {
            return Optional.empty();
        }
        if (!MOBILE_PREFIXES.contains(national.substring(0, 3))) {
            return Optional.empty();
        }
        return Optional.of("+84" + national.substring(1));
    }
}
