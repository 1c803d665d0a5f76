package vn.ansinh.payout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static vn.ansinh.payout.testing.Api.as;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestEnvironment;

@QuarkusTest
class AuditTrailTest {

    @org.junit.jupiter.api.BeforeEach
    void testProvince() {
        vn.ansinh.payout.testing.TestAreas.ensureProvince();
    }

    private static void createArea(String subject, String code, String parent, String requestId) {
        asSubject(subject, Roles.ADMIN).header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Xã Kiểm Toán " + code, "level", "COMMUNE", "unitType", "commune",
                        "parentCode", parent, "validFrom", "2026-01-01"))
                .post("/api/v1/areas").then().statusCode(201);
    }

    @Test
    void aChangeIsRecordedWithWhoWhenWhatAndFromWhichRequest() {
        createArea("admin-subject-1", "98801", "98", "req-audit-0000001");
        JsonPath page = as(Roles.AUDITOR, "98").queryParam("entityType", "area").queryParam("entityId", "98801")
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("totalItems")).isEqualTo(1);
        assertThat(page.getString("items[0].actor")).isEqualTo("admin-subject-1");
        assertThat(page.getString("items[0].actorRoles")).isEqualTo("admin");
        assertThat(page.getString("items[0].action")).isEqualTo("AREA_CREATED");
        assertThat(page.getString("items[0].requestId")).isEqualTo("req-audit-0000001");
        assertThat(page.getString("items[0].areaCode")).isEqualTo("98");
        assertThat(page.getString("items[0].changes.name.after")).isEqualTo("Xã Kiểm Toán 98801");
        assertThat(page.getString("items[0].changes.name.before")).isNull();
        assertThat(page.getString("items[0].occurredAt")).endsWith("+07:00");
        assertThat(page.getString("items[0].hash")).hasSize(64);
    }

    @Test
    void aFailedChangeLeavesNoAuditEntry() {
        createArea("admin-subject-2", "98802", "98", "req-audit-0000002");
        long before = as(Roles.AUDITOR, "98").queryParam("entityId", "98802").get("/api/v1/audit")
                .then().extract().jsonPath().getLong("totalItems");
        // duplicate: refused, so nothing may be recorded
        asSubject("admin-subject-2", Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("code", "98802", "name", "Trùng", "level", "COMMUNE", "unitType", "commune",
                        "parentCode", "98", "validFrom", "2026-01-01"))
                .post("/api/v1/areas").then().statusCode(409);
        as(Roles.AUDITOR, "98").queryParam("entityId", "98802").get("/api/v1/audit")
                .then().body("totalItems", equalTo((int) before));
    }

    @Test
    void auditorsSeeOnlyTheirAreasEntries() {
        createArea("admin-subject-3", "98999", "98", "req-audit-0000003");
        as(Roles.AUDITOR, "51").queryParam("entityId", "98999").get("/api/v1/audit").then().statusCode(200)
                .body("totalItems", equalTo(0));
        as(Roles.AUDITOR, "98").queryParam("entityId", "98999").get("/api/v1/audit").then().statusCode(200)
                .body("totalItems", equalTo(1));
        long seq = as(Roles.AUDITOR, "98").queryParam("entityId", "98999").get("/api/v1/audit").then()
                .extract().jsonPath().getLong("items[0].seq");
        as(Roles.AUDITOR, "98").get("/api/v1/audit/" + seq).then().statusCode(200).body("entityId", equalTo("98999"));
        as(Roles.AUDITOR, "51").get("/api/v1/audit/" + seq).then().statusCode(403).body("code", equalTo("OUT_OF_SCOPE"));
    }

    @Test
    void theChainIsIntactAndAnEditedEntryIsDetected() throws Exception {
        createArea("admin-subject-4", "98803", "98", "req-audit-0000004");
        as(Roles.AUDITOR, "98").get("/api/v1/audit/verification").then().statusCode(200)
                .body("intact", equalTo(true));
        long seq = as(Roles.AUDITOR, "98").queryParam("entityId", "98803").get("/api/v1/audit").then()
                .extract().jsonPath().getLong("items[0].seq");
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            // the application cannot change an entry at all
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeUpdate(
                    "update audit_entry set actor_sub = 'someone-else' where seq = " + seq))
                    .hasMessageContaining("append-only");
            // a superuser bypassing the triggers can, but the chain shows it
            st.execute("set session_replication_role = replica");
            st.executeUpdate("update audit_entry set actor_sub = 'someone-else' where seq = " + seq);
            try {
                as(Roles.AUDITOR, "98").get("/api/v1/audit/verification").then().statusCode(200)
                        .body("intact", equalTo(false))
                        .body("breaks[0].seq", equalTo((int) seq))
                        .body("breaks[0].reason", equalTo("CONTENT_CHANGED"));
            } finally {
                st.executeUpdate("update audit_entry set actor_sub = 'admin-subject-4' where seq = " + seq);
                st.execute("set session_replication_role = origin");
            }
        }
        as(Roles.AUDITOR, "98").get("/api/v1/audit/verification").then().body("intact", equalTo(true));
    }

    @Test
    void concurrentChangesStillFormOneUnbrokenChain() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 16; i++) {
                String code = String.valueOf(98810 + i);
                futures.add(pool.submit(() -> createArea("admin-subject-5", code, "98", "req-audit-concurrent")));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        as(Roles.AUDITOR, "98").queryParam("actor", "admin-subject-5").get("/api/v1/audit").then()
                .body("totalItems", equalTo(16));
        as(Roles.AUDITOR, "98").get("/api/v1/audit/verification").then().body("intact", equalTo(true));
    }
}
