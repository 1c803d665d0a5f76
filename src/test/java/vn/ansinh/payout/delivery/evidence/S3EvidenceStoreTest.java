package vn.ansinh.payout.delivery.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link S3EvidenceStore} against a real S3 protocol server ({@link S3ProxyServer}). Each test gets its
 * own bucket.
 */
class S3EvidenceStoreTest {

    private static final String TEST_ONLY_ACCESS_KEY = S3ProxyServer.TEST_ONLY_ACCESS_KEY;
    private static final String TEST_ONLY_SECRET_KEY = S3ProxyServer.TEST_ONLY_SECRET_KEY;
    private static final String REGION = S3ProxyServer.REGION;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static S3ProxyServer server;
    private static URI endpoint;

    @TempDir
    Path dir;

    private S3EvidenceStore store;
    private String bucket;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        server = S3ProxyServer.start();
        endpoint = server.endpoint();
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void freshBucket() {
        bucket = "evidence-" + UUID.randomUUID();
        store = new S3EvidenceStore(endpoint, REGION, bucket, TEST_ONLY_ACCESS_KEY, TEST_ONLY_SECRET_KEY, true);
        store.ensureBucket();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aStagedPhotoReadsBackByteForByte() throws IOException {
        byte[] photo = randomBytes(5 * 1024 * 1024 + 123, 1);
        Path file = write(photo);
        String key = newKey();

        await(store.stage(key, file, photo.length, "image/jpeg"));

        assertThat(await(store.read(key, photo.length))).isEqualTo(photo);
        assertThat(store.name()).isEqualTo("s3");
    }

    @Test
    void stagingTheSameKeyTwiceIsFine() throws IOException {
        byte[] photo = randomBytes(64 * 1024, 2);
        Path file = write(photo);
        String key = newKey();

        await(store.stage(key, file, photo.length, "image/jpeg"));
        await(store.stage(key, file, photo.length, "image/jpeg"));

        assertThat(await(store.read(key, photo.length))).isEqualTo(photo);
    }

    @Test
    void commitLeavesTheStagedBytesAsTheyAre() throws IOException {
        byte[] photo = randomBytes(1024, 3);
        Path file = write(photo);
        String key = newKey();
        await(store.stage(key, file, photo.length, "image/png"));

        await(store.commit(null, key, file, photo.length, "image/png"));

        assertThat(await(store.read(key, photo.length))).isEqualTo(photo);
    }

    @Test
    void readFetchesAtMostOneByteMoreThanTheRecordedSize() throws IOException {
        // an object that grew in the store (tampered with) is never read whole: the caller sees a size mismatch
        byte[] grown = randomBytes(3 * 1024 * 1024, 6);
        String key = newKey();
        await(store.stage(key, write(grown), grown.length, "image/jpeg"));

        byte[] read = await(store.read(key, 1000));

        assertThat(read).hasSize(1001).isEqualTo(java.util.Arrays.copyOf(grown, 1001));
        assertThat(await(store.read(key, grown.length))).isEqualTo(grown);
        assertThat(await(store.read(key, grown.length + 10L))).isEqualTo(grown);
    }

    @Test
    void discardRemovesTheObject() throws IOException {
        byte[] photo = randomBytes(1024, 4);
        String key = newKey();
        await(store.stage(key, write(photo), photo.length, "image/jpeg"));

        await(store.discard(key));

        assertThatThrownBy(() -> await(store.read(key, 1024))).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void discardingAMissingKeySucceeds() {
        await(store.discard(newKey()));
    }

    @Test
    void readingAnUnknownKeyFailsWithNoSuchElement() {
        String key = newKey();
        assertThatThrownBy(() -> await(store.read(key, 1024)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining(key);
    }

    @Test
    void keysListsAnHoursUploadsStoredBeforeTheInstant() throws IOException {
        byte[] photo = randomBytes(256, 5);
        Path file = write(photo);
        Instant uploaded = Instant.parse("2026-12-10T03:17:00Z"); // the service's clock names keys; the store's plays no part
        List<String> keys = List.of(EvidenceStore.newKey(uploaded), EvidenceStore.newKey(uploaded), EvidenceStore.newKey(uploaded));
        for (String key : keys) {
            await(store.stage(key, file, photo.length, "image/jpeg"));
        }
        // outside the evidence/ prefix: never the sweep's business
        await(store.stage("elsewhere/" + UUID.randomUUID(), file, photo.length, "image/jpeg"));

        Instant future = uploaded.plus(Duration.ofHours(1));
        String hour = EvidenceStore.hourPrefix(uploaded);
        assertThat(await(store.keys(hour, future))).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(await(store.keys(EvidenceStore.hourPrefix(uploaded.minus(Duration.ofHours(3))), future))).isEmpty();
        assertThat(await(store.keys(hour, uploaded))).as("staged at, not before, the instant").isEmpty();
        assertThat(await(store.keys(hour, uploaded.plusMillis(1)))).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void aWrongSecretFailsTheStageInsteadOfHanging() throws IOException {
        byte[] photo = randomBytes(1024, 6);
        Path file = write(photo);
        try (S3EvidenceStore wrong = new S3EvidenceStore(endpoint, REGION, bucket, TEST_ONLY_ACCESS_KEY,
                "not-the-test-secret", true)) {
            assertThatThrownBy(() -> await(wrong.stage(newKey(), file, photo.length, "image/jpeg")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static String newKey() {
        return EvidenceStore.newKey(Instant.parse("2026-12-10T03:00:00Z"));
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "photo", ".bin"), content);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
