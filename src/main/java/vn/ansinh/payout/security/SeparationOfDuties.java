package vn.ansinh.payout.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;

/**
 * The one place that says who may make and who may check each step that can change who receives money
 * or how much (maker-checker, "bốn mắt"). docs/architecture.md shows the same table; a test keeps the two
 * equal, and each row has a test that one person cannot do both.
 *
 * <p>A person is a token subject ({@code sub}): a token carrying several roles is still one person, so the
 * rule compares subjects, never roles. The system caller (a scheduled job) may make a step (generate a
 * payroll) but never check one. Area scope is {@code Jurisdiction}'s business: a province officer covers
 * the communes of the province, which is how a commune with a single officer is checked by the province.
 */
public final class SeparationOfDuties {

    /** A step, its makers' roles, its checkers' roles, and what the checker is shown before deciding. */
    public enum Step {
        PAYMENT_METHOD("a new payment method or a changed account (a registration)",
                Set.of(Roles.FIELD_OFFICER, Roles.COMMUNE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "the registration as captured, the identity and bank checks (holder name as the bank returns it, "
                        + "compared with the registered person's or representative's name), accounts shared with others, "
                        + "the evidence attached"),
        REPRESENTATIVE("a new or changed representative",
                Set.of(Roles.COMMUNE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "the change request: kind, masked ID, name, validity, authorization reference, who asked"),
        MOVE("a move between communes",
                Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "the change request: from and to commune, address, effective month, who asked"),
        STATUS_CHANGE("a status change that ends, suspends or resumes payment",
                Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "the change request: current and new status, reason, effective month, note, who asked"),
        ADJUSTMENT("an adjustment (positive, or a recovery when negative)",
                Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "amount, month, program, reason, decision number, who asked; above the ceiling only a province officer checks"),
        REROUTE("a re-route of a failed payment to cash",
                Set.of(Roles.PROVINCE_OFFICER), Set.of(Roles.PROVINCE_OFFICER),
                "the change request: line reference, failure code, new channel and payment point, reason, who asked"),
        CARRY_OVER("a carry-over of unpaid payments to the next cycle",
                Set.of(Roles.PROVINCE_OFFICER), Set.of(Roles.PROVINCE_OFFICER),
                "the change request: the lines (or all open lines), reason, who asked"),
        FAMILY_PAYEE("who receives, and how, what a deceased beneficiary is owed and their funeral support",
                Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER), Set.of(Roles.COMMUNE_OFFICER, Roles.PROVINCE_OFFICER),
                "the payee (representative or funeral arranger), masked ID, relationship, channel, masked account, reason, who asked"),
        STANDARD_LEVEL("a province's standard level (and funeral multiple) from a month, retroactive or not",
                Set.of(Roles.PROVINCE_OFFICER), Set.of(Roles.PROVINCE_OFFICER),
                "province, program, first month, amount, funeral multiple, decision, whether it is retroactive, who asked"),
        COEFFICIENTS("a category's coefficient set from a month",
                Set.of(Roles.ADMIN), Set.of(Roles.ADMIN),
                "program, category, first month, the coefficients, decree, who asked"),
        PROVIDER_FEE("a provider's fee schedule for a channel of a province (budget money)",
                Set.of(Roles.PROVINCE_OFFICER), Set.of(Roles.PROVINCE_OFFICER),
                "province, channel, provider, first month, fixed fee, rate, minimum and maximum, contract, who asked"),
        CYCLE_APPROVAL("a payroll's approval",
                Set.of(Roles.PROVINCE_OFFICER, Caller.SYSTEM_ROLE), Set.of(Roles.PROVINCE_OFFICER),
                "the payroll, its control totals, the comparison with last month, the hash of its lines"),
        CYCLE_RELEASE("a payroll's release to the payment provider",
                Set.of(Roles.PROVINCE_OFFICER), Set.of(Roles.PROVINCE_OFFICER),
                "the approved payroll, who generated and who approved it");

        private final String what;
        private final Set<String> makers;
        private final Set<String> checkers;
        private final String checkerSees;

        Step(String what, Set<String> makers, Set<String> checkers, String checkerSees) {
            this.what = what;
            this.makers = makers;
            this.checkers = checkers;
            this.checkerSees = checkerSees;
        }

        public String what() {
            return what;
        }

        public Set<String> makerRoles() {
            return makers;
        }

        public Set<String> checkerRoles() {
            return checkers;
        }

        public String checkerSees() {
            return checkerSees;
        }
    }

    private SeparationOfDuties() {
    }

    /** The maker may take this step: they hold one of its maker roles. */
    public static void requireMaker(Step step, Caller maker) {
        if (step.makers.stream().noneMatch(maker::hasRole)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.sod.notMaker", step.name());
        }
    }

    /**
     * The checker may check this step: a person (never the system), holding a checker role, and none of
     * the people who already had a hand in it (the maker, the field officer who captured it, the approver
     * whose approval is being released).
     */
    public static void requireChecker(Step step, Caller checker, String... earlierHands) {
        requireChecker(step, checker, Arrays.asList(earlierHands));
    }

    public static void requireChecker(Step step, Caller checker, Collection<String> earlierHands) {
        if (checker.isSystem() || checker.hasRole(Caller.SYSTEM_ROLE)) {
            throw new ApiException(ErrorCode.SEPARATION_OF_DUTIES, "detail.sod.systemCannotCheck", step.name());
        }
        if (step.checkers.stream().noneMatch(checker::hasRole)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.sod.notChecker", step.name());
        }
        if (earlierHands.stream().filter(Objects::nonNull).anyMatch(checker.subject()::equals)) {
            throw new ApiException(ErrorCode.SEPARATION_OF_DUTIES, "detail.sod.ownWork", step.name());
        }
    }

    /** The same rule as a test, for callers that choose rather than refuse. */
    public static boolean mayCheck(Step step, Caller checker, Collection<String> earlierHands) {
        try {
            requireChecker(step, checker, earlierHands);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
