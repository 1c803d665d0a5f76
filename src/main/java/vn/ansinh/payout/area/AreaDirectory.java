package vn.ansinh.payout.area;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * An in-memory copy of the area tree's ancestry (code → path), small (a few thousand rows) and
 * rarely changed, so that jurisdiction checks cost no query. Refreshed when older than the
 * configured interval, and at once when asked about a code it does not know (an area created
 * through another replica).
 */
@ApplicationScoped
public class AreaDirectory {

    /** {@code loadedAtNanos}: the monotonic timer when loaded (an age, not a date: no calendar involved). */
    private record Snapshot(Map<String, String> pathByCode, long loadedAtNanos) {
    }

    private final Pool pool;
    private final Duration maxAge;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public AreaDirectory(Pool pool, @ConfigProperty(name = "ansinh.areas.refresh-interval") Duration maxAge) {
        this.pool = pool;
        this.maxAge = maxAge;
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
        if (!forceReload && s != null && System.nanoTime() - s.loadedAtNanos() < maxAge.toNanos()) {
            return Uni.createFrom().item(s);
        }
        return pool.query("select code, path from area").execute().map(rows -> {
            Map<String, String> map = new HashMap<>();
            for (Row row : rows) {
                map.put(row.getString(0), row.getString(1));
            }
            Snapshot loaded = new Snapshot(Map.copyOf(map), System.nanoTime());
            current.set(loaded);
            return loaded;
        });
    }

    List<String> knownCodesForTest() {
        Snapshot s = current.get();
        return s == null ? List.of() : List.copyOf(s.pathByCode().keySet());
    }
}
