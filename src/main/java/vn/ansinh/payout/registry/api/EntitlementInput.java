package vn.ansinh.payout.registry.api;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.registry.Program;

@Schema(name = "EntitlementInput", description = "An allowance decision (quyết định trợ cấp)")
public record EntitlementInput(
        @NotNull Program program,
        @NotBlank @Size(max = 16) @Schema(example = "K5a") String categoryCode,
        @Pattern(regexp = "ESPECIALLY_SEVERE|SEVERE") @Schema(description = "K6 only: disability severity") String variant,
        @Min(0) @Max(20) @Schema(description = "K4 only: children raised") Integer childrenCount,
        @NotBlank @Size(max = 64) @Schema(example = "125/QĐ-UBND") String decisionNumber,
        @NotNull @PastOrPresent LocalDate decisionDate,
        @NotNull @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") @Schema(example = "2025-08") String startMonth,
        @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])") String endMonth) {
}
