package vn.ansinh.payout.area.legacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import vn.ansinh.payout.common.api.Problem.FieldError;

/**
 * The administrative units in force until 2025-06-30 and the 2025 units each went to (migration V30; domain.md
 * §4). They are history: loaded once into memory (about 10,000 communes, a few hundred kilobytes) and never
 * reloaded, since no one changes the past.
 *
 * <p>{@link Catalogue#place} turns the old codes a list or a registration carries into a 2025 commune, and
 * says which rule did it, or why it cannot: an old commune split across several 2025 communes is never
 * guessed (the 2025 commune must be given, and must be one of them), a code on which sources disagree is read
 * with its district, and old codes that contradict one another are refused.
 */
@ApplicationScoped
public class LegacyAreas {

    private record OldCommune(String code, String districtCode, String name, boolean split, List<String> successors) {
    }

    private record OldDistrict(String code, String provinceCode, String name, String islandNewCommune) {
    }

    private final Pool pool;
    private volatile Uni<Catalogue> loaded;

    public LegacyAreas(Pool pool) {
        this.pool = pool;
    }

    /** The catalogue, loaded on first use; a failed load is tried again by the next caller. */
    public Uni<Catalogue> catalogue() {
        Uni<Catalogue> l = loaded;
        if (l == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = load().onFailure().invoke(() -> loaded = null).memoize().indefinitely();
                }
                l = loaded;
            }
        }
        return l;
    }

    private Uni<Catalogue> load() {
        Uni<Map<String, String>> provinces = pool.query("select code, new_province_code from legacy_province").execute()
                .map(rows -> {
                    Map<String, String> m = new HashMap<>();
                    for (Row r : rows) {
                        m.put(r.getString("code"), r.getString("new_province_code"));
                    }
                    return m;
                });
        Uni<Map<String, OldDistrict>> districts = pool.query(
                "select code, province_code, name, island_new_commune_code from legacy_district").execute().map(rows -> {
                    Map<String, OldDistrict> m = new HashMap<>();
                    for (Row r : rows) {
                        m.put(r.getString("code"), new OldDistrict(r.getString("code"), r.getString("province_code"),
                                r.getString("name"), r.getString("island_new_commune_code")));
                    }
                    return m;
                });
        Uni<Map<String, OldCommune>> communes = pool.query("select c.code, c.district_code, c.name, c.split, "
                + "array_agg(s.new_commune_code order by s.new_commune_code) as successors from legacy_commune c "
                + "join legacy_commune_successor s on s.legacy_commune_code = c.code group by c.code").execute().map(rows -> {
                    Map<String, OldCommune> m = new HashMap<>();
                    for (Row r : rows) {
                        m.put(r.getString("code"), new OldCommune(r.getString("code"), r.getString("district_code"),
                                r.getString("name"), r.getBoolean("split"), List.of(r.getArrayOfStrings("successors"))));
                    }
                    return m;
                });
        Uni<Map<String, String>> aliases = pool.query("select code, district_code, means_commune_code from legacy_commune_alias")
                .execute().map(rows -> {
                    Map<String, String> m = new HashMap<>();
                    for (Row r : rows) {
                        m.put(r.getString("code") + "/" + r.getString("district_code"), r.getString("means_commune_code"));
                    }
                    return m;
                });
        return Uni.combine().all().unis(provinces, districts, communes, aliases).with(Catalogue::new);
    }

    /** How an old code was mapped to a 2025 commune. */
    public enum Rule {
        /** the old commune went whole into one 2025 commune */
        MERGED,
        /** the old commune was split; the 2025 commune given with it is one of those it went to */
        SPLIT_CHOSEN,
        /** an island district without communes went whole into its special zone */
        ISLAND_DISTRICT,
        /** a code on which sources disagree, read by the old district given with it */
        DISPUTED_CODE_BY_DISTRICT,
        /** a code on which sources disagree, given without its district, read by the 2025 commune given with it */
        DISPUTED_CODE_BY_NEW_COMMUNE
    }

    /**
     * What was applied to one record: the old codes as given, the old commune they were read as, the 2025
     * commune (null when refused), the rule, and the 2025 communes the old one went to (what an officer must
     * choose from when it was split).
     */
    public record Mapping(String oldProvinceCode, String oldDistrictCode, String oldCommuneCode, String oldCommuneName,
            String communeCode, Rule rule, List<String> candidates) {
    }

    /** A placement: the mapping (null when no old code was given) and the problems (empty when placed). */
    public record Placement(Mapping mapping, List<FieldError> errors) {
        public boolean placed() {
            return errors.isEmpty();
        }
    }

    /** The in-memory catalogue. Field names are those of the import columns; a registration renames them. */
    public static final class Catalogue {
        private final Map<String, String> provinceSuccessor;
        private final Map<String, OldDistrict> districts;
        private final Map<String, OldCommune> communes;
        private final Map<String, String> aliases;

        Catalogue(Map<String, String> provinceSuccessor, Map<String, OldDistrict> districts, Map<String, OldCommune> communes,
                Map<String, String> aliases) {
            this.provinceSuccessor = Map.copyOf(provinceSuccessor);
            this.districts = Map.copyOf(districts);
            this.communes = Map.copyOf(communes);
            this.aliases = Map.copyOf(aliases);
        }

        /** Whether {@code code} is an old commune code on which sources disagree. */
        private boolean disputed(String code) {
            return aliases.keySet().stream().anyMatch(k -> k.startsWith(code + "/"));
        }

        /**
         * Places a record given old codes (any may be null) and perhaps a 2025 commune. With no old commune or
         * district code there is nothing to map (mapping null, no error): the 2025 commune stands alone.
         *
         * @param fields the names of the four fields in the caller's input, for the problems: old province,
         *        old district, old commune, 2025 commune
         */
        public Placement place(String oldProvince, String oldDistrict, String oldCommune, String newCommune, String... fields) {
            String fProvince = fields[0], fDistrict = fields[1], fCommune = fields[2], fNew = fields[3];
            List<FieldError> errors = new ArrayList<>();
            if (oldCommune == null && oldDistrict == null) {
                if (oldProvince != null && newCommune == null) {
                    // an old province alone places no one: the province is not where a person is paid
                    errors.add(new FieldError(fCommune, "LEGACY_COMMUNE_REQUIRED", "field.legacy.COMMUNE_REQUIRED"));
                } else if (oldProvince != null && !provinceSuccessor.containsKey(oldProvince)) {
                    errors.add(new FieldError(fProvince, "UNKNOWN_LEGACY_CODE", "field.legacy.UNKNOWN"));
                }
                // with the 2025 commune given, an old province beside it is only what the list says of its past
                return new Placement(null, errors);
            }
            if (oldProvince != null && !provinceSuccessor.containsKey(oldProvince)) {
                errors.add(new FieldError(fProvince, "UNKNOWN_LEGACY_CODE", "field.legacy.UNKNOWN"));
            }
            OldDistrict district = null;
            if (oldDistrict != null) {
                district = districts.get(oldDistrict);
                if (district == null) {
                    errors.add(new FieldError(fDistrict, "UNKNOWN_LEGACY_CODE", "field.legacy.UNKNOWN"));
                } else if (oldProvince != null && !district.provinceCode().equals(oldProvince)) {
                    errors.add(new FieldError(fDistrict, "LEGACY_DISTRICT_NOT_IN_PROVINCE", "field.legacy.DISTRICT_NOT_IN_PROVINCE"));
                }
            }
            if (oldCommune == null) {
                // a district alone: only an island district without communes places anyone
                if (district != null && district.islandNewCommune() == null) {
                    errors.add(new FieldError(fCommune, "LEGACY_COMMUNE_REQUIRED", "field.legacy.COMMUNE_REQUIRED"));
                }
                if (!errors.isEmpty() || district == null) {
                    return new Placement(mapping(oldProvince, oldDistrict, null, null, null, null, List.of()), errors);
                }
                String island = district.islandNewCommune();
                if (newCommune != null && !newCommune.equals(island)) {
                    errors.add(new FieldError(fNew, "NOT_A_SUCCESSOR_OF_LEGACY_UNIT", "field.legacy.NOT_A_SUCCESSOR"));
                }
                return new Placement(mapping(oldProvince, oldDistrict, null, district.name(), errors.isEmpty() ? island : null,
                        errors.isEmpty() ? Rule.ISLAND_DISTRICT : null, List.of(island)), errors);
            }
            Rule rule = null;
            String readAs = oldCommune;
            if (disputed(oldCommune)) {
                if (oldDistrict == null) {
                    // read by the 2025 commune given with it, else refused: never guessed
                    Map<String, String> byNew = new HashMap<>();
                    communes.get(oldCommune).successors().forEach(n -> byNew.put(n, oldCommune));
                    aliases.entrySet().stream().filter(e -> e.getKey().startsWith(oldCommune + "/"))
                            .forEach(e -> communes.get(e.getValue()).successors().forEach(n -> byNew.put(n, e.getValue())));
                    if (newCommune == null || !byNew.containsKey(newCommune)) {
                        errors.add(new FieldError(newCommune == null ? fDistrict : fNew, "LEGACY_CODE_DISPUTED",
                                "field.legacy.DISPUTED"));
                        return new Placement(mapping(oldProvince, null, oldCommune, null, null, null,
                                List.copyOf(new TreeSet<>(byNew.keySet()))), errors);
                    }
                    readAs = byNew.get(newCommune);
                    rule = Rule.DISPUTED_CODE_BY_NEW_COMMUNE;
                } else {
                    String alias = aliases.get(oldCommune + "/" + oldDistrict);
                    if (alias != null) {
                        readAs = alias;
                        rule = Rule.DISPUTED_CODE_BY_DISTRICT;
                    }
                }
            }
            OldCommune commune = communes.get(readAs);
            if (commune == null) {
                errors.add(new FieldError(fCommune, "UNKNOWN_LEGACY_CODE", "field.legacy.UNKNOWN"));
                return new Placement(mapping(oldProvince, oldDistrict, oldCommune, null, null, null, List.of()), errors);
            }
            if (oldDistrict != null && district != null && !commune.districtCode().equals(oldDistrict)) {
                errors.add(new FieldError(fCommune, "LEGACY_COMMUNE_NOT_IN_DISTRICT", "field.legacy.COMMUNE_NOT_IN_DISTRICT"));
            }
            if (oldProvince != null && oldDistrict == null && !districts.get(commune.districtCode()).provinceCode().equals(oldProvince)) {
                errors.add(new FieldError(fCommune, "LEGACY_COMMUNE_NOT_IN_PROVINCE", "field.legacy.COMMUNE_NOT_IN_PROVINCE"));
            }
            String placed = null;
            if (newCommune != null) {
                if (!commune.successors().contains(newCommune)) {
                    errors.add(new FieldError(fNew, "NOT_A_SUCCESSOR_OF_LEGACY_UNIT", "field.legacy.NOT_A_SUCCESSOR"));
                } else {
                    placed = newCommune;
                }
            } else if (commune.successors().size() == 1) {
                placed = commune.successors().get(0);
            } else {
                errors.add(new FieldError(fNew, "LEGACY_COMMUNE_SPLIT", "field.legacy.SPLIT"));
            }
            if (rule == null) {
                rule = commune.successors().size() > 1 ? Rule.SPLIT_CHOSEN : Rule.MERGED;
            }
            boolean ok = errors.isEmpty();
            return new Placement(mapping(oldProvince, commune.districtCode(), commune.code(), commune.name(), ok ? placed : null,
                    ok ? rule : null, commune.successors()), errors);
        }

        /** How many old communes the catalogue holds (for checks). */
        public int communeCount() {
            return communes.size();
        }

        private static Mapping mapping(String oldProvince, String oldDistrict, String oldCommune, String name, String placed,
                Rule rule, List<String> candidates) {
            return new Mapping(oldProvince, oldDistrict, oldCommune, name, placed, rule, candidates);
        }
    }
}
