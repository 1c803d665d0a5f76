package vn.ansinh.payout.registry.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import vn.ansinh.payout.registry.Program;

/**
 * Monthly allowance of one person for one month (domain.md §1–2): the province's standard level in
 * force that month × the category coefficient, with
 * <ul>
 * <li>age-dependent coefficients taken at the age reached during the month (they change in the month
 * the person crosses the age),</li>
 * <li>only the highest social-assistance coefficient paid (Điều 6.2), except that a single parent (K4)
 * who is also elderly (K5*), disabled (K6) or living with HIV (K3, K8) is paid both,</li>
 * <li>a person eligible for both the social pension and social assistance paid the higher one,</li>
 * <li>merit allowances paid on their own budget line, in addition.</li>
 * </ul>
 * Pure: reference data comes in as arguments, so the rules are tested without a database.
 */
public final class AllowanceCalculator {

    /** Categories that combine with K4 instead of competing with it. */
    private static final Set<String> COMBINES_WITH_SINGLE_PARENT = Set.of("K3", "K5a", "K5b", "K5c", "K5d", "K6", "K8");
    public static final String SINGLE_PARENT = "K4";

    private AllowanceCalculator() {
    }

    /** An entitlement as the calculator needs it. {@code variant}: e.g. the disability severity for K6. */
    public record Entitlement(String id, Program program, String categoryCode, String variant, int childrenCount,
            YearMonth startMonth, YearMonth endMonth) {

        boolean activeIn(YearMonth month) {
            return !month.isBefore(startMonth) && (endMonth == null || !month.isAfter(endMonth));
        }
    }

    /**
     * One coefficient of the reference table: applies to a category (and variant, when set) for ages in
     * [minAge, maxAge) years; {@code perChild} multiplies by the children raised (K4).
     */
    public record CoefficientRule(Program program, String categoryCode, String variant, Integer minAge,
            Integer maxAge, BigDecimal coefficient, boolean perChild) {

        boolean matches(Entitlement e, int age) {
            return program == e.program() && categoryCode.equals(e.categoryCode())
                    && (variant == null || variant.equals(e.variant()))
                    && (minAge == null || age >= minAge) && (maxAge == null || age < maxAge);
        }
    }

    /** A standard level (mức chuẩn) in force from a month, for a province and program. */
    public record StandardLevel(Program program, YearMonth effectiveFrom, long amountVnd) {
    }

    /** What was paid for one entitlement, and why. */
    public record Line(String entitlementId, Program program, String categoryCode, BigDecimal coefficient,
            long standardLevelVnd, long amountVnd) {
    }

    public record Result(YearMonth month, long amountVnd, List<Line> paid, List<String> notPaid) {
    }

    /** Thrown when reference data is missing: better no payroll than a wrong one. */
    public static final class MissingReferenceData extends RuntimeException {
        public MissingReferenceData(String message) {
            super(message);
        }
    }

    /** Age in whole years reached by the last day of the month. */
    public static int ageInMonth(LocalDate dateOfBirth, YearMonth month) {
        return Period.between(dateOfBirth, month.atEndOfMonth()).getYears();
    }

    public static Result monthly(LocalDate dateOfBirth, List<Entitlement> entitlements, YearMonth month,
            List<StandardLevel> levels, List<CoefficientRule> rules) {
        int age = ageInMonth(dateOfBirth, month);
        List<Line> assistance = new ArrayList<>();
        List<Line> pension = new ArrayList<>();
        List<Line> merit = new ArrayList<>();
        List<String> notPaid = new ArrayList<>();
        for (Entitlement e : entitlements) {
            if (!e.activeIn(month)) {
                continue;
            }
            Optional<CoefficientRule> rule = rules.stream().filter(r -> r.matches(e, age))
                    .max(Comparator.comparing(CoefficientRule::coefficient));
            if (rule.isEmpty()) {
                notPaid.add(e.id()); // outside the category's ages this month, e.g. K3 from 16
                continue;
            }
            Line line = line(e, rule.get(), month, levels);
            switch (e.program()) {
                case SOCIAL_ASSISTANCE -> assistance.add(line);
                case SOCIAL_PENSION -> pension.add(line);
                case MERIT -> merit.add(line);
            }
        }
        List<Line> paid = new ArrayList<>(chooseAssistance(assistance, notPaid));
        long assistanceTotal = sum(paid);
        Optional<Line> bestPension = pension.stream().max(Comparator.comparingLong(Line::amountVnd));
        if (bestPension.isPresent()) {
            if (bestPension.get().amountVnd() > assistanceTotal) {
                paid.forEach(l -> notPaid.add(l.entitlementId()));
                paid.clear();
                paid.add(bestPension.get());
            }
            pension.stream().filter(l -> !paid.contains(l)).forEach(l -> notPaid.add(l.entitlementId()));
        }
        paid.addAll(merit);
        return new Result(month, sum(paid), List.copyOf(paid), List.copyOf(notPaid));
    }

    private static List<Line> chooseAssistance(List<Line> lines, List<String> notPaid) {
        if (lines.isEmpty()) {
            return List.of();
        }
        Comparator<Line> byCoefficient = Comparator.comparing(Line::coefficient).thenComparing(Line::entitlementId);
        Optional<Line> singleParent = lines.stream().filter(l -> SINGLE_PARENT.equals(l.categoryCode()))
                .max(byCoefficient);
        Optional<Line> combinable = lines.stream()
                .filter(l -> COMBINES_WITH_SINGLE_PARENT.contains(l.categoryCode())).max(byCoefficient);
        List<Line> chosen = singleParent.isPresent() && combinable.isPresent()
                ? List.of(singleParent.get(), combinable.get())
                : List.of(lines.stream().max(byCoefficient).orElseThrow());
        lines.stream().filter(l -> !chosen.contains(l)).forEach(l -> notPaid.add(l.entitlementId()));
        return chosen;
    }

    private static Line line(Entitlement e, CoefficientRule rule, YearMonth month, List<StandardLevel> levels) {
        StandardLevel level = levels.stream()
                .filter(l -> l.program() == e.program() && !l.effectiveFrom().isAfter(month))
                .max(Comparator.comparing(StandardLevel::effectiveFrom))
                .orElseThrow(() -> new MissingReferenceData("no standard level for " + e.program() + " in " + month));
        BigDecimal coefficient = rule.perChild()
                ? rule.coefficient().multiply(BigDecimal.valueOf(Math.max(1, e.childrenCount())))
                : rule.coefficient();
        long amount = coefficient.multiply(BigDecimal.valueOf(level.amountVnd()))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new Line(e.id(), e.program(), e.categoryCode(), coefficient, level.amountVnd(), amount);
    }

    private static long sum(List<Line> lines) {
        return lines.stream().mapToLong(Line::amountVnd).sum();
    }
}
