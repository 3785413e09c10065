package dev.imaginestudio.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own on the local PostgreSQL (127.0.0.1:5432, user postgres), created when a test class starts
 * and dropped when it ends: tests never touch a database they did not create. Its default is
 * {@code synchronous_commit = off}, as a careless server might have it, so the tests also show that the studio
 * makes its own commits durable.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String name;

    @Override
    public Map<String, String> start() {
        name = "studio_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name, "ALTER DATABASE " + name + " SET synchronous_commit = off");
        return Map.of("quarkus.datasource.jdbc.url", SERVER + name);
    }

    @Override
    public void stop() {
        if (name != null) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL on 127.0.0.1:5432 (user postgres) is needed for this test: " + e.getMessage(), e);
        }
    }
}
