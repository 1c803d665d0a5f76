package vn.ansinh.payout.delivery.evidence;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import vn.ansinh.payout.delivery.evidence.PhotoRejected.Reason;

/**
 * The memory a replica lets photo decodes take at once, shared by every request: a decode reserves what
 * its photo will need (mostly native memory of the JPEG decoder, outside the Java heap) before it starts
 * and gives it back when it ends. A count of decodes would not do: one progressive 50-megapixel JPEG needs
 * as much as a hundred phone photos.
 *
 * <p>A photo that needs more than the whole budget can never be decoded here and is refused at once (413).
 * When the budget is taken by other decodes, a request waits for it in arrival order (a fair semaphore, so
 * a large photo is not starved by small ones) up to {@code wait}, then is told to come back later (503).
 * Thread-safe.
 */
public final class DecodeBudget {

    private static final long KIB = 1024;

    private final Semaphore kib;
    private final long totalBytes;
    private final Duration wait;

    /**
     * @param totalBytes what all decodes of this replica may hold at once
     * @param wait       how long a decode waits for room before its request is answered 503
     */
    public DecodeBudget(long totalBytes, Duration wait) {
        if (totalBytes < KIB || totalBytes / KIB > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the decode budget must be between 1 KiB and 2 TiB");
        }
        this.totalBytes = totalBytes / KIB * KIB;
        this.kib = new Semaphore((int) (totalBytes / KIB), true);
        this.wait = wait;
    }

    /** Held while a decode runs; closing it gives the memory back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reserves {@code bytes} for one decode.
     *
     * @throws PhotoRejected DECODE_BUDGET if the photo needs more than the whole budget, BUSY if no room
     *                       came free within the wait
     */
    public Lease reserve(long bytes) throws PhotoRejected {
        if (bytes > totalBytes) {
            throw new PhotoRejected(Reason.DECODE_BUDGET, "Decoding the photo would take about " + mb(bytes)
                    + " MB of memory; a replica decodes photos within " + mb(totalBytes) + " MB.",
                    "ansinh.deliveries.photos.decode-memory");
        }
        int permits = (int) Math.max(1, (bytes + KIB - 1) / KIB);
        boolean acquired;
        try {
            acquired = kib.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new PhotoRejected(Reason.BUSY, "Other photos are being checked; the decode budget of "
                    + mb(totalBytes) + " MB stayed full for " + wait.toSeconds() + " s.");
        }
        return new Lease() {
            private boolean released;

            @Override
            public synchronized void close() {
                if (!released) {
                    released = true;
                    kib.release(permits);
                }
            }
        };
    }

    /** Bytes not reserved by a decode right now (for tests and metrics). */
    public long availableBytes() {
        return kib.availablePermits() * KIB;
    }

    public long totalBytes() {
        return totalBytes;
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
