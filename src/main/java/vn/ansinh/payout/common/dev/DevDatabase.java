package vn.ansinh.payout.common.dev;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.logging.Log;

/**
 * DEV BUILDS ONLY. Creates the dev database when it is missing, so the README's run command works on a
 * fresh machine with PostgreSQL running (the tests do the same for theirs in {@code TestEnvironment}).
 * It runs as Flyway is configured, before any connection to the database is opened. Production builds
 * do not contain this class: there the database and its roles are provisioned with the infrastructure.
 */
@IfBuildProfile("dev")
@Singleton
public class DevDatabase implements FlywayConfigurationCustomizer {

    private final String host;
    private final int port;
    private final String name;
    private final String user;
    private final String password;

    public DevDatabase(@ConfigProperty(name = "ansinh.db.host") String host, @ConfigProperty(name = "ansinh.db.port") int port,
            @ConfigProperty(name = "ansinh.db.name") String name,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.user = user;
        this.password = password.orElse("");
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        String maintenance = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(maintenance, user, password);
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database \"" + name.replace("\"", "") + "\"");
            }
            Log.infof("dev database %s created on %s:%d", name, host, port);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the dev database " + name + " on " + host + ":" + port, e);
        }
    }
}
