package vn.ansinh.payout.delivery.evidence;

import java.net.URI;
import java.time.Duration;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for the tests: s3proxy, started in this JVM over jclouds' in-memory blob
 * store, with AWS signature checking on, so requests are signed, parsed and answered as an
 * S3-compatible server would. One per test class; {@link #stop()} in its {@code @AfterAll}.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** Test-only credentials of the in-process s3proxy; they open nothing anywhere else. */
    public static final String TEST_ONLY_ACCESS_KEY = "test-only-access-key";
    public static final String TEST_ONLY_SECRET_KEY = "test-only-secret-key";
    public static final String REGION = "us-east-1";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(BlobStoreContext blobs, S3Proxy proxy, URI endpoint) {
        this.blobs = blobs;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    public static S3ProxyServer start() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, TEST_ONLY_ACCESS_KEY, TEST_ONLY_SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(blobs, proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A store on a new bucket of this server. */
    public S3EvidenceStore store(String bucket) {
        S3EvidenceStore store = new S3EvidenceStore(endpoint, REGION, bucket, TEST_ONLY_ACCESS_KEY, TEST_ONLY_SECRET_KEY, true);
        store.ensureBucket();
        return store;
    }

    public void stop() throws Exception {
        proxy.stop();
        blobs.close();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
