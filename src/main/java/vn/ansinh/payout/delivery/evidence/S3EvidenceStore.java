package vn.ansinh.payout.delivery.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Evidence photos in an S3-compatible object store (AWS S3, MinIO, Ceph, …). The bytes are uploaded
 * by {@link #stage} before the database transaction, so {@link #commit} has nothing left to do.
 *
 * <p>The AWS SDK client is blocking, so every call runs on a Mutiny worker thread, never on the event
 * loop. The client uses the JDK's HTTP stack (no Netty or Apache client of its own) and asks for the
 * newer S3 checksums only when an operation requires them, which S3-compatible servers that predate
 * those checksums would otherwise refuse.
 *
 * <p>Not a CDI bean: it is built from configuration by whoever chooses the store.
 */
public class S3EvidenceStore implements EvidenceStore, AutoCloseable {


    private final S3Client s3;
    private final String bucket;
    private final boolean awsEndpoint;
    private final Region region;

    /**
     * @param endpoint  the S3-compatible server, or {@code null} for AWS's own endpoint of {@code region}
     * @param region    the signing region (S3-compatible servers usually accept any, e.g. {@code us-east-1})
     * @param pathStyle {@code true} for {@code http://host/bucket/key} addressing, which most S3-compatible
     *                  servers need (no per-bucket DNS names)
     */
    public S3EvidenceStore(URI endpoint, String region, String bucket, String accessKey, String secretKey,
            boolean pathStyle) {
        this.bucket = bucket;
        this.region = Region.of(region);
        this.awsEndpoint = endpoint == null;
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(this.region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.s3 = builder.build();
    }

    @Override
    public String name() {
        return "s3";
    }

    /** Uploads the file as it lies on disk: the SDK streams it, it is never held whole in memory. */
    @Override
    public Uni<Void> stage(String key, Path file, long size, String contentType) {
        return blocking(() -> {
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(size);
            if (contentType != null) {
                put.contentType(contentType);
            }
            s3.putObject(put.build(), RequestBody.fromFile(file));
            return null;
        });
    }

    /** Nothing to do: {@link #stage} already stored the bytes, the transaction only records the row. */
    @Override
    public Uni<Void> commit(SqlConnection tx, String key, Path file, long size, String contentType) {
        return Uni.createFrom().voidItem();
    }

    /** Deleting a key that is not there succeeds on S3; a server that answers NoSuchKey is treated the same. */
    @Override
    public Uni<Void> discard(String key) {
        return blocking(() -> {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (NoSuchKeyException alreadyGone) {
                // the outcome wanted
            }
            return null;
        });
    }

    /** An unknown key fails with {@link NoSuchElementException}, whatever the store calls it. */
    @Override
    public Uni<byte[]> read(String key, long expectedSize) {
        long limit = EvidenceStore.readLimit(expectedSize);
        if (limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("evidence of " + expectedSize + " bytes cannot be read into memory");
        }
        return blocking(() -> {
            // a range request asks for no more than the limit; the capped read keeps to it even if a server
            // ignores the range and sends the whole object (the rest is abandoned with the connection)
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
                    b -> b.bucket(bucket).key(key).range("bytes=0-" + (limit - 1)))) {
                byte[] bytes = in.readNBytes((int) limit);
                if (in.read() != -1) {
                    in.abort();
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("reading evidence object " + key, e);
            } catch (NoSuchKeyException e) {
                NoSuchElementException missing = new NoSuchElementException("no evidence object " + key);
                missing.initCause(e);
                throw missing;
            } catch (S3Exception e) {
                if (e.statusCode() == 416) { // an empty object has no byte 0
                    return new byte[0];
                }
                throw e;
            }
        });
    }

    /** Walks the listing of one prefix (an hour's uploads) page by page. */
    @Override
    public Uni<List<String>> keys(String prefix, Instant before) {
        return blocking(() -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents().stream()
                .map(S3Object::key)
                .filter(key -> EvidenceStore.stagedAt(key).isBefore(before))
                .toList());
    }

    /**
     * Creates the bucket if it is missing, for development and tests (in production the bucket, its
     * encryption and its lifecycle rules are provisioned with the infrastructure). On AWS outside
     * us-east-1 the bucket is created in the client's region; an S3-compatible server picks its own.
     * Blocking: call it at start-up, not on the event loop.
     */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(bucket);
        if (awsEndpoint && !Region.US_EAST_1.equals(region)) {
            create.createBucketConfiguration(c -> c.locationConstraint(region.id()));
        }
        try {
            s3.createBucket(create.build());
        } catch (BucketAlreadyOwnedByYouException createdMeanwhile) {
            // another instance won the race: the bucket is there, which is all that was asked
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Runs a blocking SDK call when subscribed, on a worker thread. */
    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
