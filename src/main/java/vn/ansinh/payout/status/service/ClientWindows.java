package vn.ansinh.payout.status.service;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lookups per client (address, as far as the proxy chain is trusted) in the current minute of the
 * service's clock, in this replica's memory. A coarse guard against one client's flood: what stops
 * guessing is the per-ID bookkeeping, shared in PostgreSQL. Kept in memory because a client's counter in
 * the database is one row that every request of a busy client (an office's NAT, the load generator)
 * would update in turn; with R replicas a client gets at most R times the limit.
 */
final class ClientWindows {

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute = Long.MIN_VALUE;

    ClientWindows(int limit) {
        this.limit = limit;
    }

    boolean allow(String client, Instant at) {
        long m = at.getEpochSecond() / 60;
        if (m != minute) {
            synchronized (this) {
                if (m != minute) {
                    counts.clear();
                    minute = m;
                }
            }
        }
        return counts.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() <= limit;
    }

    Instant windowEnd(Instant at) {
        return Instant.ofEpochSecond((at.getEpochSecond() / 60 + 1) * 60);
    }
}
