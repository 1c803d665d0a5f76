package vn.ansinh.payout.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.registration.RegistrationTest;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * The authorization matrix: every operation of the committed OpenAPI document, called by every role
 * (and without a token), once with a token for the area the resource is in and once with a token for
 * another province, against real resources of test province 88 (a person, a cycle with its lines, a
 * home delivery with a confirmed photo and a flag, a registration, an import, a reconciliation, a filed
 * report). The status of every cell must equal the reviewed table
 * {@code src/test/resources/security/authorization-matrix.txt}; an operation missing from the table, or
 * a row for an operation that no longer exists, fails the test.
 *
 * <p>Beside the table, rules no table may contradict: without a token every non-public operation is 401;
 * a role the operation does not name is 403; nothing answers 5xx; every refusal is a problem detail; and
 * an answer given to another area's token never contains the province 88 resources' identifiers or names.
 *
 * <p>Requests carry an empty JSON object (or an empty CSV, or a multipart body with an empty JSON part)
 * as their body, but for the writes of {@link #VALID_BODIES}: those carry a valid body, so that another
 * area's token reaches the area check, and must be refused there.
 * After an intended change: {@code ./mvnw test -Dtest=AuthorizationMatrixTest -Dmatrix.update=true},
 * review the table's diff line by line, commit it.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    static final Path TABLE = Path.of("src/test/resources/security/authorization-matrix.txt");
    static final String PROVINCE = "88";
    static final String COMMUNE = "88001";
    static final String FIELD_OFFICER_SUBJECT = "field-88";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AreaDirectory areas;

    /**
     * Writes sent with a valid body instead of an empty one, so that they pass validation and reach the
     * area check: for these, a role the operation names, with a token of another area, must be refused
     * 403 or 404 (never accepted, never a validation error that would mean the check was not reached).
     * {cycle}, {uuid} and {commune} are filled in per request.
     */
    static final Map<String, String> VALID_BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/beneficiaries/{id}/status-changes",
                    "{\"toStatus\":\"SUSPENDED\",\"reason\":\"REASSESSMENT\",\"effectiveMonth\":\"2026-12\"}"),
            Map.entry("POST /api/v1/beneficiaries/{id}/adjustments",
                    "{\"program\":\"SOCIAL_ASSISTANCE\",\"forMonth\":\"2026-10\",\"amountVnd\":10000,\"reason\":\"matrix\","
                            + "\"decisionRef\":\"QĐ-matrix\"}"),
            // the checks: the first checker in the area rejects (200), later ones find it checked (409)
            Map.entry("POST /api/v1/change-requests/{id}/check", "{\"decision\":\"REJECT\",\"note\":\"matrix\"}"),
            Map.entry("POST /api/v1/beneficiaries/{id}/adjustments/{adjustmentId}/check",
                    "{\"decision\":\"REJECT\",\"note\":\"matrix\"}"),
            Map.entry("POST /api/v1/registrations/{id}/verification", "{\"decision\":\"NEEDS_DOCUMENTS\",\"reasons\":[\"matrix\"]}"),
            Map.entry("POST /api/v1/cycles/{id}/payments/{lineNo}/reroute", "{\"channel\":\"CASH_AT_POINT\",\"reason\":\"matrix\"}"),
            Map.entry("POST /api/v1/payment-points", "{\"communeCode\":\"{commune}\",\"name\":\"Nhà văn hóa\","
                    + "\"address\":\"Thôn 1\",\"openingHours\":\"7:30-11:00\",\"firstDay\":5,\"lastDay\":7}"),
            Map.entry("PUT /api/v1/deliveries/reference-points/{communeCode}", "{\"latitude\":15.1,\"longitude\":108.8}"),
            Map.entry("POST /api/v1/deliveries/flags/{flagId}/review", "{\"resolution\":\"CLEARED\",\"note\":\"matrix\"}"),
            Map.entry("POST /api/v1/reports/snapshots", "{\"provinceCode\":\"88\",\"month\":\"2026-10\"}"),
            Map.entry("POST /api/v1/standard-levels", "{\"provinceCode\":\"88\",\"program\":\"SOCIAL_ASSISTANCE\","
                    + "\"effectiveFrom\":\"" + TestClock.month().plusMonths(1) + "\",\"amountVnd\":600000,\"decisionRef\":\"matrix\"}"),
            Map.entry("POST /api/v1/cycles/{id}/carry-overs", "{\"reason\":\"matrix\"}"),
            Map.entry("POST /api/v1/standard-levels/{id}/check", "{\"decision\":\"REJECT\",\"note\":\"matrix\"}"),
            Map.entry("POST /api/v1/provider-fees/{id}/check", "{\"decision\":\"REJECT\",\"note\":\"matrix\"}"),
            // (a coefficient change is national: it has no area to be out of, so its check keeps the empty body)
            Map.entry("POST /api/v1/beneficiaries/{id}/family-payees/{payeeId}/check",
                    "{\"decision\":\"REJECT\",\"note\":\"matrix\"}"),
            Map.entry("POST /api/v1/beneficiaries/{id}/family-payees", "{\"payeeKind\":\"FUNERAL_ARRANGER\","
                    + "\"fullName\":\"Vương Văn Con\",\"nationalId\":\"088090000321\",\"relationship\":\"CHILD\","
                    + "\"channel\":\"CASH_AT_POINT\",\"reason\":\"matrix\"}"),
            Map.entry("POST /api/v1/provider-fees", "{\"provinceCode\":\"88\",\"channel\":\"E_WALLET\",\"providerCode\":"
                    + "\"TESTPAY\",\"effectiveFrom\":\"" + TestClock.month().plusMonths(1) + "\",\"fixedVnd\":1000,\"rateBp\":0,"
                    + "\"minVnd\":0,\"contractRef\":\"matrix\"}"),
            Map.entry("POST /api/v1/cycles/{id}/approval", "{\"linesSha256\":\"" + "0".repeat(64) + "\"}"),
            Map.entry("POST /api/v1/deliveries/custody", "{\"id\":\"{uuid}\",\"cycleId\":\"{cycle}\",\"officer\":\"field-88\","
                    + "\"kind\":\"ADVANCE\",\"amountVnd\":100000}"),
            Map.entry("POST /api/v1/deliveries/assignments", "{\"cycleId\":\"{cycle}\",\"communeCode\":\"88001\","
                    + "\"officer\":\"field-88\"}"));

    /** The resources the requests name, and what must never appear in another area's answers. */
    record Fixture(Map<String, String> ids, List<String> secrets, String otherCommune) {
    }

    record Operation(String method, String path, List<String> roles, boolean isPublic, List<String> queryParams,
            String bodyType) {

        String key() {
            return method.toUpperCase() + " " + path;
        }
    }

    @Test
    void everyOperationRoleAndAreaAnswersAsTheReviewedTable() throws Exception {
        Fixture fx = fixture();
        List<Operation> operations = operations();
        Map<String, String> actual = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        for (Operation op : operations) {
            StringBuilder row = new StringBuilder();
            row.append(cell(op, null, fx, false, violations));
            for (String role : Roles.ALL) {
                row.append(' ').append(cell(op, role, fx, false, violations));
                row.append(' ').append(cell(op, role, fx, true, violations));
            }
            actual.put(op.key(), row.toString());
        }
        if (Boolean.getBoolean("matrix.update")) {
            write(actual);
        }
        Map<String, String> expected = read();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String want = expected.get(e.getKey());
            if (want == null) {
                differences.add("missing from the table: " + e.getKey() + "  " + e.getValue());
            } else if (!want.equals(e.getValue())) {
                differences.add(e.getKey() + "\n    table:  " + want + "\n    actual: " + e.getValue());
            }
        }
        expected.keySet().stream().filter(k -> !actual.containsKey(k))
                .forEach(k -> differences.add("in the table but not in the API: " + k));
        System.out.printf("authorization matrix: %d operations, %d cells, %d rule violations, %d cells differing from the table%n",
                operations.size(), operations.size() * (1 + 2 * Roles.ALL.size()), violations.size(), differences.size());
        assertThat(violations).as("rules every cell must keep").isEmpty();
        assertThat(differences).as("cells that differ from " + TABLE + "\n" + header()).isEmpty();
    }

    // ------------------------------------------------------------------ one cell

    private String cell(Operation op, String role, Fixture fx, boolean otherArea, List<String> violations) {
        Response r = request(op, role, fx, otherArea);
        int status = r.statusCode();
        String where = op.key() + " as " + (role == null ? "no token" : role + (otherArea ? " of another area" : " in area"));
        String contentType = String.valueOf(r.contentType());
        if (status >= 500) {
            violations.add(where + ": " + status + " " + r.asString());
        }
        if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            violations.add(where + ": a refusal that is not a problem detail (" + contentType + ")");
        }
        if (role == null && !op.isPublic() && status != 401) {
            violations.add(where + ": " + status + " without a token");
        }
        if (role != null && !op.isPublic() && !op.roles().contains(role) && status != 403) {
            violations.add(where + ": " + status + " for a role the operation does not name");
        }
        if (otherArea && role != null && op.roles().contains(role) && VALID_BODIES.containsKey(op.key())
                && status != 403 && status != 404) {
            violations.add(where + ": " + status + " for a valid write to another area's resource (expected 403 or 404)");
        }
        if (otherArea && status < 300) {
            String body = r.asString();
            for (String secret : fx.secrets()) {
                if (body.contains(secret)) {
                    violations.add(where + ": the answer contains province " + PROVINCE + "'s " + secret);
                }
            }
        }
        return Integer.toString(status);
    }

    private Response request(Operation op, String role, Fixture fx, boolean otherArea) {
        RequestSpecification r = given().redirects().follow(false).accept("*/*");
        if (role != null) {
            r = r.auth().oauth2(token(role, otherArea, fx));
        }
        String path = op.path();
        for (String name : List.of("id", "lineNo", "reconciliationId", "photoId", "flagId", "seq", "code", "communeCode",
                "program", "adjustmentId", "payeeId")) {
            if (path.contains("{" + name + "}")) {
                path = path.replace("{" + name + "}", pathValue(op.path(), name, fx));
            }
        }
        assertThat(path).as("a path parameter the matrix cannot fill in " + op.path()).doesNotContain("{");
        for (String q : op.queryParams()) {
            String value = queryValue(q, role, fx);
            if (value != null) {
                r = r.queryParam(q, value);
            }
        }
        if (op.key().equals("POST /api/v1/beneficiaries/{id}/adjustments")) {
            r = r.header("Idempotency-Key", "matrix-" + UUID.randomUUID());
        }
        if (op.bodyType() != null) {
            switch (op.bodyType()) {
                case "application/json" -> r = r.contentType(ContentType.JSON).body(VALID_BODIES.getOrDefault(op.key(), "{}")
                        .replace("{cycle}", fx.ids().get("cycles")).replace("{uuid}", UUID.randomUUID().toString())
                        .replace("{commune}", COMMUNE));
                case "multipart/form-data" -> r = r.multiPart(new MultiPartSpecBuilder("{}").controlName("confirmation")
                        .mimeType("application/json").charset(StandardCharsets.UTF_8).build());
                default -> r = r.contentType(op.bodyType()).body(new byte[0]);
            }
        }
        return r.request(op.method().toUpperCase(), path);
    }

    private static String pathValue(String template, String name, Fixture fx) {
        if (name.equals("id")) {
            String collection = template.replaceFirst("^/api/v1/", "").replaceFirst("/.*", "");
            if (template.startsWith("/api/v1/reports/snapshots/")) {
                collection = "snapshots";
            }
            return required(fx, collection);
        }
        return switch (name) {
            case "code" -> template.startsWith("/api/v1/allowance-categories") ? "K1" : COMMUNE;
            case "communeCode" -> COMMUNE;
            case "program" -> "SOCIAL_ASSISTANCE";
            default -> required(fx, name);
        };
    }

    /** The area asked about is the caller's own level of the resource's area: its commune, or its province. */
    private static String queryValue(String name, String role, Fixture fx) {
        return switch (name) {
            case "area" -> communeLevel(role) ? COMMUNE : PROVINCE;
            case "province" -> PROVINCE;
            case "commune" -> COMMUNE;
            case "cycleId" -> fx.ids().get("cycles");
            case "month" -> "2026-11";
            case "year" -> "2026";
            case "fileName" -> "danh-sach.csv";
            default -> null;
        };
    }

    private static String required(Fixture fx, String key) {
        String value = fx.ids().get(key);
        assertThat(value).as("the fixture has no " + key).isNotNull();
        return value;
    }

    /** In the area: the field and commune officers of commune 88001, the others of province 88. */
    private static String token(String role, boolean otherArea, Fixture fx) {
        String area = communeLevel(role) ? (otherArea ? fx.otherCommune() : COMMUNE) : (otherArea ? "01" : PROVINCE);
        String subject = role.equals(Roles.FIELD_OFFICER) && !otherArea ? FIELD_OFFICER_SUBJECT : role + "-" + area;
        return Tokens.forSubject(subject, role, area);
    }

    private static boolean communeLevel(String role) {
        return Roles.FIELD_OFFICER.equals(role) || Roles.COMMUNE_OFFICER.equals(role);
    }

    // ------------------------------------------------------------------ the operations

    static List<Operation> operations() throws Exception {
        JsonNode doc = JSON.readTree(Path.of("openapi", "openapi.json").toFile());
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> o = ops.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(o.getKey())) {
                    continue;
                }
                List<String> roles = new ArrayList<>();
                // public: an empty security requirement (security: [])
                JsonNode security = o.getValue().path("security");
                boolean isPublic = security.isArray() && security.isEmpty();
                for (JsonNode requirement : security) {
                    requirement.path("bearer").forEach(r -> roles.add(r.asText()));
                }
                List<String> query = new ArrayList<>();
                for (JsonNode param : o.getValue().path("parameters")) {
                    if ("query".equals(param.path("in").asText())) {
                        query.add(param.path("name").asText());
                    }
                }
                Iterator<String> types = o.getValue().path("requestBody").path("content").fieldNames();
                out.add(new Operation(o.getKey(), p.getKey(), roles, isPublic, query, types.hasNext() ? types.next() : null));
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    // ------------------------------------------------------------------ the table

    private static String header() {
        StringBuilder h = new StringBuilder("# operation | none");
        Roles.ALL.forEach(r -> h.append(" | ").append(r).append(" in, other area"));
        return h.toString();
    }

    private static Map<String, String> read() throws Exception {
        Map<String, String> table = new TreeMap<>();
        if (!Files.exists(TABLE)) {
            return table;
        }
        for (String line : Files.readAllLines(TABLE)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            table.put(parts[0] + " " + parts[1], String.join(" ", List.of(parts).subList(2, parts.length)));
        }
        return table;
    }

    private static void write(Map<String, String> rows) throws Exception {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder("""
                # The authorization matrix, reviewed: the HTTP status of every operation of openapi/openapi.json
                # without a token, then for each role with a token of the resource's area ("in": commune 88001 for
                # field and commune officers, province 88 for the others) and of another area (a Hà Nội commune,
                # province 01), each request with an empty body. Checked by AuthorizationMatrixTest; regenerate with
                # -Dmatrix.update=true and review every changed cell.
                #
                # 401 no token · 403 role not named, or out of scope · 400/404/409/413/415/422 the role and area
                # passed and the (empty) request was refused for what it is · 200/201 answered (for other areas: a
                # list scoped to nothing of theirs, or reference data).
                """);
        out.append(String.format("%-" + width + "s  %s%n", "# operation", "none  field in/out  commune in/out  "
                + "province in/out  provider in/out  auditor in/out  admin in/out"));
        rows.forEach((k, v) -> out.append(String.format("%-" + width + "s  %s%n", k, v)));
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, out.toString());
    }

    // ------------------------------------------------------------------ the resources of province 88

    private Fixture fixture() {
        CycleFixture f = new CycleFixture(PROVINCE);
        areas.refresh().await().indefinitely();
        Map<String, String> ids = new HashMap<>();
        List<String> secrets = new ArrayList<>();
        UUID atHome = f.person("Vương Thị Ma Trận", LocalDate.parse("1948-03-02"), "FEMALE", 1, "CANNOT_TRAVEL");
        f.entitlement(atHome, "SOCIAL_ASSISTANCE", "K5b", null, 0, "2026-01");
        UUID atPoint = f.person("Vương Văn Ma Trận", LocalDate.parse("1947-04-03"), "MALE", 1, "CAN_TRAVEL");
        f.entitlement(atPoint, "SOCIAL_ASSISTANCE", "K5b", null, 0, "2026-01");
        ids.put("beneficiaries", atHome.toString());
        secrets.addAll(List.of(atHome.toString(), atPoint.toString(), "Ma Trận",
                CycleFixture.queryText("select national_id from beneficiary where id = ?", atHome),
                CycleFixture.queryText("select national_id from beneficiary where id = ?", atPoint)));

        JsonPath cycle = f.open("SOCIAL_ASSISTANCE", "2026-11");
        String cycleId = cycle.getString("id");
        f.approveAndRelease(cycleId, cycle.getString("linesSha256"));
        ids.put("cycles", cycleId);
        ids.put("lineNo", "1");
        // rates, fees and a family payee waiting for their checks (months far ahead: no payroll of the suite reads them)
        String far = TestClock.month().plusMonths(30).toString();
        ids.put("standard-levels", asSubject("province-88-maker", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("provinceCode", PROVINCE, "program", "SOCIAL_ASSISTANCE", "effectiveFrom", far, "amountVnd", 700000,
                        "decisionRef", "matrix")).post("/api/v1/standard-levels").then().statusCode(201).extract().jsonPath()
                .getString("id"));
        ids.put("provider-fees", asSubject("province-88-maker", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("provinceCode", PROVINCE, "channel", "BANK_ACCOUNT", "providerCode", "TESTPAY", "effectiveFrom", far,
                        "fixedVnd", 1000, "rateBp", 0, "minVnd", 0, "contractRef", "matrix")).post("/api/v1/provider-fees").then()
                .statusCode(201).extract().jsonPath().getString("id"));
        ids.put("allowance-categories", asSubject("admin-maker", Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("coefficients", List.of(Map.of("coefficient", 1.5, "perChild", false)), "effectiveFrom", far,
                        "decisionRef", "matrix")).put("/api/v1/allowance-categories/SOCIAL_ASSISTANCE/K8/coefficients").then()
                .statusCode(200).extract().jsonPath().getString("id"));
        // the death of the person at home recorded far ahead (it changes no payroll of the suite), and a payee for the family
        CycleFixture.sql("insert into beneficiary_status_change (id, beneficiary_id, from_status, to_status, reason, effective_month, "
                + "decided_by) values (?, ?, 'ACTIVE', 'ENDED', 'DEATH', ?, 'matrix')", UUID.randomUUID(), atHome,
                LocalDate.parse(far + "-01"));
        UUID payee = UUID.randomUUID();
        CycleFixture.sql("insert into family_payee (id, beneficiary_id, commune_code, payee_kind, full_name, national_id, relationship, "
                + "channel, reason, requested_by, requested_at) values (?, ?, ?, 'FUNERAL_ARRANGER', 'Vương Văn Con', '088090000321', "
                + "'CHILD', 'CASH_AT_POINT', 'matrix', 'commune-maker', ?)", payee, atHome, COMMUNE, TestClock.offset());
        ids.put("payeeId", payee.toString());
        secrets.add(cycleId);

        // the cash-at-point line's result from the provider
        List<Map<String, Object>> lines = f.payments(cycleId);
        List<Map<String, Object>> atPointLines = lines.stream()
                .filter(l -> !"HOME_DELIVERY".equals(l.get("channel"))).toList();
        ids.put("reconciliationId", f.upload(cycleId, CycleFixture.results(atPointLines, List.of())).getString("id"));

        // the home delivery, assigned to the field officer, confirmed with a photo and no position (a flag)
        RequestSpecification commune = asSubject("commune-88", Roles.COMMUNE_OFFICER, COMMUNE);
        String delivery = commune.queryParam("cycleId", cycleId).get("/api/v1/deliveries").then().statusCode(200)
                .extract().jsonPath().getString("[0].id");
        asSubject("commune-88", Roles.COMMUNE_OFFICER, COMMUNE).contentType(ContentType.JSON)
                .body(Map.of("cycleId", cycleId, "officer", FIELD_OFFICER_SUBJECT, "deliveryIds", List.of(delivery)))
                .post("/api/v1/deliveries/assignments").then().statusCode(200);
        ids.put("deliveries", delivery);
        secrets.add(delivery);
        long amount = ((Number) lines.stream().filter(l -> "HOME_DELIVERY".equals(l.get("channel"))).findFirst()
                .orElseThrow().get("amountVnd")).longValue();
        Map<String, Object> confirmation = new LinkedHashMap<>();
        confirmation.put("confirmationId", UUID.randomUUID().toString());
        confirmation.put("outcome", "DELIVERED");
        confirmation.put("recipient", "BENEFICIARY");
        confirmation.put("amountVnd", amount);
        java.time.OffsetDateTime now = TestClock.offset().withNano(0);
        confirmation.put("capturedAt", now.minusMinutes(5).toString());
        confirmation.put("deviceSentAt", now.toString());
        String json;
        try {
            json = JSON.writeValueAsString(confirmation);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        asSubject(FIELD_OFFICER_SUBJECT, Roles.FIELD_OFFICER, COMMUNE)
                .multiPart(new MultiPartSpecBuilder(json).controlName("confirmation").mimeType("application/json")
                        .charset(StandardCharsets.UTF_8).build())
                .multiPart("photo", "door.jpg", TestImages.jpeg(320, 240, 88), "image/jpeg")
                .post("/api/v1/deliveries/" + delivery + "/confirmation").then().statusCode(201);
        ids.put("photoId", CycleFixture.queryText("select p.id::text from delivery_photo p join delivery_confirmation c "
                + "on c.id = p.confirmation_id where c.delivery_id = ?::uuid limit 1", delivery));
        ids.put("flagId", CycleFixture.queryText("select min(g.id)::text from delivery_flag g join delivery_confirmation c "
                + "on c.id = g.confirmation_id where c.delivery_id = ?::uuid", delivery));

        // a registration from the field, an import, a filed report, an audit entry of the province
        Map<String, Object> registration = new HashMap<>(RegistrationTest.registration(UUID.randomUUID(),
                RegistrationTest.freshId(), "8800000001"));
        Map<String, Object> person = new HashMap<>(castMap(registration.get("person")));
        person.put("communeCode", COMMUNE);
        registration.put("person", person);
        ids.put("registrations", asSubject(FIELD_OFFICER_SUBJECT, Roles.FIELD_OFFICER, COMMUNE).contentType(ContentType.JSON)
                .body(registration).post("/api/v1/registrations").then().statusCode(201).extract().jsonPath().getString("id"));
        secrets.add(ids.get("registrations"));
        String csv = "national_id,full_name,date_of_birth,sex,commune_code,address,phone,mobility,program,category_code,"
                + "variant,children_count,decision_number,decision_date,start_month\n";
        ids.put("imports", asSubject("commune-88", Roles.COMMUNE_OFFICER, COMMUNE).contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("fileName", "danh-sach.csv")
                .post("/api/v1/imports").then().extract().jsonPath().getString("id"));
        ids.put("snapshots", asSubject("province-88", Roles.PROVINCE_OFFICER, PROVINCE).contentType(ContentType.JSON)
                .body(Map.of("provinceCode", PROVINCE, "month", "2026-10")).post("/api/v1/reports/snapshots")
                .then().statusCode(201).extract().jsonPath().getString("id"));
        ids.put("seq", CycleFixture.queryText("select max(seq)::text from audit_entry where area_code in ('88', '88001')"));
        // a change waiting for its check, and an adjustment waiting for its approval, both made by someone else
        String change = UUID.randomUUID().toString();
        CycleFixture.sql("insert into change_request (id, kind, entity_type, entity_id, area_code, payload, summary, made_by) "
                + "values (?::uuid, 'REPRESENTATIVE', 'beneficiary', ?, ?, '{\"kind\":\"AUTHORIZED\",\"nationalId\":\"051190012345\","
                + "\"fullName\":\"Ma Thị Một\",\"relationship\":\"con\",\"validFrom\":\"2026-01-01\"}', '{}', 'another-officer')",
                change, atHome.toString(), COMMUNE);
        ids.put("change-requests", change);
        String adjustment = UUID.randomUUID().toString();
        CycleFixture.sql("insert into payment_adjustment (id, beneficiary_id, program, for_month, amount_vnd, reason, decision_ref, "
                + "requested_by, idempotency_key, request_sha256) values (?::uuid, ?, 'SOCIAL_ASSISTANCE', date '2026-08-01', "
                + "100000, 'x', 'x', 'another-officer', ?, 'x')", adjustment, atHome, adjustment);
        ids.put("adjustmentId", adjustment);
        ids.values().forEach(v -> assertThat(v).as("fixture ids " + ids).isNotNull());
        String otherCommune = CycleFixture.queryText(
                "select min(code) from area where level = 'COMMUNE' and path like '/01/%' and valid_to is null");
        return new Fixture(ids, secrets, otherCommune);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
