package vn.ansinh.payout.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The enumeration signal: one network, many distinct IDs in an hour; once per network and hour. */
class MissNetworksTest {

    @Test
    public void aNetworkMissingOnManyDistinctIdsIsSignalledOnceAnHour() {
        MissNetworks networks = new MissNetworks(3);
        Instant t = Instant.parse("2026-12-10T03:10:00Z");
        // the same ID again and again is no enumeration (that is guessing, which the locks stop)
        for (int i = 0; i < 10; i++) {
            assertThat(networks.miss("203.0.113.7", "id-a", t)).isFalse();
        }
        assertThat(networks.miss("203.0.113.8", "id-b", t)).isFalse();
        // the third distinct ID from the same /24, whatever its host
        assertThat(networks.miss("203.0.113.250", "id-c", t)).isTrue();
        assertThat(networks.miss("203.0.113.9", "id-d", t)).isFalse();
        // another network counts on its own
        assertThat(networks.miss("198.51.100.1", "id-a", t)).isFalse();
        // the next hour starts afresh
        Instant later = t.plusSeconds(3600);
        networks.miss("203.0.113.7", "id-a", later);
        networks.miss("203.0.113.7", "id-b", later);
        assertThat(networks.miss("203.0.113.7", "id-c", later)).isTrue();
        assertThat(MissNetworks.network("2001:db8:1234:5678::1")).isEqualTo("32.1.13.184.18.52./48");
        assertThat(MissNetworks.network("10.1.2.3")).isEqualTo("10.1.2.0/24");
    }
}
