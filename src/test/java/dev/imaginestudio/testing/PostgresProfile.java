package dev.imaginestudio.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The studio on the local PostgreSQL (127.0.0.1:5432/test), cleaned when the profile starts. Each test class
 * extends it with a class of its own, so Quarkus restarts (and cleans) between them: no queued jobs of one
 * test are left for another's ticks to render.
 */
public abstract class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "",
                "quarkus.flyway.clean-disabled", "false",
                "quarkus.flyway.clean-at-start", "true",
                "studio.data-dir", "target/test-data-pg");
    }
}
