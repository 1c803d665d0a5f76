package vn.ansinh.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Demo data and dev conveniences must never reach production configuration. */
class ProfilesTest {

    private static Properties properties() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }

    @Test
    void demoDataLoadsOnlyInTheDevProfile() throws Exception {
        Properties p = properties();
        assertThat(p.getProperty("quarkus.flyway.locations")).isEqualTo("db/migration");
        p.stringPropertyNames().stream()
                .filter(k -> k.endsWith("quarkus.flyway.locations") && p.getProperty(k).contains("db/demo"))
                .forEach(k -> assertThat(k).startsWith("%dev."));
    }

    @Test
    void productionNeverCleansTheDatabaseAndLogsAsJson() throws Exception {
        Properties p = properties();
        assertThat(p.getProperty("quarkus.flyway.clean-disabled")).isEqualTo("true");
        assertThat(p.getProperty("quarkus.flyway.clean-at-start")).isNull();
        assertThat(p.getProperty("quarkus.log.console.json.enabled")).isEqualTo("true");
        assertThat(p.getProperty("quarkus.security.jaxrs.deny-unannotated-endpoints")).isEqualTo("true");
        assertThat(p.getProperty("quarkus.hibernate-orm.schema-management.strategy")).isEqualTo("validate");
    }
}
