package vn.ansinh.payout.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.Tokens;

/**
 * The web apps are served from their own origins, so the browser asks before each call (a preflight:
 * the calls send JSON and a bearer token) and lets the page read the answer only if the service allows
 * that origin. A real browser (Debian's headless Chromium) loads a page from an allowed origin and from
 * one that is not on the list; each page calls the public lookup and, with a token, a protected list,
 * shows what it could read, and posts what it shows back to the server that served it.
 */
@QuarkusTest
class CorsBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("ansinh.test.chromium", "/usr/bin/chromium"));

    @TestHTTPResource("/")
    java.net.URL service;


    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAllowedOriginReadsBothAnswersAndAnotherOriginIsRefusedByTheBrowser() throws Exception {
        boolean required = "true".equals(System.getenv("ANSINH_REQUIRE_BROWSER"));
        if (!Files.isExecutable(CHROMIUM)) {
            assertThat(required).as("Chromium is required here (ANSINH_REQUIRE_BROWSER) but " + CHROMIUM + " is missing").isFalse();
            Assumptions.abort("no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        }
        String api = service.toString().replaceAll("/$", "");

        JsonNode allowed = shownBy("localhost", 0, api);
        assertThat(allowed.path("lookup").asText()).as("the public lookup's answer, read by the page")
                .startsWith("404 ").contains("\"code\":\"NOT_FOUND\"");
        assertThat(allowed.path("lookupRequestId").asText()).as("an exposed header").isNotBlank();
        assertThat(allowed.path("areas").asText()).as("a protected list, read with a bearer token")
                .startsWith("200 ").contains("\"items\"");

        JsonNode refused = shownBy("127.0.0.1", 0, api);
        assertThat(refused.path("lookup").asText()).startsWith("BLOCKED");
        assertThat(refused.path("areas").asText()).startsWith("BLOCKED");
    }

    /**
     * What the browser asks before a web app's update (PUT with If-Match and a token): the answer allows the
     * method and headers, exposes what the apps read, and never invites cookies.
     */
    @Test
    void thePreflightOfAnUpdateAllowsItsHeadersAndExposesWhatTheAppsRead() {
        io.restassured.response.Response preflight = io.restassured.RestAssured.given()
                .header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match,idempotency-key")
                .options("/api/v1/beneficiaries/" + java.util.UUID.randomUUID());
        preflight.then().statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:5173");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization", "content-type", "if-match", "idempotency-key");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNotEqualTo("true");
        assertThat(preflight.header("Vary")).contains("Origin");

        io.restassured.response.Response answer = io.restassured.RestAssured.given().header("Origin", "http://localhost:5173")
                .get("/api/v1/payment-points?commune=21211");
        answer.then().header("Access-Control-Allow-Origin", "http://localhost:5173");
        assertThat(answer.header("Access-Control-Expose-Headers")).contains("ETag", "Location", "Retry-After", "X-Request-Id",
                "X-Checksum-SHA256");
        assertThat(answer.header("Vary")).contains("Origin");

        io.restassured.RestAssured.given().header("Origin", "http://127.0.0.1:5173").header("Access-Control-Request-Method", "PUT")
                .options("/api/v1/beneficiaries/" + java.util.UUID.randomUUID())
                .then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    /** Serves the page from http://host:port (any free port), opens it in Chromium, returns what the page showed. */
    private JsonNode shownBy(String host, int port, String api) throws Exception {
        CompletableFuture<String> report = new CompletableFuture<>();
        HttpServer origin = HttpServer.create(new InetSocketAddress(host, port), 0);
        String token = Tokens.forSubject("cors-officer", Roles.PROVINCE_OFFICER, "51");
        origin.createContext("/", exchange -> {
            if ("POST".equals(exchange.getRequestMethod())) {
                report.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] page = page(api, token).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
            exchange.close();
        });
        origin.start();
        Path profile = Files.createTempDirectory("chromium-profile");
        Process browser = null;
        try {
            String url = "http://" + host + ":" + origin.getAddress().getPort() + "/";
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile, url));
            browser = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return json.readTree(report.get(90, TimeUnit.SECONDS));
        } finally {
            if (browser != null) {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            origin.stop(0);
            deleteQuietly(profile);
        }
    }

    /** The page: two calls, their answers shown in the page, then what the page shows sent home. */
    private static String page(String api, String token) {
        return """
                <!doctype html>
                <html lang="vi"><head><meta charset="utf-8"><title>An Sinh</title></head>
                <body>
                <p>Tra cứu: <span id="lookup">…</span> <span id="lookupRequestId"></span></p>
                <p>Danh sách: <span id="areas">…</span></p>
                <script>
                const api = "%s";
                async function call(id, url, init, headerId) {
                  const shown = document.getElementById(id);
                  try {
                    const r = await fetch(url, init);
                    shown.textContent = r.status + " " + await r.text();
                    if (headerId) {
                      document.getElementById(headerId).textContent = r.headers.get("X-Request-Id") || "";
                    }
                  } catch (e) {
                    shown.textContent = "BLOCKED " + e;
                  }
                }
                (async () => {
                  await call("lookup", api + "/api/v1/public/payment-status", {
                    method: "POST",
                    headers: { "Content-Type": "application/json", "Accept": "application/json" },
                    body: JSON.stringify({ nationalId: "051050999998", dateOfBirth: "1950-01-01" })
                  }, "lookupRequestId");
                  await call("areas", api + "/api/v1/areas?parent=51&size=2", {
                    headers: { "Authorization": "Bearer %s", "Accept": "application/json" }
                  });
                  const shown = {};
                  for (const id of ["lookup", "lookupRequestId", "areas"]) {
                    shown[id] = document.getElementById(id).textContent;
                  }
                  await fetch("/report", { method: "POST", body: JSON.stringify(shown) });
                })();
                </script>
                </body></html>
                """.formatted(api, token);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
