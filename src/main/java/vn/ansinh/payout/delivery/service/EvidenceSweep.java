package vn.ansinh.payout.delivery.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.delivery.evidence.EvidenceStore;

/**
 * Removes objects an object store holds that no photo row names: left by a replica that crashed between
 * uploading a photo and committing its confirmation. Only objects older than
 * {@code ansinh.deliveries.evidence.orphan-after} are considered, so an upload in progress is never
 * touched. The database store has nothing to sweep: its bytes commit with their rows.
 */
@ApplicationScoped
public class EvidenceSweep {

    /** How far back each run looks: a missed run or two is caught up by the next. */
    static final int WINDOW_HOURS = 48;

    private final EvidenceStore store;
    private final Pool pool;
    private final DeliveryConfig config;
    private final Clock clock;

    public EvidenceSweep(EvidenceStore store, Pool pool, DeliveryConfig config, Clock clock) {
        this.store = store;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "evidence-orphan-sweep", every = "1h", delay = 10, delayUnit = java.util.concurrent.TimeUnit.MINUTES)
    Uni<Void> scheduled() {
        return sweep(config.evidence().orphanAfter()).invoke(n -> {
            if (n > 0) {
                Log.infof("evidence sweep removed %d orphan objects", n);
            }
        }).replaceWithVoid();
    }

    /** Removes orphans older than {@code age}; returns how many. */
    public Uni<Integer> sweep(java.time.Duration age) {
        return sweep(store, age);
    }

    /**
     * The same over a given store (tests run it on an object store while the service uses the database).
     * Only the uploads of the last {@link #WINDOW_HOURS} hours are listed, an hour's prefix at a time:
     * the listing stays small however much evidence the bucket holds, and older orphans were removed by
     * earlier runs.
     */
    public Uni<Integer> sweep(EvidenceStore store, java.time.Duration age) {
        Instant before = clock.now().minus(age);
        List<String> prefixes = new java.util.ArrayList<>();
        for (int h = 0; h <= WINDOW_HOURS; h++) {
            prefixes.add(EvidenceStore.hourPrefix(before.minus(java.time.Duration.ofHours(h))));
        }
        return Multi.createFrom().iterable(prefixes)
                .onItem().transformToUniAndConcatenate(prefix -> store.keys(prefix, before).flatMap(keys -> orphans(store, keys)))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> orphans(EvidenceStore store, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("select k from unnest($1::text[]) k "
                + "where not exists (select 1 from delivery_photo p where p.storage_key = k)")
                .execute(Tuple.of((Object) keys.toArray(String[]::new)))
                .flatMap(rows -> {
                    List<String> orphans = new java.util.ArrayList<>();
                    rows.forEach(r -> orphans.add(r.getString(0)));
                    return Multi.createFrom().iterable(orphans)
                            .onItem().transformToUniAndConcatenate(key -> store.discard(key).replaceWith(key))
                            .collect().asList().map(List::size);
                });
    }
}
