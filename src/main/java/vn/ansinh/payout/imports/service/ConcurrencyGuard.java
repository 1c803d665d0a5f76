package vn.ansinh.payout.imports.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * At most {@code permits} operations at once on this replica, taken without waiting: one more fails at once with
 * the given error (a 503 with Retry-After), so a burst never queues work, or its memory, in the replica. A permit is
 * given back when the operation ends: an item, a failure, or a cancellation (the client went away).
 */
final class ConcurrencyGuard {

    private final int permits;
    private final Semaphore semaphore;
    private final Supplier<? extends RuntimeException> busy;

    ConcurrencyGuard(int permits, Supplier<? extends RuntimeException> busy) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one permit");
        }
        this.permits = permits;
        this.semaphore = new Semaphore(permits);
        this.busy = busy;
    }

    /** Runs {@code operation} if a permit is free, else fails with the busy error without running it. */
    <T> Uni<T> run(Supplier<Uni<T>> operation) {
        if (!semaphore.tryAcquire()) {
            return Uni.createFrom().failure(busy.get());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        };
        try {
            return operation.get().onTermination().invoke(release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Operations running now. */
    int running() {
        return permits - semaphore.availablePermits();
    }
}
