package vn.ansinh.payout.registry.api;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(name = "Beneficiary")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BeneficiaryView(
        UUID id,
        @Schema(description = "Masked: only the last 4 digits", example = "********7919") String nationalId,
        @Schema(example = "CCCD") String nationalIdKind,
        String fullName,
        LocalDate dateOfBirth,
        String sex,
        String communeCode,
        @Schema(description = "The old (before 2025-07-01) district code the record came with, if any", example = "288")
        String legacyDistrictCode,
        @Schema(description = "The old commune code the record came with, if any (an island district has none)", example = "10510")
        String legacyCommuneCode,
        String addressLine,
        @Schema(description = "Masked", example = "********5678") String phone,
        String mobility,
        String status,
        @Schema(description = "Same as the ETag header") long version,
        @Schema(description = "Absent for roles that do not need them; sensitive categories only for officers and auditors")
        List<EntitlementView> entitlements) {

    @Schema(name = "Entitlement")
    public record EntitlementView(UUID id, String program, String categoryCode, String variant, int childrenCount,
            String decisionNumber, LocalDate decisionDate, String startMonth, String endMonth) {
    }
}
