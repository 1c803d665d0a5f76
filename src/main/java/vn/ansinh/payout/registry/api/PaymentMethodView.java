package vn.ansinh.payout.registry.api;

import java.time.YearMonth;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import vn.ansinh.payout.common.PiiMasker;
import vn.ansinh.payout.registry.PaymentMethod;

@Schema(name = "PaymentMethod")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentMethodView(
        UUID id,
        @Schema(example = "BANK_ACCOUNT") String method,
        @Schema(example = "970405") String bankBin,
        @Schema(description = "Masked", example = "*********0123") String accountNumber,
        String accountHolderName,
        String walletProvider,
        @Schema(description = "Masked") String walletAccount,
        UUID paymentPointId,
        String homeDeliveryReason,
        @Schema(description = "The representative who receives, if not the beneficiary") UUID representativeId,
        @Schema(example = "2026-12") String effectiveFrom,
        @Schema(description = "Last month paid this way; absent while in force") String effectiveTo,
        UUID registrationId) {

    public static PaymentMethodView of(PaymentMethod m) {
        return new PaymentMethodView(m.id, m.method, m.bankBin,
                m.accountNumber == null ? null : PiiMasker.maskIdentifier(m.accountNumber), m.accountHolderName,
                m.walletProvider, m.walletAccount == null ? null : PiiMasker.maskIdentifier(m.walletAccount),
                m.paymentPointId, m.homeDeliveryReason, m.representativeId, YearMonth.from(m.effectiveFromMonth).toString(),
                m.effectiveToMonth == null ? null : YearMonth.from(m.effectiveToMonth).toString(), m.registrationId);
    }
}
