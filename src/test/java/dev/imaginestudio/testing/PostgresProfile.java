package dev.imaginestudio.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The studio on the local PostgreSQL (127.0.0.1:5432), in a database created for the test class and dropped after
 * it ({@link PostgresDatabase}). Each test class extends it with a class of its own, so Quarkus restarts between
 * them: no queued jobs of one test are left for another's ticks to render.
 */
public abstract class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "",
                "studio.data-dir", "target/test-data-pg");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresDatabase.class));
    }
}
