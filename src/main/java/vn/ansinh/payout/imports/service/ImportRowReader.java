package vn.ansinh.payout.imports.service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import vn.ansinh.payout.area.legacy.LegacyAreas;
import vn.ansinh.payout.common.NationalId;
import vn.ansinh.payout.common.PhoneNumber;
import vn.ansinh.payout.common.VietnameseText;
import vn.ansinh.payout.common.api.Problem.FieldError;
import vn.ansinh.payout.registry.Program;

/**
 * Turns one row of an imported list into a beneficiary with one entitlement, or the reasons it cannot
 * be (every problem of the row, named by column). Dates may be dd/MM/yyyy, yyyy-MM-dd or spreadsheet
 * date serials; sex MALE/FEMALE or Nam/Nữ; months yyyy-MM or MM/yyyy. Legacy 9-digit IDs are accepted
 * here (old lists carry them), never in new registrations.
 */
public final class ImportRowReader {

    public record ValidRow(int rowNumber, String nationalId, String nationalIdKind, String fullName, LocalDate dateOfBirth,
            String sex, String communeCode, String addressLine, String phoneE164, String mobility, Program program,
            String categoryCode, String variant, int childrenCount, String decisionNumber, LocalDate decisionDate,
            LocalDate startMonth, String legacyDistrictCode, String legacyCommuneCode) {
    }

    /** The row, or its problems; and how its old area codes were mapped, when it carried any. */
    public record Result(ValidRow row, List<FieldError> errors, LegacyAreas.Mapping areaMapping) {
        Result(ValidRow row, List<FieldError> errors) {
            this(row, errors, null);
        }
    }

    private static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private ImportRowReader() {
    }

