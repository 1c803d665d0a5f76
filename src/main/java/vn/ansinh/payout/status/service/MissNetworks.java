package vn.ansinh.payout.status.service;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enumeration signal: per client network (IPv4 /24, IPv6 /48), the distinct IDs (keyed hashes) it
 * missed on in the current hour of the service's clock, in this replica's memory. {@link #miss} is true
 * once, when a network reaches {@code threshold} distinct IDs in the hour. Bounded: at most
 * {@code MAX_NETWORKS} networks and {@code threshold} IDs each are held; the map empties every hour.
 */
final class MissNetworks {

    static final int MAX_NETWORKS = 50_000;

    private final int threshold;
    private final ConcurrentHashMap<String, Set<String>> ids = new ConcurrentHashMap<>();
    private volatile long hour = Long.MIN_VALUE;

    MissNetworks(int threshold) {
        this.threshold = threshold;
    }

    /** Records a miss of {@code idHash} by {@code client}; true when its network just reached the threshold. */
    boolean miss(String client, String idHash, java.time.Instant at) {
        long h = at.getEpochSecond() / 3600;
        if (h != hour) {
            synchronized (this) {
                if (h != hour) {
                    ids.clear();
                    hour = h;
                }
            }
        }
        String network = network(client);
        if (!ids.containsKey(network) && ids.size() >= MAX_NETWORKS) {
            return false;
        }
        Set<String> seen = ids.computeIfAbsent(network, n -> ConcurrentHashMap.newKeySet());
        if (seen.size() >= threshold) {
            return false;
        }
        return seen.add(idHash) && seen.size() == threshold;
    }

    /** 203.0.113.7 → 203.0.113.0/24; an IPv6 address → its first 48 bits. */
    static String network(String client) {
        try {
            if (client.indexOf(':') < 0 && !client.matches("[0-9.]+")) {
                return client;
            }
            byte[] a = InetAddress.getByName(client).getAddress();
            int keep = a.length == 4 ? 3 : 6;
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < keep; i++) {
                out.append(a[i] & 0xff).append('.');
            }
            return out.append(a.length == 4 ? "0/24" : "/48").toString();
        } catch (java.net.UnknownHostException e) {
            return client;
        }
    }
}
