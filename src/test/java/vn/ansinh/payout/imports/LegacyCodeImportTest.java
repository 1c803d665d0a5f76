package vn.ansinh.payout.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.as;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestEnvironment;

/**
 * Issue 21, old administrative units. domain.md §4: "From 2025-07-01 local government has two tiers … keep old
 * codes as history on addresses"; Nghị quyết 202/2025/QH15 (Hải Dương into Hải Phòng, Kon Tum into Quảng
 * Ngãi). The facts of the mapping asserted here are read from the source catalogue
 * (../shared/data/admin-units-legacy, communes-legacy-to-2025.csv), not from the service.
 */
@QuarkusTest
class LegacyCodeImportTest {

    private static final String HEADER = "national_id,full_name,date_of_birth,sex,old_province_code,old_district_code,"
            + "old_commune_code,commune_code,address,program,category_code,decision_number,decision_date,start_month\n";

    private static JsonPath upload(String csv, String... areas) {
        return as(Roles.PROVINCE_OFFICER, areas).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .queryParam("fileName", "danh-sach-cu.csv").post("/api/v1/imports").then().statusCode(201).extract().jsonPath();
    }

    private static List<Map<String, Object>> rows(String jobId, String... areas) {
        return as(Roles.PROVINCE_OFFICER, areas).queryParam("size", 1000).get("/api/v1/imports/" + jobId + "/rows")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Map<String, Object> row) {
        return (Map<String, Object>) row.get("areaMapping");
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> row) {
        return ((List<Map<String, Object>>) row.get("errors")).stream().map(e -> (String) e.get("code")).toList();
    }

