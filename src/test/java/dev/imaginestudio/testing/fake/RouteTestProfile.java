package dev.imaginestudio.testing.fake;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The studio with hosted routes pointed at fakes (the subclass names them in {@code testResources}), its own
 * in-memory database and data directory, the offline preview off, and a {@link ShiftableClock}. Poll delays are
 * seconds as in production: tests move the clock instead of waiting.
 */
public abstract class RouteTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:routes-" + name() + ";DB_CLOSE_DELAY=-1");
        config.put("studio.data-dir", "target/test-data-routes-" + name());
        config.put("studio.preview.enabled", "false");
        config.put("studio.limits.download-attempts", "3");
        config.put("studio.limits.poll-failures", "5");
        for (String route : new String[] {"openrouter", "aigateway", "xai"}) {
            config.put("studio." + route + ".connect-timeout", "1s");
            config.put("studio." + route + ".request-timeout", "2s");
            // so that the tests looking for a key in log lines see every line the route writes
            config.put("quarkus.log.category.\"dev.imaginestudio.provider." + route + "\".level", "DEBUG");
        }
        config.put("quarkus.log.category.\"dev.imaginestudio.provider.http\".level", "DEBUG");
        config.putAll(extra());
        return config;
    }

    /** Distinguishes the databases and data directories of the profiles. */
    protected abstract String name();

    protected Map<String, String> extra() {
        return Map.of();
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ShiftableClock.class);
    }
}
