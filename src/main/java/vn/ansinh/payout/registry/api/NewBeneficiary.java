package vn.ansinh.payout.registry.api;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.common.NationalId;

@Schema(name = "NewBeneficiary")
public record NewBeneficiary(
        @NotNull @Schema(description = "12-digit citizen ID agreeing with date of birth and sex", example = "051145007919")
        String nationalId,
        @NotBlank @Size(max = 150) @Schema(example = "Nguyễn Thị Lan") String fullName,
        @NotNull @Past LocalDate dateOfBirth,
        @NotNull NationalId.Sex sex,
        @NotNull @Pattern(regexp = "[0-9]{5}") @Schema(example = "21211") String communeCode,
        @NotBlank @Size(max = 300) @Schema(example = "Thôn 3") String addressLine,
        @Size(max = 20) @Schema(description = "Vietnamese mobile; stored as +84…", example = "0912345678") String phone,
        @Pattern(regexp = "CAN_TRAVEL|CANNOT_TRAVEL") String mobility,
        @Size(max = 10) List<@Valid @NotNull EntitlementInput> entitlements) {
}
