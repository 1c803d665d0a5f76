package vn.ansinh.payout.area.api;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.area.AreaLevel;

@Schema(name = "NewArea", description = "An administrative unit to add to the reference data (admin only)")
public record NewArea(
        @NotNull @Pattern(regexp = "[0-9]{2,5}") @Schema(example = "52301") String code,
        @NotBlank @Size(max = 200) @Schema(example = "Xã Thử Nghiệm") String name,
        @NotNull AreaLevel level,
        @NotNull @Pattern(regexp = "province|municipality|district|town|city|commune|ward|township|special_zone")
        @Schema(example = "commune") String unitType,
        @Pattern(regexp = "[0-9]{2,3}") @Schema(example = "51") String parentCode,
        @NotNull @Schema(example = "2026-01-01") LocalDate validFrom) {
}
