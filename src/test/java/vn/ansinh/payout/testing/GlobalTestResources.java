package vn.ansinh.payout.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link TestEnvironment} for every @QuarkusTest, so the suite boots Quarkus once. */
@QuarkusTestResource(TestEnvironment.class)
public final class GlobalTestResources {
    private GlobalTestResources() {
    }
}
