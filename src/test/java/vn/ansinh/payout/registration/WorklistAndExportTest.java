package vn.ansinh.payout.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.as;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import vn.ansinh.payout.security.Roles;

@QuarkusTest
class WorklistAndExportTest {

    /** Registers and verifies a new person paid into {@code account}; returns the beneficiary id. */
    private static String verified(String nationalId, String account) {
        UUID reg = UUID.randomUUID();
        RegistrationTest.submit(RegistrationTest.registration(reg, nationalId, account));
        return as(Roles.COMMUNE_OFFICER, "21211").contentType(ContentType.JSON).body(Map.of("decision", "VERIFIED"))
                .post("/api/v1/registrations/" + reg + "/verification").then().statusCode(200)
                .extract().jsonPath().getString("beneficiaryId");
    }

    private static List<String> worklist(String name) {
        return as(Roles.COMMUNE_OFFICER, "21211").queryParam("worklist", name).queryParam("size", 500)
                .get("/api/v1/beneficiaries").then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    @Test
    void beneficiariesWithoutAVerifiedMethodAreListedUntilVerified() {
        String plain = vn.ansinh.payout.registry.BeneficiaryResourceTestAccess.createInTinhKhe();
        String paid = verified(RegistrationTest.freshId(), "4440001112");
        List<String> without = worklist("WITHOUT_VERIFIED_METHOD");
        assertThat(without).contains(plain).doesNotContain(paid);
    }

    @Test
    void anAccountUsedByTwoPeopleIsFlaggedNotRefused() {
        String a = verified(RegistrationTest.freshId(), "8889990001");
        String b = verified(RegistrationTest.freshId(), "8889990001");
        String alone = verified(RegistrationTest.freshId(), "8889990002");
        assertThat(worklist("SHARED_ACCOUNT")).contains(a, b).doesNotContain(alone);
    }

    @Test
    void theAccountListCarriesFullIdentifiersAndEveryExportIsAudited() throws Exception {
        String nid = RegistrationTest.freshId();
        verified(nid, "6660001234");
        long before = as(Roles.AUDITOR, "51").queryParam("entityType", "export").get("/api/v1/audit").then()
                .extract().jsonPath().getLong("totalItems");
        byte[] csv = as(Roles.COMMUNE_OFFICER, "21211").accept("*/*").queryParam("area", "21211").queryParam("format", "csv")
                .get("/api/v1/reports/account-information").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\ufeffSTT,Họ và tên,Ngày sinh,Số định danh");
        assertThat(text).contains(nid).contains("6660001234").contains("Agribank").contains("01/05/1950");
        // a province officer naming the province gets every commune's beneficiaries in it
        String provinceWide = as(Roles.PROVINCE_OFFICER, "51").accept("text/csv").queryParam("area", "51")
                .get("/api/v1/reports/account-information").then().statusCode(200).extract().asString();
        assertThat(provinceWide).contains(nid);
        byte[] xlsx = as(Roles.COMMUNE_OFFICER, "21211").accept("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .get("/api/v1/reports/account-information").then().statusCode(200).extract().asByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            Row header = rows.stream().filter(r -> "STT".equals(r.getCellText(0))).findFirst().orElseThrow();
            assertThat(header.getRowNum()).isEqualTo(4); // title, time of production, blank line, header
            assertThat(header.getCellText(3)).isEqualTo("Số định danh");
            assertThat(rows.stream().anyMatch(r -> nid.equals(r.getCellText(3)))).isTrue();
        }
        as(Roles.AUDITOR, "51").queryParam("entityType", "export").get("/api/v1/audit").then()
                .body("totalItems", equalTo((int) before + 3))
                .body("items[0].action", equalTo("ACCOUNT_LIST_EXPORTED"));
    }

    @Test
    void exportsAreRefusedOutsideTheCallersAreasAndToFieldOfficers() {
        as(Roles.COMMUNE_OFFICER, "21211").accept("text/csv").queryParam("area", "21025").get("/api/v1/reports/account-information")
                .then().statusCode(403).body("code", equalTo("OUT_OF_SCOPE"));
        as(Roles.COMMUNE_OFFICER, "21211").accept("text/csv").queryParam("area", "51").get("/api/v1/reports/account-information")
                .then().statusCode(403);
        as(Roles.FIELD_OFFICER, "21211").accept("text/csv").get("/api/v1/reports/account-information").then().statusCode(403);
        // asking for JSON from a file export is a problem detail too
        as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/reports/account-information").then().statusCode(406)
                .contentType("application/problem+json");
    }
}
