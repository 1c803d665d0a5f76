package vn.ansinh.payout.registry.api;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Allowance", description = "What a beneficiary is owed for one month, and why")
public record AllowanceView(
        @Schema(example = "2026-01") String month,
        @Schema(description = "Integer VND", example = "750000") long amountVnd,
        List<Line> paid,
        @Schema(description = "Entitlements active that month but not paid (highest-coefficient rule, age limits)")
        List<String> notPaidEntitlementIds) {

    @Schema(name = "AllowanceLine")
    public record Line(String entitlementId, String program, String categoryCode, BigDecimal coefficient,
            long standardLevelVnd, long amountVnd) {
    }
}