    /**
     * @param communesInScope the communes the importing officer may write to
     * @param categoryKeys "PROGRAM/CODE" of the known categories
     */
    public static Result read(ImportFile.RawRow raw, Set<String> communesInScope, Set<String> categoryKeys,
            LocalDate today, LegacyAreas.Catalogue legacy) {
        List<FieldError> errors = new ArrayList<>();
        // a NUL (a CSV cell, an XLSX _x0000_ escape) cannot be stored in text: the row is refused, not the chunk
        raw.values().forEach((column, value) -> {
            if (value != null && value.indexOf('\u0000') >= 0) {
                errors.add(new FieldError(column, "INVALID_CHARACTERS", "field.invalidCharacters"));
            }
        });
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        String nationalId = raw.get("national_id");
        String fullName = raw.get("full_name");
        LocalDate dob = date(raw.get("date_of_birth"), "date_of_birth", errors);
        String sex = sex(raw.get("sex"), errors);
        if (fullName == null) {
            errors.add(new FieldError("full_name", "REQUIRED", "field.required"));
        }
        if (dob != null && dob.isAfter(today)) {
            errors.add(new FieldError("date_of_birth", "IN_THE_FUTURE", "field.future"));
        }
        if (dob != null && dob.getYear() < 1900) { // the database refuses it too (beneficiary_dob_range)
            errors.add(new FieldError("date_of_birth", "BEFORE_1900", "field.date"));
        }
        NationalId.check(nationalId, dob, sex == null ? null : NationalId.Sex.valueOf(sex), true)
                .ifPresent(p -> errors.add(new FieldError("national_id", p.name(), "field.nationalId." + p.name())));
        String commune = raw.get("commune_code");
        // a list made before 2025-07-01 carries old codes: mapped to the 2025 commune, never guessed (V30)
        LegacyAreas.Placement placement = legacy.place(raw.get("old_province_code"), raw.get("old_district_code"),
                raw.get("old_commune_code"), commune, "old_province_code", "old_district_code", "old_commune_code",
                "commune_code");
        errors.addAll(placement.errors());
        if (placement.mapping() != null && placement.placed()) {
            commune = placement.mapping().communeCode();
        }
        if (placement.placed() && (commune == null || !communesInScope.contains(commune))) {
            errors.add(new FieldError("commune_code", "NOT_IN_SCOPE", "field.communeNotInScope"));
        }
        String phone = null;
        if (raw.get("phone") != null) {
            phone = PhoneNumber.toE164(raw.get("phone")).orElse(null);
            if (phone == null) {
                errors.add(new FieldError("phone", "NOT_A_VIETNAMESE_MOBILE", "field.phone"));
            }
        }
        String mobility = raw.get("mobility") == null ? "CAN_TRAVEL" : raw.get("mobility").toUpperCase(Locale.ROOT);
        if (!Set.of("CAN_TRAVEL", "CANNOT_TRAVEL").contains(mobility)) {
            errors.add(new FieldError("mobility", "UNKNOWN", "field.mobility"));
        }
        Program program = null;
        try {
            program = raw.get("program") == null ? Program.SOCIAL_ASSISTANCE
                    : Program.valueOf(raw.get("program").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("program", "UNKNOWN", "field.program"));
        }
        String category = raw.get("category_code");
        if (category == null || program == null || !categoryKeys.contains(program.name() + "/" + category)) {
            errors.add(new FieldError("category_code", "UNKNOWN_CATEGORY", "field.category"));
        }
        String variant = raw.get("variant") == null ? null : raw.get("variant").toUpperCase(Locale.ROOT);
        if ("K6".equals(category) != (variant != null) || (variant != null && !Set.of("ESPECIALLY_SEVERE", "SEVERE").contains(variant))) {
            errors.add(new FieldError("variant", "VARIANT", "field.variant"));
        }
        int children = 0;
        if (raw.get("children_count") != null) {
            try {
                children = Integer.parseInt(raw.get("children_count"));
                if (children < 0 || children > 20) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("children_count", "RANGE_0_20", "field.children"));
            }
        }
        String decision = raw.get("decision_number");
        if (decision == null) {
            errors.add(new FieldError("decision_number", "REQUIRED", "field.required"));
        }
        LocalDate decisionDate = date(raw.get("decision_date"), "decision_date", errors);
        if (decisionDate != null && decisionDate.isAfter(today)) {
            errors.add(new FieldError("decision_date", "IN_THE_FUTURE", "field.future"));
        }
        YearMonth start = month(raw.get("start_month"), errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors, placement.mapping());
        }
        String address = raw.get("address") == null ? "" : VietnameseText.normalize(raw.get("address"));
        return new Result(new ValidRow(raw.rowNumber(), nationalId, NationalId.kindOf(nationalId).name(),
                VietnameseText.normalize(fullName), dob, sex, commune, address.isEmpty() ? "(chưa có)" : address, phone,
                mobility, program, category, variant, children, decision, decisionDate, start.atDay(1),
                placement.mapping() == null ? null : placement.mapping().oldDistrictCode(),
                placement.mapping() == null ? null : placement.mapping().oldCommuneCode()), List.of(), placement.mapping());
    }

    static LocalDate date(String value, String column, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(column, "REQUIRED", "field.required"));
            return null;
        }
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                return LocalDate.parse(value.substring(0, 10));
            }
            if (value.matches("\\d{1,2}/\\d{1,2}/\\d{4}")) {
                return LocalDate.parse(value, VN_DATE);
            }
            if (value.matches("\\d{4,5}(\\.0+)?")) { // a spreadsheet date serial
                return LocalDate.of(1899, 12, 30).plusDays(Long.parseLong(value.replaceAll("\\..*", "")));
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(new FieldError(column, "DATE", "field.date"));
        return null;
    }

    static String sex(String value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError("sex", "REQUIRED", "field.required"));
            return null;
        }
        String folded = VietnameseText.fold(value);
        String sex = Map.of("male", "MALE", "nam", "MALE", "female", "FEMALE", "nu", "FEMALE").get(folded);
        if (sex == null) {
            errors.add(new FieldError("sex", "UNKNOWN", "field.sex"));
        }
        return sex;
    }

    static YearMonth month(String value, List<FieldError> errors) {
        if (value != null) {
            try {
                if (value.matches("\\d{4}-\\d{1,2}")) {
                    return YearMonth.parse(value.length() == 6 ? value.replace("-", "-0") : value);
                }
                if (value.matches("\\d{1,2}/\\d{4}")) {
                    String[] p = value.split("/");
                    return YearMonth.of(Integer.parseInt(p[1]), Integer.parseInt(p[0]));
                }
            } catch (RuntimeException e) {
                // reported below
            }
        }
        errors.add(new FieldError("start_month", value == null ? "REQUIRED" : "MONTH", "field.month"));
        return null;
    }
}
