package vn.ansinh.payout.area;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The in-memory area tree that every jurisdiction check reads. Jurisdiction is asked inside transactions
 * that already hold a pooled connection; a directory that needed a second connection to refresh itself
 * would, with every connection held by such transactions, wait for one that never comes (eight
 * concurrent registrations once hung this way until the pool's acquisition time-out).
 */
@QuarkusTest
class AreaDirectoryTest {

    @Inject
    AreaDirectory directory;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @Test
    void aStaleDirectoryAnswersAtOnceEvenWhenEveryConnectionIsTaken() {
        assertThat(directory.pathOf("21211").await().indefinitely()).isEqualTo("/51/21211/");
        directory.expireForTest();
        List<SqlConnection> held = new ArrayList<>();
        CompletableFuture<String> answer;
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(30)));
            }
            // every connection is taken, as by transactions each asking about their area: the stale copy answers
            answer = directory.pathOf("21211").subscribeAsCompletionStage();
            assertThat(answer).isCompletedWithValue("/51/21211/");
        } finally {
            held.forEach(SqlConnection::closeAndAwait);
        }
        // the refresh it asked for runs once a connection is free, and only one runs for many stale reads
        for (int i = 0; i < 20; i++) {
            directory.pathOf("21211").await().indefinitely();
        }
        directory.refreshForTest().await().atMost(Duration.ofSeconds(30));
        assertThat(directory.staleForTest()).isFalse();
    }

    @Test
    void anUnknownCodeAskedWhileEveryConnectionIsTakenIsAnsweredUnknownInsteadOfHanging() {
        directory.refresh().await().indefinitely();
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(30)));
            }
            // the reload it asks for cannot get a connection: the answer comes from the copy, after a short wait
            assertThat(directory.pathOf("98778").await().atMost(AreaDirectory.UNKNOWN_CODE_WAIT.multipliedBy(5))).isNull();
            assertThat(directory.pathOf("21211").subscribeAsCompletionStage()).isCompletedWithValue("/51/21211/");
        } finally {
            held.forEach(SqlConnection::closeAndAwait);
        }
        directory.refreshForTest().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void theTreeChangedThroughThisReplicaIsReloaded() {
        vn.ansinh.payout.testing.TestAreas.ensureProvince("98");
        directory.refresh().await().indefinitely();
        vn.ansinh.payout.cycle.CycleFixture.sql("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                + "values ('98779', 'Xã Mới Nữa', 'COMMUNE', 'commune', '98', date '2026-01-01')");
        directory.invalidate();
        directory.refreshForTest().await().atMost(Duration.ofSeconds(30));
        assertThat(directory.expand(java.util.Set.of("98")).await().indefinitely()).contains("98779");
    }

    @Test
    void aCodeAddedBehindItsBackIsFoundAtOnce() {
        vn.ansinh.payout.testing.TestAreas.ensureProvince("98");
        assertThat(directory.pathOf("98777").await().indefinitely()).isNull();
        // a commune another replica created: not in this replica's copy, which reloads when asked about it
        vn.ansinh.payout.cycle.CycleFixture.sql("insert into area (code, name, level, unit_type, parent_code, valid_from) "
                + "values ('98777', 'Xã Mới', 'COMMUNE', 'commune', '98', date '2026-01-01')");
        assertThat(directory.pathOf("98777").await().indefinitely()).isEqualTo("/98/98777/");
    }
}
