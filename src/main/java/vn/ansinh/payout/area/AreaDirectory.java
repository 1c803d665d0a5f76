package vn.ansinh.payout.area;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import vn.ansinh.payout.common.Clock;

/**
 * An in-memory copy of the area tree's ancestry (code → path), small (a few thousand rows) and
 * rarely changed, so that jurisdiction checks cost no query. Loaded at start, refreshed when older than
 * the configured interval or after {@link #invalidate}, and at once when asked about a code it does not
 * know (an area created through another replica).
 *
 * <p>Jurisdiction is asked inside transactions that already hold a pooled connection, so no caller may
 * wait there for a second connection: with every connection held by such callers, it would never come
 * (eight concurrent registrations, the pool's size, hung until the HTTP client gave up, whenever the copy
 * was missing or stale). A stale copy therefore answers at once while one refresh (shared by all callers)
 * waits for a connection; an unknown code waits for that refresh at most {@link #UNKNOWN_CODE_WAIT}, then
 * is answered from the copy as unknown.
 */
@ApplicationScoped
public class AreaDirectory {

    private record Snapshot(Map<String, String> pathByCode, Instant loadedAt) {
    }

    private final Pool pool;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private Uni<Snapshot> loading;

    /** How long a caller asking about a code the copy does not know waits for the reload. */
    static final Duration UNKNOWN_CODE_WAIT = Duration.ofSeconds(2);

    public AreaDirectory(Pool pool, @ConfigProperty(name = "ansinh.areas.refresh-interval") Duration maxAge, Clock clock) {
        this.pool = pool;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The path ('/51/21211/') of an area, or null when no such area exists. */
    public Uni<String> pathOf(String code) {
        return snapshot(false).flatMap(s -> {
            String path = s.pathByCode().get(code);
            if (path != null) {
                return Uni.createFrom().item(path);
            }
            return snapshot(true).map(fresh -> fresh.pathByCode().get(code));
        });
    }

    /** The province an area belongs to (itself for a province), or null for an unknown code. */
    public Uni<String> provinceOf(String code) {
        return pathOf(code).map(path -> path == null ? null : path.substring(1, path.indexOf('/', 1)));
    }

    /**
     * Every area code covered by any of the given scopes (each scope with all its descendants). A scope
     * this replica does not know yet (added since its snapshot) makes it reload once.
     */
    public Uni<Set<String>> expand(Set<String> scopes) {
        return snapshot(false)
                .flatMap(s -> s.pathByCode().keySet().containsAll(scopes) ? Uni.createFrom().item(s) : snapshot(true))
                .map(s -> {
            Set<String> covered = new HashSet<>();
            s.pathByCode().forEach((code, path) -> {
                if (coveredBy(path, scopes)) {
                    covered.add(code);
                }
            });
            return covered;
        });
    }

    /** The tree changed (through this replica): refresh now, in the background. */
    public void invalidate() {
        Snapshot s = current.get();
        if (s != null) {
            current.compareAndSet(s, new Snapshot(s.pathByCode(), Instant.EPOCH));
        }
        refreshInBackground();
    }

    /** Reloads now and completes when the copy is fresh: for callers that hold no connection (start, tests). */
    public Uni<Void> refresh() {
        return reload().replaceWithVoid();
    }

    void onStart(@Observes StartupEvent event) {
        try {
            refresh().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // the first jurisdiction check will load it; the service still starts (readiness reports the database)
            Log.warnf("area directory not loaded at start: %s", e.toString());
        }
    }

    static boolean coveredBy(String path, Set<String> scopes) {
        for (String scope : scopes) {
            if (path.contains("/" + scope + "/")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Snapshot> snapshot(boolean unknownCode) {
        Snapshot s = current.get();
        if (s == null) {
            // only before the load at start has succeeded
            return reload();
        }
        if (unknownCode) {
            return reload().ifNoItem().after(UNKNOWN_CODE_WAIT).recoverWithItem(current::get);
        }
        if (!s.loadedAt().plus(maxAge).isAfter(clock.now())) {
            // answer from the stale copy; the refresh waits for a free connection, not the caller
            refreshInBackground();
        }
        return Uni.createFrom().item(s);
    }

    private void refreshInBackground() {
        reload().subscribe().with(fresh -> {
        }, failure -> Log.warnf("area directory refresh failed, keeping the copy it has: %s", failure.toString()));
    }

    /** One reload at a time: concurrent callers share the query in flight. */
    private synchronized Uni<Snapshot> reload() {
        if (loading != null) {
            return loading;
        }
        loading = pool.query("select code, path from area").execute().map(rows -> {
            Map<String, String> map = new HashMap<>();
            for (Row row : rows) {
                map.put(row.getString(0), row.getString(1));
            }
            Snapshot loaded = new Snapshot(Map.copyOf(map), clock.now());
            current.set(loaded);
            return loaded;
        }).onTermination().invoke(this::loaded).memoize().indefinitely();
        return loading;
    }

    private synchronized void loaded() {
        loading = null;
    }

    void expireForTest() {
        Snapshot s = current.get();
        current.set(new Snapshot(s.pathByCode(), Instant.EPOCH));
    }

    /** The refresh in flight, if any. */
    synchronized Uni<?> refreshForTest() {
        return loading == null ? Uni.createFrom().voidItem() : loading;
    }

    boolean staleForTest() {
        return !current.get().loadedAt().plus(maxAge).isAfter(clock.now());
    }

    List<String> knownCodesForTest() {
        Snapshot s = current.get();
        return s == null ? List.of() : List.copyOf(s.pathByCode().keySet());
    }
}
