package vn.ansinh.payout.common;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A national identity number (domain.md §5). A 12-digit citizen ID (căn cước, CCCD) encodes the
 * birth-registration province ("0" + 2-digit code), century and sex (digit 4: 1900s 0 male / 1 female,
 * 2000s 2 / 3, 2100s 4 / 5) and the last two digits of the birth year; there is no check digit.
 * A 9-digit legacy card (CMND) is accepted only as a legacy identifier on old records.
 */
public record NationalId(String value, Kind kind) {

    public enum Kind { CCCD, CMND_LEGACY }

    public enum Sex { MALE, FEMALE }

    /** Why a value is not acceptable; null when it is. */
    public enum Problem { FORMAT, LEGACY_NOT_ALLOWED, BIRTH_YEAR_MISMATCH, SEX_MISMATCH }

    public static Optional<Problem> check(String raw, LocalDate dateOfBirth, Sex sex, boolean legacyAllowed) {
        if (raw == null) {
            return Optional.of(Problem.FORMAT);
        }
        if (raw.matches("[0-9]{9}")) {
            return legacyAllowed ? Optional.empty() : Optional.of(Problem.LEGACY_NOT_ALLOWED);
        }
        if (!raw.matches("0[0-9]{11}")) {
            return Optional.of(Problem.FORMAT);
        }
        if (dateOfBirth == null || sex == null) {
            return Optional.empty();
        }
        int centuryDigit = raw.charAt(3) - '0';
        int year = dateOfBirth.getYear();
        int expectedCentury = (year / 100 - 19) * 2;
        if (centuryDigit / 2 * 2 != expectedCentury
                || !raw.substring(4, 6).equals(String.format("%02d", year % 100))) {
            return Optional.of(Problem.BIRTH_YEAR_MISMATCH);
        }
        if ((centuryDigit % 2 == 1) != (sex == Sex.FEMALE)) {
            return Optional.of(Problem.SEX_MISMATCH);
        }
        return Optional.empty();
    }

    public static Kind kindOf(String raw) {
        return raw != null && raw.length() == 9 ? Kind.CMND_LEGACY : Kind.CCCD;
    }

    /** For responses that do not need it in full: all but the last 4 digits hidden. */
    public String masked() {
        return PiiMasker.maskIdentifier(value);
    }
}
