package vn.ansinh.payout.delivery.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import vn.ansinh.payout.delivery.service.DeliveryConfig;

/** Chooses the evidence store from {@code ansinh.deliveries.evidence.store}. */
@ApplicationScoped
public class EvidenceStores {

    @Produces
    @ApplicationScoped
    EvidenceStore store(DeliveryConfig config, Pool pool, Vertx vertx) {
        DeliveryConfig.Evidence evidence = config.evidence();
        return switch (evidence.store()) {
            case "postgres" -> new PgEvidenceStore(pool, vertx);
            case "s3" -> {
                DeliveryConfig.S3 s3 = evidence.s3();
                S3EvidenceStore store = new S3EvidenceStore(s3.endpoint().orElse(null), s3.region(), s3.bucket(),
                        s3.accessKey().orElseThrow(() -> new IllegalStateException("ansinh.deliveries.evidence.s3.access-key is not set")),
                        s3.secretKey().orElseThrow(() -> new IllegalStateException("ansinh.deliveries.evidence.s3.secret-key is not set")),
                        s3.pathStyle());
                if (s3.createBucket()) {
                    store.ensureBucket();
                }
                yield store;
            }
            default -> throw new IllegalStateException(
                    "ansinh.deliveries.evidence.store must be postgres or s3, not " + evidence.store());
        };
    }

    void close(@Disposes EvidenceStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
