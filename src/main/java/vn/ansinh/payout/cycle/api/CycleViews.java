package vn.ansinh.payout.cycle.api;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.cycle.repository.CycleRepository;
import vn.ansinh.payout.cycle.repository.PaymentLineRepository;
import vn.ansinh.payout.cycle.repository.ReconciliationRepository;

/** Request and response bodies of the payment-cycle API. */
public final class CycleViews {

    private CycleViews() {
    }

    @Schema(name = "OpenCycleRequest", description = "Open a province's cycle for a program and month and generate its payroll")
    public record OpenCycle(
            @NotNull @Pattern(regexp = "[0-9]{2}") @Schema(example = "51") String provinceCode,
            @NotNull @Pattern(regexp = "SOCIAL_ASSISTANCE|SOCIAL_PENSION|MERIT") String program,
            @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(example = "2026-12") String month) {
    }

    @Schema(name = "ApprovalRequest")
    public record Approval(
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}")
            @Schema(description = "The linesSha256 of the payroll the approver reviewed") String linesSha256,
            @Size(max = 500) String note) {
    }

    @Schema(name = "CarryOverRequest", description = "Carry unpaid lines over to the next cycle")
    public record CarryOver(
            @NotBlank @Size(max = 500) String reason,
            @Size(max = 10000) @Schema(description = "Line numbers; all lines neither paid nor carried over when absent")
            List<@NotNull @Positive Integer> lineNos) {
    }

    @Schema(name = "RerouteRequest", description = "Pay a failed line again in cash within the cycle")
    public record Reroute(
            @NotNull @Pattern(regexp = "CASH_AT_POINT|HOME_DELIVERY") String channel,
            @Schema(description = "For CASH_AT_POINT: the point; the line's own or the commune's first when absent")
            UUID paymentPointId,
            @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "CycleTotal", description = "Control total: lines and amount by channel, commune, kind, or ALL")
    public record Total(@Schema(enumeration = { "CHANNEL", "COMMUNE", "KIND", "ALL" }) String dimension, String key,
            int lineCount, long amountVnd) {
    }

    @Schema(name = "CycleTransition")
    public record Transition(String fromStatus, String toStatus, String actor, OffsetDateTime at, String note) {
    }

    @Schema(name = "Disbursement", description = "The file sent to the payment provider, fixed at release")
    public record Disbursement(int transfers, long amountVnd, String csvSha256, String jsonSha256) {
    }

    @Schema(name = "PaymentCycle")
    public record CycleView(UUID id, @Schema(description = "Prefix of every line's reference", example = "C51SA202612") String code,
            String provinceCode, String program, @Schema(example = "2026-12") String month,
            @Schema(enumeration = { "DRAFT", "GENERATED", "APPROVED", "DISBURSING", "CLOSED" }) String status,
            String generatedBy, OffsetDateTime generatedAt, String approvedBy, OffsetDateTime approvedAt, String releasedBy,
            OffsetDateTime releasedAt, String closedBy, OffsetDateTime closedAt, Integer lineCount, Long totalAmountVnd,
            @Schema(description = "SHA-256 over the lines; the approver confirms it") String linesSha256,
            Disbursement disbursement, List<Total> totals, List<Transition> transitions) {

        static CycleView of(CycleRepository.Cycle c, List<CycleRepository.Total> totals,
                List<CycleRepository.Transition> transitions) {
            return new CycleView(c.id(), c.code(), c.provinceCode(), c.program(), YearMonth.from(c.month()).toString(),
                    c.status(), c.generatedBy(), c.generatedAt(), c.approvedBy(), c.approvedAt(), c.releasedBy(),
                    c.releasedAt(), c.closedBy(), c.closedAt(), c.lineCount(), c.totalAmountVnd(), c.linesSha256(),
                    c.disbursementCsvSha256() == null ? null : new Disbursement(c.disbursementCount(),
                            c.disbursementAmountVnd(), c.disbursementCsvSha256(), c.disbursementJsonSha256()),
                    totals == null ? null : totals.stream().map(t -> new Total(t.dimension(), t.key(), t.lineCount(), t.amountVnd())).toList(),
                    transitions == null ? null : transitions.stream().map(t -> new Transition(t.fromStatus(), t.toStatus(),
                            t.actor(), t.at(), t.note())).toList());
        }
    }

    @Schema(name = "Payment", description = "One line of a payroll and where it stands")
    public record PaymentView(int lineNo, @Schema(example = "C51SA202612-17") String reference, UUID beneficiaryId,
            String beneficiaryName, String communeCode,
            @Schema(enumeration = { "REGULAR", "ARREARS", "ADJUSTMENT", "FUNERAL", "CARRY_OVER", "LEVEL_DIFFERENCE" },
                    description = "LEVEL_DIFFERENCE: the difference owed for an already paid month when a standard level was "
                            + "decided after it (truy lĩnh chênh lệch); `note` names both levels and the decision") String kind,
            @Schema(example = "2026-12") String forMonth,
            @Schema(description = "Not shown to the payment provider") String categoryCode, BigDecimal coefficient,
            Long standardLevelVnd, long amountVnd, String channel,
            @Schema(description = "The channel of the latest attempt (after a re-route)") String currentChannel, int attempt,
            @Schema(enumeration = { "BENEFICIARY", "REPRESENTATIVE", "FAMILY" }) String recipientKind, String recipientName,
            @Schema(description = "Masked account or wallet") String account, UUID paymentPointId,
            @Schema(enumeration = { "PENDING", "PAID", "FAILED", "REROUTED", "CARRIED_OVER" }) String state,
            String providerReference, OffsetDateTime paidAt, String failureCode, String note) {

        static PaymentView of(PaymentLineRepository.Line l, boolean showCategory) {
            String account = l.accountNumber() != null ? l.bankBin() + ":" + PiiMasker.maskIdentifier(l.accountNumber())
                    : l.walletAccount() != null ? l.walletProvider() + ":" + PiiMasker.maskIdentifier(l.walletAccount()) : null;
            return new PaymentView(l.lineNo(), l.reference(), l.beneficiaryId(), l.beneficiaryName(), l.communeCode(), l.kind(),
                    YearMonth.from(l.forMonth()).toString(), showCategory ? l.categoryCode() : null,
                    showCategory ? l.coefficient() : null, l.standardLevelVnd(), l.amountVnd(), l.channel(), l.currentChannel(),
                    l.attempt(), l.recipientKind(), l.recipientName(), account, l.paymentPointId(), l.state(), l.providerRef(),
                    l.paidAt(), l.failureCode(), l.note());
        }
    }

    @Schema(name = "CycleChange", description = "A change against the previous cycle (tăng / giảm / điều chỉnh)")
    public record ChangeView(UUID beneficiaryId, String beneficiaryName, String communeCode,
            @Schema(enumeration = { "ADDED", "REMOVED", "CHANGED", "ONE_OFF" }) String change,
            @Schema(description = "e.g. NEW_ENTITLEMENT, RESUMED, MOVED_IN, ENDED:DEATH, SUSPENDED:NOT_COLLECTED_3_MONTHS, "
                    + "MOVED_OUT, ENTITLEMENT_ENDED, NO_LONGER_ELIGIBLE, STANDARD_LEVEL_CHANGED, COEFFICIENT_CHANGED, "
                    + "CATEGORY_CHANGED, ARREARS, FUNERAL, CARRY_OVER, LEVEL_DIFFERENCE, ADJUSTMENT: <reason> (<decision>)") String reason,
            Long previousAmountVnd, Long amountVnd) {

        static ChangeView of(PaymentLineRepository.Change c) {
            return new ChangeView(c.beneficiaryId(), c.beneficiaryName(), c.communeCode(), c.change(), c.reason(),
                    c.previousAmountVnd(), c.amountVnd());
        }
    }

    @Schema(name = "Reconciliation", description = "What one results file or callback did")
    public record ReconciliationView(UUID id, UUID cycleId, @Schema(enumeration = { "FILE", "CALLBACK" }) String source,
            String contentSha256, String submittedBy, OffsetDateTime submittedAt, int totalRows,
            @Schema(description = "New results stored") int applied,
            @Schema(description = "Results identical to ones already stored") int unchanged,
            @Schema(description = "Rows refused; see the rejections") int rejected) {

        static ReconciliationView of(ReconciliationRepository.Reconciliation r) {
            return new ReconciliationView(r.id(), r.cycleId(), r.source(), r.contentSha256(), r.submittedBy(), r.submittedAt(),
                    r.totalRows(), r.applied(), r.unchanged(), r.rejected());
        }
    }

    @Schema(name = "ReconciliationRejection")
    public record RejectionView(int rowNo, String reference,
            @Schema(description = "UNKNOWN_REFERENCE, DUPLICATE_IN_FILE, AMOUNT_MISMATCH, LINE_CARRIED_OVER, "
                    + "CONFLICTS_WITH_SETTLED_RESULT, INVALID_STATUS, INVALID_AMOUNT, MISSING_PROVIDER_REFERENCE, "
                    + "INVALID_PAID_AT, INVALID_FAILURE_CODE, FAILURE_CODE_ON_PAID, INVALID_REFERENCE, FIELD_TOO_LONG")
            String reason) {
    }

    @Schema(name = "CarryOverResult")
    public record CarryOverResult(long lines, long amountVnd) {
    }
}
