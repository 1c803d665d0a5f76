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

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import vn.ansinh.payout.common.Clock;

/**
 * An in-memory copy of the area tree's ancestry (code → path), small (a few thousand rows) and
 * rarely changed, so that jurisdiction checks cost no query. Refreshed when older than the
 * configured interval, and at once when asked about a code it does not know (an area created
 * through another replica).
 *
 * <p>Jurisdiction is asked inside transactions that already hold a pooled connection. A stale copy
 * therefore answers at once and refreshes in the background: waiting for a second connection there
 * would, with every connection held by such transactions, wait for one that never comes (eight
 * concurrent registrations hung until the pool's acquisition time-out this way). Only a copy that is
 * missing (at start, after {@link #invalidate}) or lacks the code asked about is waited for, and
 * concurrent reloads share one query.
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

    /** Forget the snapshot, e.g. after this replica changed the tree. */
    public void invalidate() {
        current.set(null);
    }

    static boolean coveredBy(String path, Set<String> scopes) {
        for (String scope : scopes) {
            if (path.contains("/" + scope + "/")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Snapshot> snapshot(boolean forceReload) {
        Snapshot s = current.get();
        if (s == null || forceReload) {
            return reload();
        }
        if (!s.loadedAt().plus(maxAge).isAfter(clock.now())) {
            // answer from the stale copy; the refresh waits for a free connection, not the caller
            reload().subscribe().with(fresh -> {
            }, failure -> Log.warnf("area directory refresh failed, keeping the copy of %s: %s", s.loadedAt(), failure));
        }
        return Uni.createFrom().item(s);
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
