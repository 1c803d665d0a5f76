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

    /**
     * The shapes the outage suite (src/reliability/outage.sh) met while PostgreSQL was down, answered
     * 500 before: they are the database being unavailable (503 with Retry-After).
     */
    @Test
    void theDatabaseBeingDownIsRecognisedThroughItsWrappers() {
        Throwable refused = new java.net.ConnectException("Connection refused: /127.0.0.1:5432");
        assertThat(ProblemMappers.databaseUnavailable(
                new org.hibernate.HibernateException("HR000092: Unable to open a connection to the database", refused), 0)).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(
                new io.smallrye.mutiny.CompositeException(new IllegalStateException("rollback failed"), refused), 0)).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(new io.vertx.pgclient.PgException(
                "terminating connection due to administrator command", "FATAL", "57P01", null), 0)).isTrue();
        // a statement in flight when the server stopped, with the failed rollback beside it
        assertThat(ProblemMappers.databaseUnavailable(new io.smallrye.mutiny.CompositeException(
                new IllegalStateException("HR000090: Live transaction detected while closing the connection"),
                new org.hibernate.HibernateException(io.vertx.sqlclient.ClosedConnectionException.INSTANCE)), 0)).isTrue();
        // and not every error is
        assertThat(ProblemMappers.databaseUnavailable(new IllegalStateException("a bug", new RuntimeException("x")), 0)).isFalse();
        assertThat(ProblemMappers.databaseUnavailable(new io.vertx.pgclient.PgException(
                "duplicate key", "ERROR", "23505", null), 0)).isFalse();
        // a protocol violation (a wrong number of bind parameters) is a bug, not an outage
        assertThat(ProblemMappers.databaseUnavailable(new io.vertx.pgclient.PgException(
                "bind message supplies 1 parameters", "ERROR", "08P01", null), 0)).isFalse();
    }

    /** Only the multipart parser's verdicts on a body are the client's fault; a failure to store a part is not. */
    @Test
    void onlyTheParsersVerdictsOnABodyAreBadRequests() {
        assertThat(ProblemMappers.fromMultipartParser(new java.io.IOException("Connection terminated reading multipart data"))).isTrue();
        assertThat(ProblemMappers.fromMultipartParser(new java.io.IOException("No space left on device"))).isFalse();
        assertThat(ProblemMappers.fromMultipartParser(new IllegalStateException("x"))).isFalse();
    }
}
