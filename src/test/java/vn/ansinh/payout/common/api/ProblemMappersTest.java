package vn.ansinh.payout.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an unexpected error leaves in the log: its type and a short message, never a statement's values in full. */
class ProblemMappersTest {

    @Test
    void anUnexpectedErrorIsLoggedShortWithItsStackTrace() {
        IllegalStateException e = new IllegalStateException("Parameter at position[1] with value = [" + "x".repeat(5000) + "]",
                new RuntimeException("cause with 079123456789"));
        Throwable logged = ProblemMappers.sanitized(e);
        assertThat(logged.getMessage()).startsWith("java.lang.IllegalStateException: Parameter at position[1]")
                .hasSizeLessThan(260);
        assertThat(logged.getCause()).isNull();
        assertThat(logged.getStackTrace()).isEqualTo(e.getStackTrace());
    }
}
