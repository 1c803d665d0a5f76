package vn.ansinh.payout.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import vn.ansinh.payout.registry.service.AllowanceCalculator;
import vn.ansinh.payout.registry.service.AllowanceCalculator.CoefficientRule;
import vn.ansinh.payout.registry.service.AllowanceCalculator.Entitlement;
import vn.ansinh.payout.registry.service.AllowanceCalculator.StandardLevel;

class AllowanceCalculatorTest {

    private static final List<StandardLevel> LEVELS = List.of(
            new StandardLevel(Program.SOCIAL_ASSISTANCE, YearMonth.of(2021, 7), 360_000),
            new StandardLevel(Program.SOCIAL_ASSISTANCE, YearMonth.of(2024, 7), 500_000),
            new StandardLevel(Program.SOCIAL_PENSION, YearMonth.of(2025, 7), 500_000),
            new StandardLevel(Program.MERIT, YearMonth.of(2024, 7), 2_789_000));

    private static CoefficientRule rule(String category, String variant, Integer min, Integer max, String c) {
        return new CoefficientRule(Program.SOCIAL_ASSISTANCE, category, variant, min, max, new BigDecimal(c), false);
    }

    private static final List<CoefficientRule> RULES = List.of(
            rule("K1", null, null, 4, "2.5"), rule("K1", null, 4, null, "1.5"),
            rule("K3", null, null, 4, "2.5"), rule("K3", null, 4, 16, "2.0"),
            new CoefficientRule(Program.SOCIAL_ASSISTANCE, "K4", null, null, null, new BigDecimal("1.0"), true),
            rule("K5a", null, 60, 80, "1.5"), rule("K5a", null, 80, null, "2.0"),
            rule("K5c", null, null, null, "1.0"),
            rule("K6", "SEVERE", null, 16, "2.0"), rule("K6", "SEVERE", 16, 60, "1.5"), rule("K6", "SEVERE", 60, null, "2.0"),
            rule("K8", null, null, null, "1.5"),
            new CoefficientRule(Program.SOCIAL_PENSION, "HTXH", null, null, null, new BigDecimal("1.0"), false),
            new CoefficientRule(Program.MERIT, "M1", null, null, null, new BigDecimal("1.0"), false));

    private static Entitlement sa(String id, String category, String variant, int children, YearMonth from) {
        return new Entitlement(id, Program.SOCIAL_ASSISTANCE, category, variant, children, from, null);
    }

    @Test
    void theAmountFollowsTheStandardLevelInForceThatMonth() {
        LocalDate dob = LocalDate.of(1940, 3, 10); // 84: K5a at 2.0
        List<Entitlement> e = List.of(sa("e1", "K5a", null, 0, YearMonth.of(2022, 1)));
        assertThat(AllowanceCalculator.monthly(dob, e, YearMonth.of(2024, 6), LEVELS, RULES).amountVnd()).isEqualTo(720_000);
        assertThat(AllowanceCalculator.monthly(dob, e, YearMonth.of(2024, 7), LEVELS, RULES).amountVnd()).isEqualTo(1_000_000);
    }

    @Test
    void anAgeDependentCoefficientChangesInTheMonthThePersonCrossesTheAge() {
        LocalDate dob = LocalDate.of(2021, 9, 28); // turns 4 on 28/09/2025
        List<Entitlement> e = List.of(sa("e1", "K1", null, 0, YearMonth.of(2021, 10)));
        assertThat(AllowanceCalculator.monthly(dob, e, YearMonth.of(2025, 8), LEVELS, RULES).amountVnd()).isEqualTo(1_250_000);
        assertThat(AllowanceCalculator.monthly(dob, e, YearMonth.of(2025, 9), LEVELS, RULES).amountVnd()).isEqualTo(750_000);
        LocalDate elder = LocalDate.of(1945, 12, 31); // turns 80 on the last day of 12/2025
        List<Entitlement> k5a = List.of(sa("e2", "K5a", null, 0, YearMonth.of(2020, 1)));
        assertThat(AllowanceCalculator.monthly(elder, k5a, YearMonth.of(2025, 11), LEVELS, RULES).amountVnd()).isEqualTo(750_000);
        assertThat(AllowanceCalculator.monthly(elder, k5a, YearMonth.of(2025, 12), LEVELS, RULES).amountVnd()).isEqualTo(1_000_000);
    }

