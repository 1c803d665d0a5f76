package vn.ansinh.payout.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.ChunkedBody;
import vn.ansinh.payout.testing.TestAreas;
import vn.ansinh.payout.testing.Tokens;

/**
 * Over HTTP, on the paths exactly as sent (a raw socket: no client normalises them): a path variant never gets
 * another route's body budget, and an upload spooled to disk is gone once its request ends, whatever the
 * outcome (imported, refused, the client gone mid-body). Test province 69.
 */
@QuarkusTest
class UploadSpoolTest {

    static final String ID = "0b7d3c2e-5f1a-4c8e-9d2b-7a6e5f4c3b2a";
    static final long TWO_MB = 2L * 1024 * 1024;
    static final String HEADER = "national_id,full_name,date_of_birth,sex,commune_code\n";

    @Inject
    BodyBudgets budgets;

    static String commune() {
        return "Bearer " + Tokens.forSubject("commune-69001", Roles.COMMUNE_OFFICER, "69001");
    }

    @Test
    void aPathVariantNeverGetsAnotherRoutesBudget() throws Exception {
        TestAreas.ensureProvince("69", 1);
        // resolved by the router to a JSON endpoint: the JSON budget, whatever upload route the path starts with
        for (String path : List.of("/api/v1/imports/../beneficiaries",
                "/api/v1/cycles/" + ID + "/reconciliations/../../../beneficiaries",
                "/api/v1/deliveries/" + ID + "/confirmation/../../../beneficiaries")) {
            ChunkedBody.Answer a = ChunkedBody.post(path, "application/json", commune(), "{\"fullName\":\"", (byte) 'a', TWO_MB);
            assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(413);
            JsonPath problem = new JsonPath(a.body());
            assertThat(problem.getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(problem.getString("setting")).isEqualTo("ansinh.http.max-body-size");
            assertThat(problem.getLong("limitBytes")).isEqualTo(1024L * 1024);
        }
        // a variant of an upload route: refused before a byte of its body is read or spooled
        for (String path : List.of("/api/v1/imports/", "/api/v1//imports", "/api/v1/%69mports", "/api/v1/imports;x=1",
                "/API/V1/IMPORTS", "/api/v1/cycles/" + ID + "/reconciliations/", "/api/v1/cycles/..%2F" + ID + "/reconciliations",
                "/api/v1/deliveries/" + ID + "/confirmation;a=b", "/api/v1/deliveries/..%2F..%2Fetc%2Fpasswd/confirmation")) {
            ChunkedBody.Answer a = ChunkedBody.post(path, "text/csv", commune(), HEADER, (byte) '\n', TWO_MB);
            assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(new JsonPath(a.body()).getString("code")).as(path).isEqualTo("MALFORMED_REQUEST");
        }
        assertSpoolEmpty();
    }

    @Test
    void anImportsUploadIsDeletedWhateverTheOutcome() throws Exception {
        TestAreas.ensureProvince("69", 1);
        Path stray = budgets.spoolDirectory().resolve("left-by-a-lost-request.tmp");
        Files.createDirectories(budgets.spoolDirectory());
        Files.writeString(stray, "a file no request holds");
        // imported (a list of its header only)
        ChunkedBody.Answer ok = ChunkedBody.post("/api/v1/imports", "text/csv", commune(), HEADER, (byte) '\n', 1024);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertSpoolEmpty(); // the stray file too: swept once no upload was in flight
        assertThat(stray).doesNotExist();
        // refused while reading (a line over its budget): 422 naming it
        ChunkedBody.Answer refused = ChunkedBody.post("/api/v1/imports", "text/csv", commune(), HEADER + "\"", (byte) 'x',
                TWO_MB);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(new JsonPath(refused.body()).getString("setting")).isEqualTo("ansinh.imports.max-line-length");
        assertSpoolEmpty();
        // the client gone mid-body, an import and a confirmation's photo
        byte[] list = (HEADER + "1,".repeat(500_000)).getBytes(StandardCharsets.UTF_8);
        ChunkedBody.abort("/api/v1/imports", "text/csv", commune(), list);
        assertSpoolEmpty();
        String boundary = "spool-test-69";
        byte[] form = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n" + "j".repeat(1_000_000)).getBytes(StandardCharsets.ISO_8859_1);
        ChunkedBody.abort("/api/v1/deliveries/" + ID + "/confirmation", "multipart/form-data; boundary=" + boundary,
                "Bearer " + Tokens.forSubject("field-69001", Roles.FIELD_OFFICER, "69001"), form);
        assertSpoolEmpty();
    }

    /** No spooling request left, every byte of spool given back, and nothing in the directory. */
    private void assertSpoolEmpty() throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && (budgets.uploadsInFlight() > 0 || budgets.spoolAvailable() != budgets.spoolSize()
                || files() > 0)) {
            Thread.sleep(50);
        }
        assertThat(budgets.uploadsInFlight()).as("spooling requests in flight").isZero();
        assertThat(budgets.spoolAvailable()).as("spool given back").isEqualTo(budgets.spoolSize());
        assertThat(files()).as("files left in the spool directory").isZero();
    }

    private long files() throws Exception {
        if (!Files.isDirectory(budgets.spoolDirectory())) {
            return 0;
        }
        try (Stream<Path> left = Files.list(budgets.spoolDirectory())) {
            return left.filter(Files::isRegularFile).count();
        }
    }
}
