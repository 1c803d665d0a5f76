package vn.ansinh.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The application's compiled classes ({@code target/classes}, which is what the production jar packages)
 * hold no simulator of an outside system; the tests' classes do. {@code .ci/run} checks the packaged jar
 * itself after a production build.
 */
class NoSimulatorInProductionTest {

    static List<String> classes(String dir) throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            return files.filter(p -> p.toString().endsWith(".class")).map(Path::toString).toList();
        }
    }

    @Test
    void theApplicationHasNoSimulatorClassAndTheTestsHaveThem() throws Exception {
        assertThat(classes("target/classes")).isNotEmpty()
                .noneMatch(c -> c.toLowerCase(java.util.Locale.ROOT).contains("simulator"))
                .anyMatch(c -> c.endsWith("HttpPopulationRegistry.class"))
                .anyMatch(c -> c.endsWith("HttpBankAccounts.class"));
        assertThat(classes("target/test-classes")).anyMatch(c -> c.endsWith("LocalPopulationRegistrySimulator.class"))
                .anyMatch(c -> c.endsWith("LocalBankAccountsSimulator.class"))
                .anyMatch(c -> c.endsWith("LocalSmsSimulator.class"));
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            assertThat(sources.map(Path::toString)).noneMatch(p -> p.contains("Simulator"));
        }
    }
}
