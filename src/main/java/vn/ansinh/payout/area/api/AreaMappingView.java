package vn.ansinh.payout.area.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import vn.ansinh.payout.area.legacy.LegacyAreas;

@Schema(name = "AreaMapping", description = "How old (pre-2025-07-01) area codes were mapped to a 2025 commune")
public record AreaMappingView(
        @Schema(description = "Old province code as given", example = "62") String oldProvinceCode,
        @Schema(description = "Old district: the one the old commune belonged to (or the island district)", example = "608") String oldDistrictCode,
        @Schema(description = "The old commune the codes were read as", example = "23293") String oldCommuneCode,
        @Schema(description = "Its name in the old catalogue") String oldName,
        @Schema(description = "The 2025 commune; null when the row was refused", example = "23284") String communeCode,
        @Schema(description = "MERGED: the old commune went whole into this one; SPLIT_CHOSEN: it was split and the 2025 "
                + "commune given is one of its parts; ISLAND_DISTRICT: a district without communes went into its special zone; "
                + "DISPUTED_CODE_BY_DISTRICT / DISPUTED_CODE_BY_NEW_COMMUNE: a code sources disagree on, read by the old "
                + "district or the 2025 commune given with it",
                enumeration = { "MERGED", "SPLIT_CHOSEN", "ISLAND_DISTRICT", "DISPUTED_CODE_BY_DISTRICT",
                        "DISPUTED_CODE_BY_NEW_COMMUNE" }) String rule,
        @Schema(description = "The 2025 communes the old unit went to (choose one when it was split)") List<String> candidates) {

    public static AreaMappingView of(LegacyAreas.Mapping m) {
        return m == null ? null : new AreaMappingView(m.oldProvinceCode(), m.oldDistrictCode(), m.oldCommuneCode(),
                m.oldCommuneName(), m.communeCode(), m.rule() == null ? null : m.rule().name(), m.candidates());
    }
}
