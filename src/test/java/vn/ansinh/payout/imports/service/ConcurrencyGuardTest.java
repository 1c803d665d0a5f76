package vn.ansinh.payout.imports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;

/** ansinh.imports.max-concurrent: imports over it are refused at once (503), never queued; permits come back. */
class ConcurrencyGuardTest {

    private final AtomicInteger started = new AtomicInteger();
    private final ConcurrencyGuard guard = new ConcurrencyGuard(2,
            () -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "detail.importsBusy", 2).header("Retry-After", "30"));

    /** An import that runs until {@code release} completes. */
    private Uni<String> held(CompletableFuture<String> release) {
        return guard.run(() -> {
            started.incrementAndGet();
            return Uni.createFrom().completionStage(release);
        });
    }

    @Test
    void oneMoreThanTheLimitIsRefusedAtOnceWithoutRunning() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Cancellable a = held(first).subscribe().with(x -> { });
        held(second).subscribe().with(x -> { });
        assertThat(guard.running()).isEqualTo(2);

        assertThatThrownBy(() -> held(new CompletableFuture<>()).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(started).hasValue(2);

        // one ends (its item), one is cancelled (the client went away): both permits come back, once each
        first.complete("done");
        a.cancel();
        second.completeExceptionally(new IllegalStateException("a bad file"));
        assertThat(guard.running()).isZero();
        assertThat(held(CompletableFuture.completedFuture("next")).await().atMost(Duration.ofSeconds(5))).isEqualTo("next");
        assertThat(guard.running()).isZero();
    }

    @Test
    void aCancelledImportGivesItsPermitBack() {
        Cancellable a = held(new CompletableFuture<>()).subscribe().with(x -> { });
        Cancellable b = held(new CompletableFuture<>()).subscribe().with(x -> { });
        assertThat(guard.running()).isEqualTo(2);
        a.cancel();
        b.cancel();
        assertThat(guard.running()).isZero();
    }

    @Test
    void anOperationThatFailsToStartGivesItsPermitBack() {
        assertThatThrownBy(() -> guard.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(guard.running()).isZero();
    }
}
