package vn.ansinh.payout.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.testing.TestEnvironment;
import vn.ansinh.payout.testing.Tokens;

/**
 * Hostile input: for every operation of the OpenAPI document, malformed requests made from its own
 * description, sent with a token holding every role in the areas involved (so that they reach the
 * parsing and validation, not the role check): wrong content types, broken and truncated JSON, invalid
 * UTF-8, deep nesting, huge strings and numbers, every typed field of the body given a value of another
 * type, path parameters with traversal, NUL, SQL and overlong values, query parameters of wrong types,
 * SQL and script fragments, truncated and mislabelled multipart bodies. Every answer must be below 500,
 * every refusal a problem detail, no request to change anything may be accepted, and the database must
 * be unchanged afterwards: row count and a checksum of every table, before and after.
 *
 * <p>The quick variant (CI) sends every generated case once. The long variant adds random
 * combinations: {@code ./mvnw test -Dtest=HostileInputTest -Dhostile.random=20000 -Dhostile.seed=7}.
 */
@QuarkusTest
class HostileInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LONG = "A".repeat(20_000);
    static final List<String> PATH_VALUES = List.of("..%2F..%2F..%2Fetc%2Fpasswd", "..", "%00", "%C3%28",
            "'%20or%201=1--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "-1", "99999999999999999999999", "A".repeat(3000),
            UUID.randomUUID().toString());
    static final List<String> QUERY_VALUES = List.of("", "-1", "1e309", "99999999999999999999999", "2026-13",
            "'; drop table beneficiary;--", "<script>alert(1)</script>", "null", "[]", "{\"a\":1}", "../../etc/passwd",
            "\u0000", "A".repeat(5000), "Nguyễn' OR '1'='1");
    static final Set<String> MUTATING = Set.of("post", "put", "delete", "patch");
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URL base;

    record Body(String type, byte[] bytes) {
    }

    record Case(String operation, String method, String path, Map<String, String> query, String contentType, byte[] body) {
    }

    @Test
    void malformedRequestsToEveryOperationAreRefusedCleanlyAndChangeNothing() throws Exception {
        JsonNode doc = JSON.readTree(Path.of("openapi", "openapi.json").toFile());
        List<Case> cases = cases(doc);
        long random = Long.getLong("hostile.random", 0);
        if (random > 0) {
            cases.addAll(randomCases(cases, random, new Random(Long.getLong("hostile.seed", 1))));
        }
        Map<String, String> before = database();
        long auditBefore = auditEntries();
        String actor = "hostile-" + UUID.randomUUID();
        String token = Tokens.sign(Tokens.claims(actor, Set.copyOf(Roles.ALL), List.of("51", "21211"))
                .issuedAt(Tokens.verifierNow()).expiresAt(Tokens.verifierNow().plusSeconds(3000)));
        List<String> violations = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Case previous = null;
        for (Case c : cases) {
            HttpResponse<byte[]> r;
            try {
                r = send(c, token);
            } catch (java.io.IOException e) {
                throw new AssertionError("no answer to " + c.method() + " " + c.path() + " " + c.query().keySet() + " "
                        + c.contentType() + " " + preview(c.body()) + ", after " + previous, e);
            }
            previous = c;
            int status = r.statusCode();
            String contentType = r.headers().firstValue("Content-Type").orElse("");
            statuses.merge(status, 1, Integer::sum);
            String where = c.operation() + " " + c.path() + " " + c.query().keySet() + " " + c.contentType() + " "
                    + preview(c.body());
            if (status >= 500) {
                violations.add(status + " " + where + " -> " + preview(r.body()));
            } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
                violations.add("not a problem detail (" + contentType + ") " + status + " " + where);
            } else if (status < 300 && MUTATING.contains(c.method()) && !c.path().equals("/api/v1/public/payment-status")) {
                violations.add("accepted: " + status + " " + where);
            }
        }
        System.out.printf("hostile input: %d requests, statuses %s, %d violations%n", cases.size(), statuses, violations.size());
        assertThat(violations).as("%d requests, statuses %s", cases.size(), statuses).isEmpty();
        assertThat(cases.size()).isGreaterThan(2000);
        assertThat(database()).as("the database after the hostile requests").isEqualTo(before);
        // the audit trail may only have gained records of reads that succeeded (an export of the
        // caller's own account list is a legitimate, audited read whatever else the query held)
        assertThat(readsOnly(actor)).as("audit entries written by the hostile requests").isEqualTo(auditEntries() - auditBefore);
    }

    static long auditEntries() throws Exception {
        return count("select count(*) from audit_entry");
    }

    static long readsOnly(String actor) throws Exception {
        return count("select count(*) from audit_entry where actor_sub = '" + actor + "' and action in "
                + "('ACCOUNT_LIST_EXPORTED', 'DISBURSEMENT_FILE_READ', 'EVIDENCE_READ')");
    }

    static long count(String query) throws Exception {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ the defects it found, one by one

    /** Was a 500: PostgreSQL refuses NUL in text (SQLSTATE 22021). Refused at the edge now. */
    @Test
    void aNulInAQueryValueIsABadRequest() throws Exception {
        HttpResponse<byte[]> r = send(new Case("GET", "get", "/api/v1/beneficiaries", Map.of("q", "a\u0000b"), null, null),
                Tokens.of(Roles.COMMUNE_OFFICER, "21211"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    /**
     * A NUL inside a JSON string is refused as that field's error when the body is read, before
     * anything reaches the database (which would refuse it with no field named).
     */
    @Test
    void aNulInAJsonStringIsAFieldError() throws Exception {
        long before = count("select count(*) from payment_point");
        HttpResponse<byte[]> r = send(new Case("POST", "post", "/api/v1/payment-points", Map.of(), "application/json",
                bytes("{\"communeCode\":\"21211\",\"name\":\"Nh\\u0000\",\"address\":\"Th\u00f4n 1\","
                        + "\"openingHours\":\"7:30-11:00\",\"firstDay\":5,\"lastDay\":7}")),
                Tokens.of(Roles.COMMUNE_OFFICER, "21211"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"field\":\"name\"");
        assertThat(count("select count(*) from payment_point")).isEqualTo(before);
    }

    /** Was a 500 (an IOException while the body was read): a multipart body cut short. */
    @Test
    void aTruncatedMultipartBodyIsABadRequest() throws Exception {
        String b = "----cut";
        HttpResponse<byte[]> r = send(new Case("POST", "post", "/api/v1/deliveries/" + UUID.randomUUID() + "/confirmation",
                Map.of(), "multipart/form-data; boundary=" + b, bytes("--" + b + "\r\nContent-Disposition: form-data; "
                        + "name=\"confirmation\"\r\nContent-Type: application/json\r\n\r\n{\"confirmationId\":")),
                Tokens.of(Roles.FIELD_OFFICER, "21211"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    /** Was a 500 (the long variant's find: a MalformedMessageException): a part header that is not a header. */
    @Test
    void aMultipartPartWithAMalformedHeaderIsABadRequest() throws Exception {
        String b = "----bad";
        byte[] body = bytes("--" + b + "\r\nContent-Disposition$ form-data;\u00ffname=\"confirmation\"\r\n"
                + "Content-Type: application/json\r\n\r\n{}\r\n--" + b + "--\r\n");
        HttpResponse<byte[]> r = send(new Case("POST", "post", "/api/v1/deliveries/" + UUID.randomUUID() + "/confirmation",
                Map.of(), "multipart/form-data; boundary=" + b, body), Tokens.of(Roles.FIELD_OFFICER, "21211"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    /** Sent as raw bytes with the JDK's client: a test client would "fix" the content types and encodings. */
    private HttpResponse<byte[]> send(Case c, String token) throws Exception {
        StringBuilder uri = new StringBuilder(base.toString().replaceAll("/$", "")).append(c.path());
        String sep = "?";
        for (Map.Entry<String, String> q : c.query().entrySet()) {
            uri.append(sep).append(q.getKey()).append('=').append(encode(q.getValue()));
            sep = "&";
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "*/*");
        if (c.contentType() != null) {
            r.header("Content-Type", c.contentType());
        }
        r.method(c.method().toUpperCase(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ------------------------------------------------------------------ the cases

    static List<Case> cases(JsonNode doc) throws Exception {
        List<Case> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> o = ops.next();
                String method = o.getKey();
                if (!List.of("get", "post", "put", "delete", "patch").contains(method)) {
                    continue;
                }
                String name = method.toUpperCase() + " " + p.getKey();
                String path = fill(p.getKey(), null);
                List<String> query = new ArrayList<>();
                o.getValue().path("parameters").forEach(prm -> {
                    if ("query".equals(prm.path("in").asText())) {
                        query.add(prm.path("name").asText());
                    }
                });
                JsonNode content = o.getValue().path("requestBody").path("content");
                String type = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                byte[] valid = type == null ? null : "{}".getBytes(StandardCharsets.UTF_8);
                // path parameters, one at a time
                if (p.getKey().contains("{")) {
                    for (String v : PATH_VALUES) {
                        out.add(new Case(name, method, fill(p.getKey(), v), Map.of(), type, valid));
                    }
                }
                // query parameters, one at a time
                for (String q : query) {
                    for (String v : QUERY_VALUES) {
                        out.add(new Case(name, method, path, Map.of(q, v), type, valid));
                    }
                }
                if (type == null) {
                    // a body where none belongs
                    if (MUTATING.contains(method)) {
                        out.add(new Case(name, method, path, Map.of(), "application/json", "{\"x\":".getBytes(StandardCharsets.UTF_8)));
                    }
                    continue;
                }
                for (Body b : bodies(type, schema(doc, content.path(type).path("schema")))) {
                    out.add(new Case(name, method, path, Map.of(), b.type(), b.bytes()));
                }
            }
        }
        return out;
    }

    /** Malformed bodies for a declared content type, each with the content type it is sent as. */
    static List<Body> bodies(String type, JsonNode schema) throws Exception {
        List<Body> out = new ArrayList<>();
        // wrong content types
        out.add(new Body("text/plain", bytes("hello")));
        out.add(new Body("application/xml", bytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")));
        out.add(new Body("application/x-www-form-urlencoded", bytes("a=1&b=2")));
        if (type.equals("application/json")) {
            for (String broken : List.of("", "{", "{\"a\":", "}", "[]", "\"x\"", "123", "null", "true", "{\"a\":1,}",
                    "{'a':1}", "{\"a\":1}{\"b\":2}", "[".repeat(20_000) + "]".repeat(20_000), "{\"a\":".repeat(5000) + "1"
                            + "}".repeat(5000), "{\"n\":1e999999}", "{\"n\":-99999999999999999999999999999999}",
                    "{\"s\":\"" + LONG + "\"}", "{\"s\":\"" + "x".repeat(1_100_000) + "\"}")) {
                out.add(new Body("application/json", bytes(broken)));
            }
            out.add(new Body("application/json", new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }));
            out.add(new Body("application/json", new byte[] { (byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0 }));
            // the schema's own fields, each given a value of another type (the others left out), and fragments
            if (schema != null) {
                for (Iterator<Map.Entry<String, JsonNode>> f = schema.path("properties").fields(); f.hasNext();) {
                    Map.Entry<String, JsonNode> field = f.next();
                    for (Object wrong : wrongValues(field.getValue())) {
                        ObjectNode body = JSON.createObjectNode();
                        body.set(field.getKey(), JSON.valueToTree(wrong));
                        out.add(new Body("application/json", JSON.writeValueAsBytes(body)));
                    }
                }
                ObjectNode fragments = JSON.createObjectNode();
                schema.path("properties").fieldNames().forEachRemaining(k -> fragments.put(k, "'; drop table beneficiary;--<script>\u0000"));
                out.add(new Body("application/json", JSON.writeValueAsBytes(fragments)));
            }
        } else if (type.equals("multipart/form-data")) {
            String b = "----hostile";
            out.add(new Body("multipart/form-data; boundary=" + b, bytes("--" + b + "\r\nContent-Disposition: form-data; name=\"confirmation\"\r\n"
                    + "Content-Type: application/json\r\n\r\n{\"confirmationId\":")));
            out.add(new Body("multipart/form-data; boundary=" + b, bytes("--" + b + "\r\nContent-Disposition: form-data; "
                    + "name=\"photo\"; filename=\"../../../etc/passwd\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\r\n--" + b + "--\r\n")));
            out.add(new Body("multipart/form-data", bytes("no boundary at all")));
            out.add(new Body("multipart/form-data; boundary=other", bytes("--" + b + "\r\n\r\n--" + b + "--")));
            out.add(new Body("multipart/form-data; boundary=" + b, bytes("--" + b + "\r\nContent-Disposition: form-data; "
                    + "name=\"confirmation\"\r\nContent-Type: application/json\r\n\r\n" + "[".repeat(20_000) + "\r\n--" + b + "--\r\n")));
        } else {
            // files (CSV, spreadsheets): garbage, invalid UTF-8, a zip that is not a workbook, formula injection
            out.add(new Body(type, new byte[] { (byte) 0xC3, (byte) 0x28, 0, 1, 2, (byte) 0xFF }));
            out.add(new Body(type, bytes("=cmd|' /C calc'!A0,@SUM(1+1),\"unterminated\n")));
            out.add(new Body(type, new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 }));
            out.add(new Body(type, bytes(LONG + "\n" + LONG)));
        }
        return out;
    }

    static List<Object> wrongValues(JsonNode field) {
        String t = field.path("type").asText("");
        if (field.has("$ref")) {
            return List.of("x", 12345, List.of(1));
        }
        return switch (t) {
            case "string" -> List.of(Map.of("a", 1), List.of("x"), LONG + LONG, "nul\u0000inside");
            case "integer", "number" -> List.of("abc", Map.of("a", 1), "1e400", List.of(1));
            case "boolean" -> List.of(Map.of("a", 1), "maybe");
            case "array" -> List.of(Map.of("a", 1), "x", 7);
            case "object" -> List.of("x", 7, List.of(1));
            default -> List.of(Map.of("a", Map.of("b", List.of())));
        };
    }

    static List<Case> randomCases(List<Case> base, long count, Random random) {
        List<Case> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            Case c = base.get(random.nextInt(base.size()));
            byte[] body = c.body() == null ? null : c.body().clone();
            if (body != null && body.length > 0) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
            }
            out.add(new Case(c.operation(), c.method(), c.path(), c.query(), c.contentType(), body));
        }
        return out;
    }

    static JsonNode schema(JsonNode doc, JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replaceFirst("^#/components/schemas/", "");
            return doc.path("components").path("schemas").path(name);
        }
        return schema;
    }

    static String fill(String template, String value) {
        return template.replaceAll("\\{[^}]+}", value == null ? UUID.randomUUID().toString() : value);
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String preview(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        String s = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8);
        return s.replaceAll("\\s+", " ") + (bytes.length > 120 ? "…(" + bytes.length + " bytes)" : "");
    }

    // ------------------------------------------------------------------ the database, before and after

    /** Every table of the schema but the audit trail (checked apart): its row count and a checksum of its rows. */
    static Map<String, String> database() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select tablename from pg_tables where schemaname = 'public' and tablename <> 'audit_entry' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) || ' ' || coalesce(md5(string_agg(md5(x::text), '' order by "
                        + "md5(x::text))), '-') from \"" + t + "\" x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }
}