    /**
     * The acceptance of issue 21: a Hải Dương list in old province, district and commune codes lands on the
     * 2025 communes of Hải Phòng, and the report says how each row was mapped.
     */
    @Test
    void aListInOldProvinceDistrictAndCommuneCodesLandsOnThe2025CommunesWithTheMappingReport() {
        String csv = HEADER
                // Phường Bình Hàn (10510, TP Hải Dương 288) went whole into Phường Cẩm Thượng (10507)
                + "030140780001,Lê Thị Hoa,03/04/1940,Nữ,30,288,10510,,Số 1 Bình Hàn,SOCIAL_ASSISTANCE,K5a,HD-1,01/01/2024,01/2024\n"
                // Phường Trần Phú (10528) was split between 10532 and 10537: the old code alone is refused
                + "030040780002,Trần Văn Nam,05/06/1940,Nam,30,288,10528,,Trần Phú,SOCIAL_ASSISTANCE,K5a,HD-2,01/01/2024,01/2024\n"
                // … and with the 2025 commune given, one of its parts, it is placed there
                + "030140780003,Phạm Thị Mai,07/08/1940,Nữ,30,288,10528,10537,Trần Phú,SOCIAL_ASSISTANCE,K5a,HD-3,01/01/2024,01/2024\n"
                // Huyện Bạch Long Vĩ (318) had no communes: the district maps to its special zone (11948)
                + "031140780004,Ngô Thị Biển,09/10/1940,Nữ,31,318,,,Đảo Bạch Long Vĩ,SOCIAL_ASSISTANCE,K5a,HP-4,01/01/2024,01/2024\n"
                // an old commune under another old district (Chí Linh 290) is refused, not placed by its code alone
                + "030140780005,Vũ Thị Lan,03/04/1940,Nữ,30,290,10510,,Bình Hàn,SOCIAL_ASSISTANCE,K5a,HD-5,01/01/2024,01/2024\n"
                // a 2025 commune that is not one the old one went to
                + "030140780006,Đinh Thị Thu,03/04/1940,Nữ,30,288,10528,10507,Trần Phú,SOCIAL_ASSISTANCE,K5a,HD-6,01/01/2024,01/2024\n"
                // a code that is in no catalogue
                + "030140780007,Hà Thị Xuân,03/04/1940,Nữ,30,288,99999,,?,SOCIAL_ASSISTANCE,K5a,HD-7,01/01/2024,01/2024\n"
                // Kon Tum (62) went into Quảng Ngãi: mapped, then outside this Hải Phòng officer's scope
                + "062140780008,Y Bông,03/04/1940,Nữ,62,608,23284,,Kon Tum,SOCIAL_ASSISTANCE,K5a,KT-8,01/01/2024,01/2024\n"
                // the 2025 commune with only the old province beside it: placed by the 2025 code, nothing to map
                + "030140780009,Cao Thị Nga,03/04/1940,Nữ,30,,,10507,Cẩm Thượng,SOCIAL_ASSISTANCE,K5a,HD-9,01/01/2024,01/2024\n"
                // an old province alone places no one
                + "030140780010,Cao Thị Hằng,03/04/1940,Nữ,30,,,,?,SOCIAL_ASSISTANCE,K5a,HD-10,01/01/2024,01/2024\n";
        JsonPath job = upload(csv, "31");
        assertThat(job.getInt("totalRows")).isEqualTo(10);
        assertThat(job.getInt("created")).isEqualTo(4);
        assertThat(job.getInt("legacyMapped")).isEqualTo(3);
        List<Map<String, Object>> report = rows(job.getString("id"), "31");
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("CREATED", "REJECTED", "CREATED", "CREATED",
                "REJECTED", "REJECTED", "REJECTED", "REJECTED", "CREATED", "REJECTED");
        assertThat(report.get(8).get("areaMapping")).isNull();
        assertThat(codes(report.get(9))).containsExactly("LEGACY_COMMUNE_REQUIRED");

        assertThat(mapping(report.get(0))).containsEntry("oldCommuneCode", "10510").containsEntry("oldName", "Phường Bình Hàn")
                .containsEntry("communeCode", "10507").containsEntry("rule", "MERGED");
        assertThat(codes(report.get(1))).containsExactly("LEGACY_COMMUNE_SPLIT");
        assertThat(mapping(report.get(1))).containsEntry("communeCode", null)
                .containsEntry("candidates", List.of("10532", "10537"));
        assertThat(mapping(report.get(2))).containsEntry("communeCode", "10537").containsEntry("rule", "SPLIT_CHOSEN");
        assertThat(mapping(report.get(3))).containsEntry("oldDistrictCode", "318").containsEntry("communeCode", "11948")
                .containsEntry("rule", "ISLAND_DISTRICT");
        assertThat(codes(report.get(4))).containsExactly("LEGACY_COMMUNE_NOT_IN_DISTRICT");
        assertThat(codes(report.get(5))).containsExactly("NOT_A_SUCCESSOR_OF_LEGACY_UNIT");
        assertThat(codes(report.get(6))).containsExactly("UNKNOWN_LEGACY_CODE");
        assertThat(codes(report.get(7))).containsExactly("NOT_IN_SCOPE");
        assertThat(mapping(report.get(7))).containsEntry("rule", "MERGED");
        assertThat(mapping(report.get(7))).containsEntry("communeCode", "23284"); // Phường Duy Tân kept its code in Quảng Ngãi

        // the record keeps the old codes it came with beside its 2025 commune
        String id = (String) report.get(0).get("beneficiaryId");
        as(Roles.PROVINCE_OFFICER, "31").get("/api/v1/beneficiaries/" + id).then().statusCode(200)
                .body("communeCode", equalTo("10507")).body("legacyDistrictCode", equalTo("288"))
                .body("legacyCommuneCode", equalTo("10510"));
        String island = (String) report.get(3).get("beneficiaryId");
        as(Roles.PROVINCE_OFFICER, "31").get("/api/v1/beneficiaries/" + island).then().statusCode(200)
                .body("communeCode", equalTo("11948")).body("legacyDistrictCode", equalTo("318"));

        // the split row, corrected with its 2025 commune, goes in; the rows already in are unchanged
        JsonPath again = upload(HEADER + csv.lines().skip(1).limit(3)
                .map(l -> l.startsWith("030040780002") ? l.replace(",10528,,", ",10528,10532,") : l)
                .reduce("", (a, b) -> a + b + "\n"), "31");
        assertThat(again.getInt("created")).isEqualTo(1);
        assertThat(again.getInt("unchanged")).isEqualTo(2);
        assertThat(again.getInt("legacyMapped")).isEqualTo(3);
    }

