package vn.ansinh.payout.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.delivery.evidence.S3EvidenceStore;
import vn.ansinh.payout.delivery.evidence.S3ProxyServer;
import vn.ansinh.payout.delivery.evidence.TestImages;
import vn.ansinh.payout.delivery.repository.DeliveryRepository;
import vn.ansinh.payout.delivery.service.ConfirmationRequest;
import vn.ansinh.payout.delivery.service.DeliveryConfig;
import vn.ansinh.payout.delivery.service.DeliveryService;
import vn.ansinh.payout.delivery.service.EvidenceSweep;
import vn.ansinh.payout.security.Caller;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;

/**
 * The confirmation flow with the S3-compatible evidence store ({@code ansinh.deliveries.evidence.store=s3}),
 * against a real S3 server (s3proxy): the photo's bytes are in the bucket and not in the database, a
 * refused confirmation and a replay leave no object behind, and the sweep removes an object a crash left
 * without a row. The service under test is the production class wired to an S3 store, in the same
 * application as the other tests (one boot).
 */
@QuarkusTest
public class S3DeliveryFlowTest {

    static S3ProxyServer server;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    DeliveryRepository repository;
    @Inject
    DeliveryConfig config;
    @Inject
    Jurisdiction jurisdiction;
    @Inject
    AuditTrail audit;
    @Inject
    Clock clock;
    @Inject
    EvidenceSweep sweep;
    @Inject
    AreaDirectory areas;
    @Inject
    vn.ansinh.payout.security.ProviderOrganisations providers;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        server.stop();
    }

    @Test
    public void photosGoToTheBucketAndAFailedOrRepeatedAttemptLeavesNoObject() throws Exception {
        CycleFixture f = new CycleFixture("98");
        // the fixture adds communes with SQL, behind the service's back: its area cache must learn of them
        areas.refresh().await().indefinitely();
        UUID first = f.person("Đỗ Văn Sáu", LocalDate.parse("1949-03-03"), "MALE", 2, "CANNOT_TRAVEL");
        UUID second = f.person("Đỗ Thị Bảy", LocalDate.parse("1948-04-04"), "FEMALE", 2, "CANNOT_TRAVEL");
        for (UUID p : List.of(first, second)) {
            f.entitlement(p, "SOCIAL_PENSION", "HTXH", null, 0, "2026-01");
        }
        JsonPath cycle = f.open("SOCIAL_PENSION", "2026-11");
        f.approveAndRelease(cycle.getString("id"), cycle.getString("linesSha256"));
        UUID d1 = UUID.fromString(CycleFixture.queryText("select id::text from home_delivery where beneficiary_id = ?", first));
        UUID d2 = UUID.fromString(CycleFixture.queryText("select id::text from home_delivery where beneficiary_id = ?", second));
        long amount = CycleFixture.queryLong("select amount_vnd from home_delivery where id = ?", d1);
        asSubject("commune-98002", Roles.COMMUNE_OFFICER, "98002").contentType(ContentType.JSON)
                .body(Map.of("cycleId", cycle.getString("id"), "communeCode", "98002", "officer", "field-s3-98"))
                .post("/api/v1/deliveries/assignments").then().statusCode(200);

        String bucket = "evidence-" + UUID.randomUUID();
        try (S3EvidenceStore s3 = server.store(bucket)) {
            DeliveryService service = new DeliveryService(repository, s3, config, jurisdiction, audit, clock, meters, providers);
            Caller officer = new Caller("field-s3-98", Set.of(Roles.FIELD_OFFICER), Set.of("98002"), "test-s3-flow");
            byte[] photo = TestImages.jpeg(640, 480, 301);
            Path file = Files.createTempFile("photo", ".jpg");
            Files.write(file, photo);
            DeliveryService.Upload upload = new DeliveryService.Upload(file, "photo.jpg", photo.length);

            ConfirmationRequest request = request(UUID.randomUUID(), amount);
            DeliveryService.Recorded recorded = service.confirm(officer, d1, submitted(request), List.of(upload), null)
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(recorded.created()).isTrue();
            String key = recorded.photos().get(0).storageKey();
            assertThat(recorded.photos().get(0).store()).isEqualTo("s3");
            assertThat(s3.read(key, photo.length).await().atMost(Duration.ofSeconds(30))).isEqualTo(photo);
            assertThat(CycleFixture.queryLong("select count(*) from evidence_blob where storage_key = ?", key)).isZero();
            assertThat(keys(s3)).containsExactly(key);

            // the same request again: the original, and the object it staged is gone again
            DeliveryService.Recorded again = service.confirm(officer, d1, submitted(request), List.of(upload), null)
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(again.created()).isFalse();
            assertThat(again.photos().get(0).storageKey()).isEqualTo(key);
            assertThat(keys(s3)).containsExactly(key);

            // refused in the transaction (wrong amount): the uploaded object is removed
            assertThatThrownBy(() -> service.confirm(officer, d2, submitted(request(UUID.randomUUID(), amount + 1)),
                    List.of(upload), null).await().atMost(Duration.ofSeconds(30))).isInstanceOf(ApiException.class);
            assertThat(keys(s3)).containsExactly(key);
            assertThat(CycleFixture.queryText("select status from home_delivery where id = ?", d2)).isEqualTo("OPEN");

            // an object left by a crash between upload and commit is swept; the committed one stays
            String orphan = vn.ansinh.payout.delivery.evidence.EvidenceStore.newKey(TestClock.instant());
            s3.stage(orphan, file, photo.length, "image/jpeg").await().atMost(Duration.ofSeconds(30));
            TestClock.advance(Duration.ofSeconds(1)); // staged before the sweep's "now" (the clock names the keys)
            assertThat(sweep.sweep(s3, Duration.ZERO).await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(keys(s3)).containsExactly(key);

            // read back through the service: audited, from the bucket
            Caller auditor = new Caller("auditor-98", Set.of(Roles.AUDITOR), Set.of("98"), "test-s3-read");
            DeliveryService.Evidence evidence = service.evidence(auditor, d1, recorded.photos().get(0).id())
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(evidence.sha256()).isEqualTo(recorded.photos().get(0).sha256());
            assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'EVIDENCE_READ' and entity_id = ?",
                    recorded.photos().get(0).id().toString())).isEqualTo(1);
        }
    }

    /** The objects of this hour and the one before (a test may run across the hour). */
    private static List<String> keys(S3EvidenceStore s3) {
        Instant now = TestClock.instant();
        List<String> out = new java.util.ArrayList<>();
        for (Instant hour : List.of(now.minusSeconds(3600), now)) {
            out.addAll(s3.keys(vn.ansinh.payout.delivery.evidence.EvidenceStore.hourPrefix(hour), now.plusSeconds(3600))
                    .await().atMost(Duration.ofSeconds(30)));
        }
        return out;
    }

    private static ConfirmationRequest request(UUID id, long amount) {
        OffsetDateTime now = TestClock.offset();
        return new ConfirmationRequest(id, ConfirmationRequest.Outcome.DELIVERED, ConfirmationRequest.Recipient.BENEFICIARY,
                null, amount, now.minusMinutes(3), now, new ConfirmationRequest.Position(15.1, 108.8, 10.0), null);
    }

    private static DeliveryService.Submitted submitted(ConfirmationRequest r) {
        // the request's own text stands in for the JSON part (its hash identifies the request)
        return new DeliveryService.Submitted(r, r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
