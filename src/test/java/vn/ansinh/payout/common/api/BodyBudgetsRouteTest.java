package vn.ansinh.payout.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.MemorySize;
import vn.ansinh.payout.common.api.BodyBudgets.Route;

/**
 * The body limit of a request is chosen from its path as the router resolves it: only the canonical form of an
 * upload route earns that route's budget; a variant of one, and any unknown path, gets the smallest (JSON).
 */
class BodyBudgetsRouteTest {

    static final String ID = "0b7d3c2e-5f1a-4c8e-9d2b-7a6e5f4c3b2a";
    static final long MIB = 1024 * 1024;

    static MemorySize mib(long n) {
        return new MemorySize(java.math.BigInteger.valueOf(n * MIB));
    }

    static BodyBudgets budgets() {
        return new BodyBudgets(mib(1), mib(64), mib(128),
                mib(20), "target/spool-unit", mib(160), Duration.ofSeconds(10), Duration.ofMinutes(30));
    }

    @Test
    void theCanonicalUploadRoutesGetTheirBudgets() {
        BodyBudgets b = budgets();
        assertThat(b.limit("/api/v1/imports")).isEqualTo(64 * MIB);
        assertThat(b.limit("/api/v1/cycles/" + ID + "/reconciliations")).isEqualTo(128 * MIB);
        assertThat(b.limit("/api/v1/deliveries/" + ID + "/confirmation")).isEqualTo(20 * MIB + BodyBudgets.MULTIPART_OVERHEAD);
        assertThat(b.limit(Route.CONFIRMATION)).isEqualTo(20 * MIB + BodyBudgets.MULTIPART_OVERHEAD);
        assertThat(BodyBudgets.setting("/api/v1/imports")).isEqualTo("ansinh.imports.max-file-size");
        assertThat(b.limit("/api/v1/beneficiaries")).isEqualTo(MIB);
        assertThat(b.limit("/api/v1/public/payment-status")).isEqualTo(MIB);
    }

    @Test
    void noVariantOfAPathEarnsMoreThanTheSmallestBudget() {
        BodyBudgets b = budgets();
        for (String variant : new String[] {
                "/api/v1/imports/", "//api/v1/imports", "/api/v1//imports", "/api/v1/%69mports", "/api/v1/imports%2F",
                "/api/v1/imports;jsessionid=1", "/api/v1/./imports", "/api/v1/x/../imports", "/API/V1/IMPORTS",
                "/api/v1/Imports", "/api/v1/imports/../beneficiaries", "/api/v1/imports/..%2Fbeneficiaries",
                "/api/v1/cycles/" + ID + "/reconciliations/", "/api/v1/cycles/" + ID + "/reconciliations/../../../beneficiaries",
                "/api/v1/cycles/..%2F..%2Fbeneficiaries/reconciliations", "/api/v1/cycles/not-an-id/reconciliations",
                "/api/v1/cycles/" + ID + ";a=b/reconciliations", "/api/v1/deliveries/" + ID + "/confirmation/",
                "/api/v1/deliveries/" + ID.toUpperCase() + "/CONFIRMATION", "/api/v1/deliveries/" + ID + "/%63onfirmation",
                "/api/v1/deliveries/../../../etc/passwd/confirmation", "/api/v1/nothing-here", "/", "", "/%zz" }) {
            assertThat(BodyBudgets.route(variant)).as(variant).isEqualTo(Route.JSON);
            assertThat(b.limit(variant)).as(variant).isEqualTo(MIB);
            assertThat(BodyBudgets.setting(variant)).as(variant).isEqualTo("ansinh.http.max-body-size");
        }
    }

    @Test
    void aVariantOfAnUploadRouteIsRecognisedAsOneSoItCanBeRefused() {
        for (String variant : new String[] { "/api/v1/imports/", "/api/v1//imports", "/api/v1/%69mports", "/API/V1/IMPORTS",
                "/api/v1/imports;x=1", "/api/v1/cycles/" + ID + "/reconciliations/", "/api/v1/cycles/..%2Fx/reconciliations",
                "/api/v1/deliveries/" + ID + "/confirmation;a=b", "/api/v1/deliveries/..%2F..%2Fetc/confirmation" }) {
            assertThat(BodyBudgets.intendedRoute(variant)).as(variant).isNotEqualTo(Route.JSON);
        }
        for (String other : new String[] { "/api/v1/imports/../beneficiaries", "/api/v1/beneficiaries", "/api/v1/sync",
                "/api/v1/cycles/" + ID + "/reconciliations/../approve" }) {
            assertThat(BodyBudgets.intendedRoute(other)).as(other).isEqualTo(Route.JSON);
        }
    }

    @Test
    void normalisingResolvesWhatARouterWould() {
        assertThat(BodyBudgets.normalize("/api//v1/./x/../imports/;a=1")).isEqualTo("/api/v1/imports");
        assertThat(BodyBudgets.normalize("/api/v1/imports%2F..%2F..%2Fsync")).isEqualTo("/api/sync");
        assertThat(BodyBudgets.normalize("/../../etc")).isEqualTo("/etc");
    }

    @Test
    void theJsonLimitMustBeTheSmallest() {
        assertThatThrownBy(() -> new BodyBudgets(mib(32), mib(16), mib(128),
                mib(20), "target/spool-unit", mib(160), Duration.ofSeconds(10), Duration.ofMinutes(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ansinh.http.max-body-size");
    }

    @Test
    void aFileOlderThanTheLongestRequestIsSweptEvenWhileUploadsAreInFlight() throws Exception {
        BodyBudgets budgets = budgets();
        java.nio.file.Path dir = java.nio.file.Path.of("target/spool-unit");
        java.nio.file.Files.createDirectories(dir);
        try (var old = java.nio.file.Files.newDirectoryStream(dir)) {
            for (java.nio.file.Path p : old) {
                java.nio.file.Files.delete(p);
            }
        }
        budgets.uploadStarted(); // steady traffic: the idle sweep never runs
        java.nio.file.Path orphan = java.nio.file.Files.writeString(dir.resolve("orphan"), "left by a lost request");

        assertThat(budgets.sweepStale()).isZero(); // first seen: it may belong to a request in flight
        assertThat(orphan).exists();
        java.nio.file.Path fresh = java.nio.file.Files.writeString(dir.resolve("fresh"), "a request in flight");

        assertThat(budgets.sweepStale()).isEqualTo(1); // seen a period ago: older than any request may take
        assertThat(orphan).doesNotExist();
        assertThat(fresh).exists();
        assertThat(budgets.uploadsInFlight()).isEqualTo(1);

        assertThat(budgets.sweepStale()).isEqualTo(1);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void theLongestRequestMustBePositive() {
        assertThatThrownBy(() -> new BodyBudgets(mib(1), mib(64), mib(128),
                mib(20), "target/spool-unit", mib(160), Duration.ofSeconds(10), Duration.ZERO))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max-request-duration");
    }
}