    /**
     * README of admin-units-legacy: the 2025 notice lists Xã Ia Mơ (Gia Lai) as 23737, the old catalogue gives
     * 23737 to Xã Ia Mơ Nông (Chư Păh, merged into Xã Ia Ly 23734) and 23938 to Xã Ia Mơ (Chư Prông); files from
     * the field may carry either code for Ia Mơ. Read with its district, or its 2025 commune; never guessed.
     */
    @Test
    void theDisputedIaMoCodeIsReadByItsDistrictOrRefused() {
        String csv = HEADER
                + "064140780011,Rơ Châm H'Lan,03/04/1940,Nữ,64,632,23737,,Chư Prông,SOCIAL_ASSISTANCE,K5a,GL-1,01/01/2024,01/2024\n"
                + "064140780012,Siu H'Nga,03/04/1940,Nữ,64,627,23737,,Chư Păh,SOCIAL_ASSISTANCE,K5a,GL-2,01/01/2024,01/2024\n"
                + "064140780013,Kpă H'Bia,03/04/1940,Nữ,64,,23737,,?,SOCIAL_ASSISTANCE,K5a,GL-3,01/01/2024,01/2024\n"
                + "064140780014,Rơ Mah H'Yên,03/04/1940,Nữ,64,,23737,23737,Ia Mơ,SOCIAL_ASSISTANCE,K5a,GL-4,01/01/2024,01/2024\n"
                + "064140780015,Ksor H'Ly,03/04/1940,Nữ,64,632,23938,,Ia Mơ,SOCIAL_ASSISTANCE,K5a,GL-5,01/01/2024,01/2024\n";
        JsonPath job = upload(csv, "52");
        List<Map<String, Object>> report = rows(job.getString("id"), "52");
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("CREATED", "CREATED", "REJECTED", "CREATED",
                "CREATED");
        assertThat(mapping(report.get(0))).containsEntry("oldCommuneCode", "23938").containsEntry("communeCode", "23737")
                .containsEntry("rule", "DISPUTED_CODE_BY_DISTRICT");
        assertThat(mapping(report.get(1))).containsEntry("oldCommuneCode", "23737").containsEntry("communeCode", "23734")
                .containsEntry("rule", "MERGED");
        assertThat(codes(report.get(2))).containsExactly("LEGACY_CODE_DISPUTED");
        assertThat(mapping(report.get(2))).containsEntry("candidates", List.of("23734", "23737"));
        assertThat(mapping(report.get(3))).containsEntry("oldCommuneCode", "23938").containsEntry("communeCode", "23737")
                .containsEntry("rule", "DISPUTED_CODE_BY_NEW_COMMUNE");
        assertThat(mapping(report.get(4))).containsEntry("communeCode", "23737").containsEntry("rule", "MERGED");
    }

    /** README: 63 provinces, 696 districts, 471 split communes, every 2025 unit reached; kept apart from `area`. */
    @Test
    void theOldCatalogueIsLoadedWholeAndApartFromThe2025Areas() throws Exception {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            assertThat(count(st, "select count(*) from legacy_province")).isEqualTo(63);
            assertThat(count(st, "select count(*) from legacy_district")).isEqualTo(696);
            assertThat(count(st, "select count(*) from legacy_district where island_new_commune_code is not null")).isEqualTo(5);
            assertThat(count(st, "select count(*) from legacy_commune where split")).isEqualTo(471);
            assertThat(count(st, "select count(*) from legacy_commune_successor")).isEqualTo(10602 - 5);
            assertThat(count(st, "select count(*) from legacy_province where code = '30' and new_province_code = '31'")).isEqualTo(1);
            assertThat(count(st, "select count(*) from legacy_province where code = '62' and new_province_code = '51'")).isEqualTo(1);
            // every 2025 commune of the official list (3,321, domain.md §4) has at least one old unit mapped to it,
            // and every unit mapped to is a 2025 commune (counted apart from what other tests add to `area`)
            assertThat(count(st, "select count(distinct x.code) from (select new_commune_code as code from legacy_commune_successor "
                    + "union select island_new_commune_code from legacy_district where island_new_commune_code is not null) x "
                    + "join area a on a.code = x.code and a.level = 'COMMUNE' and a.valid_from = date '2025-07-01'")).isEqualTo(3321);
            // old provinces that are no 2025 province (Hải Dương 30, Kon Tum 62) are not areas
            assertThat(count(st, "select count(*) from area where code in ('30', '62')")).isZero();
        }
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
