package vn.ansinh.payout.common.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * How many bytes each route may receive, and the spool directory where uploads wait on disk.
 *
 * <p>The limits are enforced on the bytes actually received, chunked or not: a declared Content-Length over
 * the route's limit is refused before anything is read ({@link RequestIdAndLimits}), and a body without one
 * is counted while it is read ({@link BodyBudgetInterceptor} for JSON and files read by the resources, the
 * Vert.x body handler for a confirmation's multipart form). A request that spools to disk (an import, a
 * confirmation's photos) first reserves its limit, or its declared length, in the replica's spool budget and
 * gives it back when it ends; when the spool stays full for {@code ansinh.http.spool.wait} it is answered 503
 * with Retry-After before a byte is written. The spool directory is the service's own: it is emptied at start (what a crash left behind) and
 * every upload in it is deleted when its request ends.
 */
@ApplicationScoped
public class BodyBudgets {

    /** Room for the multipart boundaries and part headers beside a confirmation's photos. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final long KIB = 1024;

    /** What a request's path is, for its limit. */
    public enum Route {
        /** POST /api/v1/imports: a CSV or XLSX list, spooled to disk and read twice. */
        IMPORT,
        /** POST /api/v1/cycles/{id}/reconciliations: a results file, streamed into staging. */
        RESULTS,
        /** POST /api/v1/deliveries/{id}/confirmation: multipart with photos, spooled to disk. */
        CONFIRMATION,
        /** Everything else: JSON. */
        JSON;

        public boolean spools() {
            return this == IMPORT || this == CONFIRMATION;
        }
    }

    private final long jsonLimit;
    private final long importLimit;
    private final long resultsLimit;
    private final long confirmationLimit;
    private final Path spoolDirectory;
    private final long spoolBytes;
    private final Duration spoolWait;
    private final Duration maxRequestDuration;
    /** The files the last stale sweep found in the spool directory. Guarded by this. */
    private java.util.Set<Path> seenLastSweep = new java.util.HashSet<>();
    /** Guarded by this. */
    private long spoolFreeKib;
    /** Guarded by this. */
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    /** Requests that may spool to disk, not yet ended. Guarded by this. */
    private int uploadsInFlight;

    public BodyBudgets(@ConfigProperty(name = "ansinh.http.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "ansinh.imports.max-file-size") MemorySize maxImportSize,
            @ConfigProperty(name = "ansinh.http.max-upload-size") MemorySize maxResultsSize,
            @ConfigProperty(name = "ansinh.deliveries.photos.max-request-size") MemorySize maxConfirmationSize,
            @ConfigProperty(name = "ansinh.http.spool.directory") String spoolDirectory,
            @ConfigProperty(name = "ansinh.http.spool.max-size") MemorySize spoolSize,
            @ConfigProperty(name = "ansinh.http.spool.wait") Duration spoolWait,
            @ConfigProperty(name = "ansinh.http.spool.max-request-duration") Duration maxRequestDuration) {
        this.jsonLimit = maxBodySize.asLongValue();
        this.importLimit = maxImportSize.asLongValue();
        this.resultsLimit = maxResultsSize.asLongValue();
        this.confirmationLimit = maxConfirmationSize.asLongValue() + MULTIPART_OVERHEAD;
        if (jsonLimit > Math.min(importLimit, Math.min(resultsLimit, confirmationLimit))) {
            // an unknown path, or a variant of an upload route, is given the JSON limit: it must be the smallest
            throw new IllegalStateException("ansinh.http.max-body-size must be the smallest body limit");
        }
        this.spoolDirectory = Path.of(spoolDirectory);
        this.spoolBytes = spoolSize.asLongValue();
        if (spoolBytes < Math.max(importLimit, confirmationLimit)) {
            throw new IllegalStateException("ansinh.http.spool.max-size must hold at least one upload of the largest kind");
        }
        this.spoolFreeKib = spoolBytes / KIB;
        this.spoolWait = spoolWait;
        if (maxRequestDuration.isNegative() || maxRequestDuration.isZero()) {
            throw new IllegalStateException("ansinh.http.spool.max-request-duration must be positive");
        }
        this.maxRequestDuration = maxRequestDuration;
    }

    private static final java.util.regex.Pattern UUID_SEGMENT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * The route of a request's path, as the router resolves it: the path is normalised first
     * ({@link #normalize}), and only the exact, canonical form of an upload route is given that route's budget.
     * A variant (a double or trailing slash, a percent-encoded character, a dot segment, a matrix parameter,
     * another case) and every unknown path are {@link Route#JSON}, the smallest budget: no spelling of a path
     * earns a JSON reader more than {@code ansinh.http.max-body-size}.
     */
    public static Route route(String path) {
        String normalized = normalize(path);
        if (!normalized.equals(path)) {
            return Route.JSON;
        }
        return exactRoute(normalized);
    }

    /**
     * The upload route {@code path} is meant for, even when it is a variant the router may or may not resolve to
     * it (any case, an escaped slash inside an id): JSON when it looks like no upload route.
     */
    static Route intendedRoute(String path) {
        if (path == null) {
            return Route.JSON;
        }
        Route exact = exactRoute(normalize(path));
        if (exact != Route.JSON) {
            return exact;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        String normalized = normalize(lower);
        for (String p : List.of(lower, normalized)) {
            if (p.equals("/api/v1/imports") || p.startsWith("/api/v1/imports;") || normalized.equals("/api/v1/imports")) {
                return Route.IMPORT;
            }
            if (p.startsWith("/api/v1/cycles/") && p.endsWith("/reconciliations")) {
                return Route.RESULTS;
            }
            if (p.startsWith("/api/v1/deliveries/") && p.endsWith("/confirmation")) {
                return Route.CONFIRMATION;
            }
        }
        return Route.JSON;
    }

    private static Route exactRoute(String normalized) {
        String[] s = normalized.split("/", -1);
        if (normalized.equals("/api/v1/imports")) {
            return Route.IMPORT;
        }
        if (s.length == 6 && s[0].isEmpty() && s[1].equals("api") && s[2].equals("v1") && UUID_SEGMENT.matcher(s[4]).matches()) {
            if (s[3].equals("cycles") && s[5].equals("reconciliations")) {
                return Route.RESULTS;
            }
            if (s[3].equals("deliveries") && s[5].equals("confirmation")) {
                return Route.CONFIRMATION;
            }
        }
        return Route.JSON;
    }

    /**
     * A path as a router would resolve it, and more: percent-escapes decoded (an escaped slash becomes a
     * separator), empty segments dropped (double and trailing slashes), matrix parameters ({@code ;a=b}) cut from
     * each segment, dot segments resolved. Case is kept (routes are case-sensitive). A path that cannot be
     * decoded normalises to "" (no route).
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.replace('\\', '/').split("/")) {
            int semicolon = segment.indexOf(';');
            String name = semicolon >= 0 ? segment.substring(0, semicolon) : segment;
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(name);
        }
        return "/" + String.join("/", segments);
    }

    /** The most bytes a request on {@code path} may send. */
    public long limit(String path) {
        return limit(route(path));
    }

    /** The most bytes a request on {@code route} may send. */
    public long limit(Route route) {
        return switch (route) {
            case IMPORT -> importLimit;
            case RESULTS -> resultsLimit;
            case CONFIRMATION -> confirmationLimit;
            case JSON -> jsonLimit;
        };
    }

    /** The setting that holds the limit, for the problem detail that names it. */
    public static String setting(String path) {
        return switch (route(path)) {
            case IMPORT -> "ansinh.imports.max-file-size";
            case RESULTS -> "ansinh.http.max-upload-size";
            case CONFIRMATION -> "ansinh.deliveries.photos.max-request-size";
            case JSON -> "ansinh.http.max-body-size";
        };
    }

    public Path spoolDirectory() {
        return spoolDirectory;
    }

    /** A reservation of spool space; closing it gives the space back (once). */
    public interface SpoolLease extends AutoCloseable {
        @Override
        void close();
    }

    /** A request waiting for spool space, in arrival order. */
    private record Waiter(int kib, Context context, Handler<SpoolLease> then, long[] timer) {
    }

    /**
     * Reserves {@code bytes} of spool space for a request, without blocking its event loop: {@code then} runs
     * on the request's context with the lease, at once when there is room, else when enough comes free (in
     * arrival order, so a large upload is not starved by small ones), or with null once {@code wait} has passed
     * (the request is then told to retry).
     */
    public void reserveSpool(long bytes, Vertx vertx, Handler<SpoolLease> then) {
        int kib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB));
        Context context = vertx.getOrCreateContext();
        Waiter waiter = new Waiter(kib, context, then, new long[] { -1 });
        synchronized (this) {
            if (waiting.isEmpty() && spoolFreeKib >= kib) {
                spoolFreeKib -= kib;
                context.runOnContext(v -> then.handle(lease(kib)));
                return;
            }
            waiting.addLast(waiter);
        }
        waiter.timer()[0] = vertx.setTimer(Math.max(1, spoolWait.toMillis()), id -> {
            boolean expired;
            synchronized (this) {
                expired = waiting.remove(waiter);
            }
            if (expired) {
                context.runOnContext(v -> then.handle(null));
                grantWaiting(vertx);
            }
        });
    }

    private SpoolLease lease(int kib) {
        return new SpoolLease() {
            private boolean released;

            @Override
            public void close() {
                synchronized (BodyBudgets.this) {
                    if (released) {
                        return;
                    }
                    released = true;
                    spoolFreeKib += kib;
                }
                grantWaiting(null);
            }
        };
    }

    /** Hands freed space to the requests waiting at the head of the line. */
    private void grantWaiting(Vertx vertx) {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = waiting.peekFirst();
                if (next == null || spoolFreeKib < next.kib()) {
                    return;
                }
                waiting.removeFirst();
                spoolFreeKib -= next.kib();
            }
            if (next.timer()[0] >= 0) {
                next.context().owner().cancelTimer(next.timer()[0]);
            }
            Waiter granted = next;
            granted.context().runOnContext(v -> granted.then().handle(lease(granted.kib())));
        }
    }

    /** Spool space no upload holds right now. */
    public synchronized long spoolAvailable() {
        return spoolFreeKib * KIB;
    }

    public long spoolSize() {
        return spoolBytes / KIB * KIB;
    }

    /** Creates the spool directory, and removes what a previous run left in it (uploads cut short by a crash). */
    void cleanSpool(@Observes StartupEvent start, Vertx vertx) throws IOException {
        Files.createDirectories(spoolDirectory);
        int removed = sweepIfIdle();
        if (removed > 0) {
            Log.infof("removed %d upload(s) left in the spool directory %s by an earlier run", removed, spoolDirectory);
        }
        // under steady traffic the directory is never idle: the stale sweep runs whether or not uploads are in flight
        vertx.setPeriodic(maxRequestDuration.toMillis(), id -> vertx.executeBlocking(() -> {
            int stale = sweepStale();
            if (stale > 0) {
                Log.warnf("removed %d upload(s) older than ansinh.http.spool.max-request-duration (%s) from the spool "
                        + "directory %s", stale, maxRequestDuration, spoolDirectory);
            }
            return stale;
        }, false));
    }

    /**
     * Runs every {@code ansinh.http.spool.max-request-duration}, uploads in flight or not: deletes the files that
     * the previous run already found, which are therefore older than the longest a request may take, so no request
     * still holds them (an orphan a lost request left while others kept the directory busy). No clock is read: a file
     * seen by two runs one period apart is at least one period old; it is deleted within two periods. Returns how
     * many it removed.
     */
    int sweepStale() {
        java.util.Set<Path> present = new java.util.HashSet<>();
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDirectory)) {
            java.util.Set<Path> seen;
            synchronized (this) {
                seen = seenLastSweep;
            }
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                if (seen.contains(file)) {
                    if (Files.deleteIfExists(file)) {
                        removed++;
                    }
                } else {
                    present.add(file);
                }
            }
        } catch (IOException e) {
            Log.warnf("could not sweep the spool directory %s: %s", spoolDirectory, e.toString());
        }
        synchronized (this) {
            seenLastSweep = present;
        }
        return removed;
    }

    /**
     * A request that may spool to disk (an import, a confirmation) has begun: until it ends, the spool directory
     * is not swept. Every upload is deleted by its own request's end (Quarkus REST and the body handler delete
     * theirs, the import resource its file); the sweep is what makes "every outcome" true, a client gone mid-body
     * included: whenever no such request is in flight, nothing in the directory can belong to one.
     */
    public void uploadStarted() {
        synchronized (this) {
            uploadsInFlight++;
        }
    }

    /** The request begun with {@link #uploadStarted()} has ended: the last one out sweeps the directory (off the event loop). */
    public void uploadEnded(Vertx vertx) {
        boolean idle;
        synchronized (this) {
            if (uploadsInFlight == 0) {
                Log.warn("a spooling request ended twice: the spool is not swept this time");
                return;
            }
            idle = --uploadsInFlight == 0;
        }
        if (idle) {
            vertx.executeBlocking(() -> {
                int removed = sweepIfIdle();
                if (removed > 0) {
                    // usually the body handler's own deletion, still on its way; a file a lost request left otherwise
                    Log.debugf("removed %d upload(s) that no request held from the spool directory", removed);
                }
                return removed;
            }, false);
        }
    }

    /** Spooling requests in flight. */
    public synchronized int uploadsInFlight() {
        return uploadsInFlight;
    }

    /**
     * Deletes every file of the spool directory while no spooling request is in flight (checked before each file,
     * under the lock that {@link #uploadStarted()} takes, so an upload begun meanwhile keeps its file). Returns
     * how many it removed.
     */
    int sweepIfIdle() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDirectory)) {
            for (Path file : files) {
                synchronized (this) {
                    if (uploadsInFlight > 0) {
                        return removed;
                    }
                    if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                }
            }
        } catch (IOException e) {
            Log.warnf("could not sweep the spool directory %s: %s", spoolDirectory, e.toString());
        }
        return removed;
    }
}
