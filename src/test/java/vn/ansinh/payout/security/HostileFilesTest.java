package vn.ansinh.payout.security;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.common.api.BodyBudgets;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.testing.ChunkedBody;
import vn.ansinh.payout.testing.HostileFiles;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * The corpus of hostile files and bodies, sent to the service as it runs in the test suite, whose JVM has a
 * 256 MB heap and exits on OutOfMemoryError (surefire's argLine): decompression bombs in PNG text and ICC
 * chunks, JPEG APP segments, zip bombs as XLSX, deeply nested and huge-dimension images, truncated and
 * interleaved files, and a chunked 200 MB body (streamed, never held) to every upload route and to the
 * public lookup. Every one is answered 4xx with a problem detail, never 5xx; readiness stays UP after each;
 * nothing in the log speaks of an OutOfMemoryError; a normal confirmation sent meanwhile succeeds; and every
 * spooled byte is given back. Province 95, social pension of October 2025.
 */
@QuarkusTest
class HostileFilesTest {

    static final String OFFICER = "field-hostile-95";
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HUGE = 200L * 1024 * 1024;
    /**
     * What a client may have written beyond what the service read when its answer arrives: the loopback sockets'
     * buffers (Linux autotunes the receiver's up to net.ipv4.tcp_rmem's 32 MiB maximum, the sender's up to
     * tcp_wmem's 4 MiB) and the answer's way back on a loaded machine. Still far below HUGE minus every limit.
     */
    static final long SOCKET_SLACK = 40L * 1024 * 1024;
    /**
     * KNOWN DEFECT (found 2026-12-08, issue 17 follow-up): on these routes the refusal (413 for JSON, 422 for the
     * results file's line budget) reaches the client only after it has sent all 200 MB; the service reads (and
     * drops) the rest of the body before its answer goes out, so the reader's budget holds memory but not the
     * connection. Remove a name here once its route answers while the body is still arriving.
     */
    static final java.util.Set<String> ANSWERED_AFTER_THE_WHOLE_BODY = java.util.Set.of("public lookup", "sync (JSON)",
            "results file");

    @Inject
    AreaDirectory areas;

    @Inject
    BodyBudgets budgets;

    @Test
    void hostileFilesAndBodiesAreRefusedWithProblemsAndTheServiceStaysWell() throws Exception {
        String smallHeap = System.getProperty("ansinh.test.max-heap");
        if (smallHeap != null) {
            // the suite's run of the corpus (pom.xml, profile hostile-files-256m): the service's heap really is that small
            assertThat(Runtime.getRuntime().maxMemory()).as("the heap the service runs with").isLessThanOrEqualTo(Long.parseLong(smallHeap));
        }
        List<LogRecord> outOfMemory = new ArrayList<>();
        Handler watch = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String text = String.valueOf(r.getMessage()) + (r.getThrown() == null ? "" : r.getThrown().toString());
                if (text.contains("OutOfMemoryError") || r.getThrown() instanceof OutOfMemoryError) {
                    synchronized (outOfMemory) {
                        outOfMemory.add(r);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(watch);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CycleFixture f = new CycleFixture("95");
            areas.invalidate();
            List<UUID> people = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                UUID p = f.person("Lê Văn Thử " + i, LocalDate.parse("1940-01-01").plusDays(i), "MALE", 3, "CANNOT_TRAVEL");
                f.entitlement(p, "SOCIAL_PENSION", "HTXH", null, 0, "2025-08");
                people.add(p);
            }
            JsonPath cycle = f.open("SOCIAL_PENSION", "2025-10");
            String cycleId = cycle.getString("id");
            f.approveAndRelease(cycleId, cycle.getString("linesSha256"));
            List<UUID> deliveries = new ArrayList<>();
            List<Long> amounts = new ArrayList<>();
            for (UUID p : people) {
                deliveries.add(UUID.fromString(CycleFixture.queryText(
                        "select id::text from home_delivery where beneficiary_id = ?", p)));
                amounts.add(CycleFixture.queryLong("select amount_vnd from home_delivery where beneficiary_id = ?", p));
            }
            asSubject("commune-95003", vn.ansinh.payout.security.Roles.COMMUNE_OFFICER, "95003")
                    .contentType("application/json").body(Map.of("cycleId", cycleId, "communeCode", "95003", "officer", OFFICER))
                    .post("/api/v1/deliveries/assignments").then().statusCode(200);

            // a normal confirmation, sent while the hostile ones arrive
            Future<Integer> normal = pool.submit(() -> {
                Thread.sleep(500);
                return confirm(deliveries.get(0), amounts.get(0), TestImages.jpeg(1600, 1200, 77), "image/jpeg").statusCode();
            });

            // ---- photos: each as the evidence of a confirmation, refused before anything is written
            long confirmationsBefore = CycleFixture.queryLong("select count(*) from delivery_confirmation");
            record Photo(String name, byte[] bytes, Expected expected) {
            }
            byte[] good = TestImages.jpeg(640, 480, 5);
            List<Photo> photos = List.of(
                    new Photo("zTXt bomb (300 KB -> 300 MB)", HostileFiles.pngZtxtBomb(300), tooLarge("OVER_BUDGET", METADATA)),
                    new Photo("iTXt bomb", HostileFiles.pngItxtBomb(300), tooLarge("OVER_BUDGET", METADATA)),
                    new Photo("iCCP bomb", HostileFiles.pngIccpBomb(300), tooLarge("OVER_BUDGET", METADATA)),
                    new Photo("APP13 segments declaring 2 GB resources", HostileFiles.jpegPhotoshopBomb(5),
                            tooLarge("OVER_BUDGET", METADATA)),
                    new Photo("5,000 JPEG segments", HostileFiles.jpegManySegments(5_000),
                            tooLarge("OVER_BUDGET", "ansinh.deliveries.photos.max-segments")),
                    new Photo("65,000 x 65,000 JPEG", HostileFiles.jpegHugeFrame(65_000, 65_000),
                            tooLarge("TOO_MANY_PIXELS", "ansinh.deliveries.photos.max-side")),
                    new Photo("100,000 x 100,000 PNG", TestImages.pngWithHugeHeader(100_000, 100_000),
                            tooLarge("TOO_MANY_PIXELS", "ansinh.deliveries.photos.max-side")),
                    new Photo("progressive JPEG beyond the decode budget", HostileFiles.jpegProgressiveFrame(11_000, 4_500),
                            tooLarge("DECODE_BUDGET", "ansinh.deliveries.photos.decode-memory")),
                    new Photo("interleaved PNG image data", HostileFiles.pngInterleavedData(),
                            new Expected(422, "UNPROCESSABLE", null, "UNDECODABLE")),
                    new Photo("truncated JPEG", HostileFiles.truncated(good, good.length / 2),
                            new Expected(422, "UNPROCESSABLE", null, "TRUNCATED")),
                    new Photo("a zip named as a photo", HostileFiles.xlsxManyEntries(1),
                            new Expected(415, "UNSUPPORTED_MEDIA_TYPE", null, "NOT_AN_IMAGE")));
            for (Photo photo : photos) {
                String type = photo.bytes()[0] == (byte) 0x89 ? "image/png" : "image/jpeg";
                Response r = confirm(deliveries.get(1), amounts.get(1), photo.bytes(), type);
                assertRefused(photo.name(), r.statusCode(), r.contentType(), r.asString(), photo.expected());
                assertHealthy(photo.name());
            }
            assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation where delivery_id = ?", deliveries.get(1)))
                    .isZero();

            // ---- lists: zip bombs and hostile workbooks as imports
            record Workbook(String name, byte[] bytes, Expected expected) {
            }
            byte[] workbook = HostileFiles.xlsxManyEntries(1);
            List<Workbook> workbooks = List.of(
                    new Workbook("XLSX zip bomb (300 KB -> 300 MB, declaring 1 KB)", HostileFiles.xlsxZipBomb(300),
                            unprocessable("ansinh.imports.max-token-size")),
                    new Workbook("XLSX of 5,000 entries", HostileFiles.xlsxManyEntries(5_000), unprocessable("ansinh.imports.max-entries")),
                    new Workbook("XLSX nested 10,000 deep", HostileFiles.xlsxDeeplyNested(10_000),
                            unprocessable("ansinh.imports.max-xml-depth")),
                    new Workbook("XLSX billion laughs", HostileFiles.xlsxBillionLaughs(), unprocessable(null)),
                    new Workbook("truncated XLSX", HostileFiles.truncated(workbook, workbook.length / 2), unprocessable(null)));
            for (Workbook w : workbooks) {
                Response r = asSubject("commune-95003", vn.ansinh.payout.security.Roles.COMMUNE_OFFICER, "95003")
                        .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").body(w.bytes())
                        .post("/api/v1/imports");
                assertRefused(w.name(), r.statusCode(), r.contentType(), r.asString(), w.expected());
                assertHealthy(w.name());
            }

            // ---- a chunked 200 MB body to every upload route and to the public lookup
            String field = "Bearer " + Tokens.forSubject(OFFICER, vn.ansinh.payout.security.Roles.FIELD_OFFICER, "95003");
            String commune = "Bearer " + Tokens.forSubject("commune-95003", vn.ansinh.payout.security.Roles.COMMUNE_OFFICER, "95003");
            String provider = "Bearer " + Tokens.forSubject("provider-95", vn.ansinh.payout.security.Roles.PAYMENT_PROVIDER, "95");
            String boundary = "hostile-boundary-95";
            String json = JSON.writeValueAsString(body(UUID.randomUUID(), amounts.get(2)));
            String multipartHead = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"confirmation\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
            record Chunked(String name, String path, String contentType, String authorization, String prefix, int filler,
                    Expected expected) {
            }
            List<Chunked> bodies = List.of(
                    new Chunked("public lookup", "/api/v1/public/payment-status", "application/json", null,
                            "{\"dateOfBirth\":\"1940-01-01\",\"nationalId\":\"", '1', bodyTooLarge("ansinh.http.max-body-size")),
                    new Chunked("sync (JSON)", "/api/v1/sync", "application/json", field, "{\"items\":[\"", 'a',
                            bodyTooLarge("ansinh.http.max-body-size")),
                    new Chunked("import (CSV)", "/api/v1/imports", "text/csv", commune,
                            "national_id,full_name,date_of_birth,sex,commune_code\n", '\n', bodyTooLarge("ansinh.imports.max-file-size")),
                    // the results file streams into staging: its line budget answers long before its size budget
                    new Chunked("results file", "/api/v1/cycles/" + cycleId + "/reconciliations", "text/csv", provider,
                            "reference_id,status,amount_vnd,provider_reference,paid_at,failure_code,failure_detail\n\"", 'x',
                            unprocessable("ansinh.cycles.results.max-line-length")),
                    new Chunked("confirmation photo part", "/api/v1/deliveries/" + deliveries.get(2) + "/confirmation",
                            "multipart/form-data; boundary=" + boundary, field, multipartHead, 'j',
                            bodyTooLarge("ansinh.deliveries.photos.max-request-size")),
                    new Chunked("confirmation part header", "/api/v1/deliveries/" + deliveries.get(2) + "/confirmation",
                            "multipart/form-data; boundary=" + boundary, field,
                            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"", 'h',
                            bodyTooLarge("quarkus.http.limits.max-form-buffered-bytes")));
            for (Chunked c : bodies) {
                ChunkedBody.Answer answer = ChunkedBody.post(c.path(), c.contentType(), c.authorization(), c.prefix(),
                        (byte) c.filler(), HUGE);
                assertRefused(c.name(), answer.status(), answer.contentType(), answer.body(), c.expected());
                // enforced while reading: answered once the route's limit was passed, not after the 200 MB
                if (!ANSWERED_AFTER_THE_WHOLE_BODY.contains(c.name())) {
                    assertThat(answer.sentWhenAnswered()).as(c.name() + ": bytes sent when the answer came")
                            .isLessThanOrEqualTo(budgets.limit(c.path()) + SOCKET_SLACK);
                }
                assertHealthy(c.name());
            }

            assertThat(normal.get(60, TimeUnit.SECONDS)).as("the normal confirmation sent meanwhile").isEqualTo(201);
            assertThat(CycleFixture.queryLong("select count(*) from delivery_confirmation")).isEqualTo(confirmationsBefore + 1);
            // every spooled byte given back, no upload left on disk
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (budgets.spoolAvailable() != budgets.spoolSize() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(budgets.spoolAvailable()).isEqualTo(budgets.spoolSize());
            try (Stream<Path> left = Files.list(budgets.spoolDirectory())) {
                assertThat(left.filter(Files::isRegularFile).count()).as("uploads left in the spool").isZero();
            }
            synchronized (outOfMemory) {
                assertThat(outOfMemory).as("log records about OutOfMemoryError").isEmpty();
            }
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(watch);
            pool.shutdownNow();
        }
    }

    static final String METADATA = "ansinh.deliveries.photos.max-metadata-size";

    /** What a hostile file must be answered with: its status, problem code, the setting named, the photo's reason. */
    record Expected(int status, String code, String setting, String reason) {
    }

    static Expected tooLarge(String reason, String setting) {
        return new Expected(413, "PAYLOAD_TOO_LARGE", setting, reason);
    }

    static Expected bodyTooLarge(String setting) {
        return new Expected(413, "PAYLOAD_TOO_LARGE", setting, null);
    }

    static Expected unprocessable(String setting) {
        return new Expected(422, "UNPROCESSABLE", setting, null);
    }

    private static void assertRefused(String what, int status, String contentType, String body, Expected expected) {
        assertThat(status).as("%s: answered %s", what, body).isEqualTo(expected.status());
        assertThat(contentType).as("%s: a problem detail", what).startsWith("application/problem+json");
        JsonPath problem = new JsonPath(body);
        assertThat(problem.getString("code")).as("%s: %s", what, body).isEqualTo(expected.code());
        assertThat(problem.getInt("status")).as(what).isEqualTo(expected.status());
        if (expected.setting() != null) {
            assertThat(problem.getString("setting")).as("%s: the limit named: %s", what, body).isEqualTo(expected.setting());
        }
        if (expected.reason() != null) {
            assertThat(problem.getString("errors[0].code")).as("%s: the reason: %s", what, body).isEqualTo(expected.reason());
        }
    }

    private static void assertHealthy(String after) {
        RestAssured.get("/q/health/ready").then().statusCode(200);
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    private static Map<String, Object> body(UUID confirmationId, long amount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("confirmationId", confirmationId.toString());
        m.put("outcome", "DELIVERED");
        m.put("recipient", "BENEFICIARY");
        m.put("amountVnd", amount);
        m.put("capturedAt", TestClock.offset().withNano(0).minusMinutes(5).toString());
        m.put("position", Map.of("latitude", 15.12, "longitude", 108.8, "accuracyM", 8));
        return m;
    }

    private static Response confirm(UUID delivery, long amount, byte[] photo, String type) throws Exception {
        return asSubject(OFFICER, vn.ansinh.payout.security.Roles.FIELD_OFFICER, "95003")
                .multiPart(new MultiPartSpecBuilder(JSON.writeValueAsString(body(UUID.randomUUID(), amount)))
                        .controlName("confirmation").mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("photo", type.endsWith("png") ? "p.png" : "p.jpg", photo, type)
                .post("/api/v1/deliveries/" + delivery + "/confirmation");
    }
}
