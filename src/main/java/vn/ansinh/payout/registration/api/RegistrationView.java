package vn.ansinh.payout.registration.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

@Schema(name = "Registration")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationView(
        UUID id,
        @Schema(example = "SUBMITTED", enumeration = { "SUBMITTED", "VERIFIED", "NEEDS_DOCUMENTS", "REJECTED" }) String state,
        String communeCode,
        UUID beneficiaryId,
        @Schema(example = "BANK_ACCOUNT", enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY" })
        String method,
        @Schema(description = "Masked account or wallet number") String account,
        String submittedBy,
        OffsetDateTime submittedAt,
        OffsetDateTime deviceTime,
        @Schema(description = "Results of the automatic checks, when run") JsonNode checks,
        String decidedBy,
        OffsetDateTime decidedAt,
        List<String> decisionReasons,
        long version) {
}
