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
 * <p>Every upload attempt stores each photo under a fresh key
 * ({@code evidence/<yyyy/MM/dd/HH>/<epoch millis>-<uuid>}, the hour and the instant of the upload by the
 * service's clock), never under a key derived from the content, so discarding one attempt can
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

    /**
     * The stored bytes, but never more than {@code expectedSize + 1} of them (the size recorded when the
     * photo was accepted), or a failure if the key is unknown. A result longer than {@code expectedSize}
     * means the object grew in the store: the caller treats it as an integrity failure without ever
     * holding a tampered object of gigabytes in memory.
     */
    Uni<byte[]> read(String key, long expectedSize);

    /**
     * The keys under {@code prefix} (one hour's uploads, see {@link #hourPrefix}) staged before
     * {@code before} by the service's clock (the instant in the key's name; {@link #stagedAt}), for the
     * orphan sweep (object stores; the database store has none).
     */
    Uni<List<String>> keys(String prefix, Instant before);

    /** How many bytes {@link #read} fetches at most for a photo of {@code expectedSize} bytes. */
    static long readLimit(long expectedSize) {
        return Math.max(0, expectedSize) + 1;
    }

    java.time.format.DateTimeFormatter HOUR = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH")
            .withZone(java.time.ZoneOffset.UTC);

    /** The prefix of the keys of photos uploaded in the hour of {@code at}. */
    static String hourPrefix(Instant at) {
        return "evidence/" + HOUR.format(at) + "/";
    }

    /** A fresh key for a photo uploaded now. */
    static String newKey(Instant now) {
        return hourPrefix(now) + now.toEpochMilli() + "-" + java.util.UUID.randomUUID();
    }

    /**
     * When the object under {@code key} was staged, by the service's clock, from its name; for keys named
     * before the instant was part of the name ({@code <hour>/<uuid>}), the end of their hour, so the sweep
     * never takes them for older than they are. (A UUID's first group has 8 characters: a name starting
     * with 13 to 15 digits and a dash is this format's instant.)
     */
    static Instant stagedAt(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dash = name.indexOf('-');
        if (dash >= 13 && dash <= 15 && name.substring(0, dash).chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(name.substring(0, dash)));
        }
        String hour = key.substring("evidence/".length(), key.lastIndexOf('/'));
        return java.time.LocalDateTime.parse(hour + ":00", java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH:mm"))
                .toInstant(java.time.ZoneOffset.UTC).plusSeconds(3600);
    }
}
