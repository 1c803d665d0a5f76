package vn.ansinh.payout.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What every test needs, prepared once per test run: the test database (created if missing; the
 * dev database is never touched) and a TEST-ONLY RSA key pair generated afresh, whose public half
 * the service verifies tokens with and whose private half {@link Tokens} signs with.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final Path KEY_DIR = Path.of("target", "test-jwt");
    public static final Path PRIVATE_KEY = KEY_DIR.resolve("test-only-private.pem");
    public static final Path PUBLIC_KEY = KEY_DIR.resolve("test-only-public.pem");

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + env("ANSINH_DB_HOST", "localhost") + ":" + env("ANSINH_DB_PORT", "5432") + "/"
                + database;
    }

    public static String testDatabase() {
        return env("ANSINH_TEST_DB_NAME", "ansinh_test");
    }

    public static Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(testDatabase()), env("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                env("QUARKUS_DATASOURCE_PASSWORD", ""));
    }

    @Override
    public Map<String, String> start() {
        try {
            createDatabaseIfMissing();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(KEY_DIR);
            Files.writeString(PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return Map.of("mp.jwt.verify.publickey.location", PUBLIC_KEY.toAbsolutePath().toUri().toString(),
                    "ansinh.db.name", testDatabase());
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the test environment", e);
        }
    }

    private static void createDatabaseIfMissing() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), env("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                env("QUARKUS_DATASOURCE_PASSWORD", ""));
                var st = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            st.setString(1, testDatabase());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("create database \"" + testDatabase().replace("\"", "") + "\"");
                    }
                }
            }
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
    }
}
