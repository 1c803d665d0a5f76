package vn.ansinh.payout.area.api;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.area.Area;
import vn.ansinh.payout.area.AreaLevel;

@Schema(name = "Area", description = "An administrative unit")
public record AreaView(
        @Schema(example = "51") String code,
        @Schema(example = "Tỉnh Quảng Ngãi") String name,
        AreaLevel level,
        @Schema(description = "province, municipality, district, town, city, commune, ward, township, special_zone",
                example = "province") String unitType,
        @Schema(description = "Code of the unit above; absent for a province", example = "51") String parentCode,
        @Schema(example = "2025-07-01") LocalDate validFrom,
        @Schema(description = "Set for a unit that no longer exists (its code is never reused): the first day it is gone")
        LocalDate validTo,
        @Schema(description = "A merged unit: the one that took it over") String successorCode) {

    public static AreaView of(Area a) {
        return new AreaView(a.code, a.name, a.level, a.unitType, a.parentCode, a.validFrom, a.validTo, a.successorCode);
    }
}
