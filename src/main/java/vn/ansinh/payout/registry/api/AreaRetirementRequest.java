package vn.ansinh.payout.registry.api;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AreaRetirementRequest", description = "Retire an administrative unit, or merge it into another, from a date")
public record AreaRetirementRequest(
        @NotNull @Schema(description = "The first day the unit no longer exists (the first of a month: moves are monthly)",
                example = "2027-01-01") LocalDate effectiveDate,
        @Pattern(regexp = "[0-9]{2,5}") @Schema(description = "The unit that takes it over (a merge): same level, same "
                + "province, in force. Left out, the unit is retired, which a commune where people live cannot be",
                example = "21211") String successorCode,
        @NotBlank @Size(max = 100) @Schema(example = "Nghị quyết 1234/NQ-UBTVQH15") String decisionRef,
        @NotBlank @Size(max = 300) String reason) {

    @Schema(name = "AreaRetirement", description = "A recorded retirement or merger and what it did")
    public record View(UUID id, String areaCode, String successorCode, LocalDate effectiveDate, String decisionRef,
            String reason, @Schema(description = "Beneficiaries moved to the successor from the effect month") int movedPeople,
            String decidedBy) {
    }
}