    @Test
    void onlyTheHighestSocialAssistanceCoefficientIsPaid() {
        LocalDate dob = LocalDate.of(1950, 1, 1); // 75
        List<Entitlement> e = List.of(sa("low", "K5c", null, 0, YearMonth.of(2024, 1)),
                sa("high", "K6", "SEVERE", 0, YearMonth.of(2024, 1)));
        var result = AllowanceCalculator.monthly(dob, e, YearMonth.of(2025, 1), LEVELS, RULES);
        assertThat(result.amountVnd()).isEqualTo(1_000_000); // K6 severe elderly 2.0
        assertThat(result.paid()).extracting(AllowanceCalculator.Line::entitlementId).containsExactly("high");
        assertThat(result.notPaid()).containsExactly("low");
    }

    @Test
    void aSingleParentWhoIsAlsoDisabledIsPaidBoth() {
        LocalDate dob = LocalDate.of(1990, 5, 5);
        List<Entitlement> e = List.of(sa("k4", "K4", null, 2, YearMonth.of(2024, 1)),
                sa("k6", "K6", "SEVERE", 0, YearMonth.of(2024, 1)));
        var result = AllowanceCalculator.monthly(dob, e, YearMonth.of(2025, 1), LEVELS, RULES);
        assertThat(result.amountVnd()).isEqualTo(2 * 500_000 + 750_000);
        assertThat(result.notPaid()).isEmpty();
    }

    @Test
    void theSocialPensionAndAssistanceDoNotAddUpTheHigherIsPaid() {
        LocalDate dob = LocalDate.of(1945, 1, 1); // 80+: K5a 2.0 = 1,000,000 beats the pension 500,000
        List<Entitlement> e = List.of(sa("btxh", "K5a", null, 0, YearMonth.of(2024, 1)),
                new Entitlement("htxh", Program.SOCIAL_PENSION, "HTXH", null, 0, YearMonth.of(2025, 7), null));
        var result = AllowanceCalculator.monthly(dob, e, YearMonth.of(2025, 8), LEVELS, RULES);
        assertThat(result.amountVnd()).isEqualTo(1_000_000);
        assertThat(result.notPaid()).containsExactly("htxh");
        List<Entitlement> lower = List.of(sa("btxh", "K5c", null, 0, YearMonth.of(2024, 1)), e.get(1));
        var r2 = AllowanceCalculator.monthly(dob, lower, YearMonth.of(2025, 8), LEVELS, RULES);
        assertThat(r2.amountVnd()).isEqualTo(500_000);
    }

    @Test
    void meritIsPaidOnItsOwnLineInAddition() {
        List<Entitlement> e = List.of(sa("btxh", "K8", null, 0, YearMonth.of(2024, 1)),
                new Entitlement("m", Program.MERIT, "M1", null, 0, YearMonth.of(2024, 1), null));
        var result = AllowanceCalculator.monthly(LocalDate.of(1970, 1, 1), e, YearMonth.of(2025, 1), LEVELS, RULES);
        assertThat(result.amountVnd()).isEqualTo(750_000 + 2_789_000);
    }

    @Test
    void entitlementsOutsideTheirMonthsOrAgesPayNothing() {
        LocalDate dob = LocalDate.of(2009, 6, 1); // 16 in June 2025: K3 ends
        Entitlement k3 = sa("k3", "K3", null, 0, YearMonth.of(2020, 1));
        assertThat(AllowanceCalculator.monthly(dob, List.of(k3), YearMonth.of(2025, 5), LEVELS, RULES).amountVnd()).isEqualTo(1_000_000);
        var after = AllowanceCalculator.monthly(dob, List.of(k3), YearMonth.of(2025, 6), LEVELS, RULES);
        assertThat(after.amountVnd()).isZero();
        assertThat(after.notPaid()).containsExactly("k3");
        Entitlement ended = new Entitlement("x", Program.SOCIAL_ASSISTANCE, "K8", null, 0, YearMonth.of(2024, 1), YearMonth.of(2024, 12));
        assertThat(AllowanceCalculator.monthly(dob, List.of(ended), YearMonth.of(2025, 1), LEVELS, RULES).amountVnd()).isZero();
    }

    @Test
    void aMissingStandardLevelIsAnErrorNotAZeroPayment() {
        List<Entitlement> e = List.of(sa("e", "K8", null, 0, YearMonth.of(2020, 1)));
        assertThatThrownBy(() -> AllowanceCalculator.monthly(LocalDate.of(1970, 1, 1), e, YearMonth.of(2021, 1), LEVELS, RULES))
                .isInstanceOf(AllowanceCalculator.MissingReferenceData.class);
    }
}
