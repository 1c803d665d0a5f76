package vn.ansinh.payout.delivery.evidence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Where the bytes of evidence photos live: PostgreSQL by default (a single installation needs nothing
 * else), or an S3-compatible object store ({@code ansinh.evidence.store=s3}).
 *
 * <p>Every upload attempt stores each photo under a fresh key ({@code evidence/<yyyy/MM/dd/HH>/<uuid>}, the
 * hour of the upload in UTC), never under a key derived from the content, so discarding one attempt can
 * never remove another's photo, and the sweep lists only the last hours' uploads. A
 * confirmation is recorded in three steps:
 * <ol>
 * <li>{@link #stage}: before the database transaction, the object store uploads the file (the database
 * store does nothing);</li>
 * <li>{@link #commit}: inside the transaction that inserts the photo's row (the database store writes
 * the bytes there, so the row and the bytes commit together; the object store does nothing);</li>
 * <li>{@link #discard}: when the transaction failed or the attempt turned out to be a replay, what
 * {@link #stage} kept is removed. A crash between the steps can leave an object that no row names; the
 * sweep ({@link #keys}) removes such objects later.</li>
 * </ol>
 * A photo row therefore never names bytes that were not stored.
 */
public interface EvidenceStore {

    /** "postgres" or "s3", as configured; recorded on each photo row. */
    String name();

    /** Before the transaction: keeps the file under {@code key} (object stores). */
    Uni<Void> stage(String key, Path file, long size, String contentType);

    /** Inside the transaction of {@code tx} that records the photo (the database store writes the bytes here). */
    Uni<Void> commit(SqlConnection tx, String key, Path file, long size, String contentType);

    /** After an attempt that did not commit: removes what {@link #stage} kept; a missing key is not an error. */
    Uni<Void> discard(String key);

    /** The stored bytes (photos are at most a few MB), or a failure if the key is unknown. */
    Uni<byte[]> read(String key);

    /**
     * The keys under {@code prefix} (one hour's uploads, see {@link #hourPrefix}) stored before
     * {@code before}, for the orphan sweep (object stores; the database store has none).
     */
    Uni<List<String>> keys(String prefix, Instant before);

    java.time.format.DateTimeFormatter HOUR = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH")
            .withZone(java.time.ZoneOffset.UTC);

    /** The prefix of the keys of photos uploaded in the hour of {@code at}. */
    static String hourPrefix(Instant at) {
        return "evidence/" + HOUR.format(at) + "/";
    }

    /** A fresh key for a photo uploaded now. */
    static String newKey(Instant now) {
        return hourPrefix(now) + java.util.UUID.randomUUID();
    }
}
