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
        @Schema(enumeration = { "SUBMITTED", "VERIFIED", "NEEDS_DOCUMENTS", "REJECTED" }, example = "SUBMITTED",
                description = "SUBMITTED (or NEEDS_DOCUMENTS): pending its check, nothing in force; VERIFIED: checked by "
                        + "`decidedBy`, never `submittedBy`, and in force from the next month; REJECTED: nothing written") String state,
        String communeCode,
        @Schema(description = "A new person given with old (pre-2025) area codes: how they were mapped to `communeCode`")
        vn.ansinh.payout.area.api.AreaMappingView areaMapping,
        UUID beneficiaryId,
        @Schema(example = "BANK_ACCOUNT", enumeration = { "BANK_ACCOUNT", "E_WALLET", "CASH_AT_POINT", "HOME_DELIVERY" })
        String method,
        @Schema(description = "Masked account or wallet number") String account,
        @Schema(description = "Who captured it (the maker, token subject)") String submittedBy,
        OffsetDateTime submittedAt,
        OffsetDateTime deviceTime,
        @Schema(description = "Results of the automatic checks, when run (schema RegistrationChecks; a verification "
                + "after a MANUAL_CHECK adds manualCheck: by, note)", implementation = Object.class,
                type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                additionalProperties = Schema.True.class) JsonNode checks,
        @Schema(description = "Who checked it (token subject); never the one who captured it") String decidedBy,
        OffsetDateTime decidedAt,
        List<String> decisionReasons,
        long version) {
}
