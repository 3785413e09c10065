package dev.imaginestudio.testing.fake;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The studio with hosted routes pointed at fakes (one {@link FakeResource} each), its own in-memory database and
 * data directory, the offline preview off, and a {@link ShiftableClock}. Poll delays are seconds as in production:
 * tests move the clock instead of waiting.
 */
public abstract class RouteTestProfile implements QuarkusTestProfile {

    private final String name;
    private final Map<String, String> extra;
    private final List<Class<? extends FakeResource<?>>> fakes;

    /**
     * @param name  distinguishes the databases and data directories of the profiles
     * @param extra further configuration
     * @param fakes the fake providers to start
     */
    @SafeVarargs
    protected RouteTestProfile(String name, Map<String, String> extra, Class<? extends FakeResource<?>>... fakes) {
        this.name = name;
        this.extra = Map.copyOf(extra);
        this.fakes = Arrays.asList(fakes);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:routes-" + name + ";DB_CLOSE_DELAY=-1");
        config.put("studio.data-dir", "target/test-data-routes-" + name);
        config.put("studio.preview.enabled", "false");
        config.put("studio.limits.download-attempts", "3");
        config.put("studio.limits.poll-failures", "5");
        // the model list is fetched at start-up and when a test asks, never behind a test's back
        config.put("studio.openrouter.catalog-refresh", "87600h");
        for (String route : new String[] {"openrouter", "aigateway", "xai"}) {
            config.put("studio." + route + ".connect-timeout", "1s");
            config.put("studio." + route + ".request-timeout", "2s");
            // so that the tests looking for a key in log lines see every line the route writes
            config.put("quarkus.log.category.\"dev.imaginestudio.provider." + route + "\".level", "DEBUG");
        }
        config.put("quarkus.log.category.\"dev.imaginestudio.provider.http\".level", "DEBUG");
        config.putAll(extra);
        return config;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ShiftableClock.class, ClockPause.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return fakes.stream().map(TestResourceEntry::new).toList();
    }
}
