package dev.imaginestudio.testing.openrouter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The studio with its OpenRouter route pointed at a {@link FakeOpenRouter}, its own in-memory database and data
 * directory, the offline preview off (so OpenRouter is the default route), and a {@link ShiftableClock}. Poll
 * delays are seconds as in production: tests move the clock instead of waiting.
 */
public class OpenRouterTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:openrouter-" + name() + ";DB_CLOSE_DELAY=-1");
        config.put("studio.data-dir", "target/test-data-openrouter-" + name());
        config.put("studio.preview.enabled", "false");
        config.put("studio.openrouter.connect-timeout", "1s");
        config.put("studio.openrouter.request-timeout", "2s");
        config.put("studio.limits.download-attempts", "3");
        config.put("studio.limits.poll-failures", "5");
        // a job is not due again within a test step unless a tick or a webhook makes it so
        config.put("studio.openrouter.poll.first-delay", "20s");
        // the model list is fetched at start-up and when a test asks, never behind a test's back
        config.put("studio.openrouter.catalog-refresh", "87600h");
        // so that the tests looking for the key in log lines see every line the route writes
        config.put("quarkus.log.category.\"dev.imaginestudio.provider.openrouter\".level", "DEBUG");
        config.putAll(extra());
        return config;
    }

    /** Distinguishes the databases and data directories of the profiles. */
    protected String name() {
        return "jobs";
    }

    protected Map<String, String> extra() {
        return Map.of();
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ShiftableClock.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeOpenRouterResource.class));
    }

    /** With webhooks: a public https URL (so submits carry callback_url), a signing secret, and polls an hour apart. */
    public static class Webhooks extends OpenRouterTestProfile {

        public static final String PUBLIC_URL = "https://studio.example.test";
        public static final String SECRET = "whsec-test-secret";

        @Override
        protected String name() {
            return "webhooks";
        }

        @Override
        protected Map<String, String> extra() {
            return Map.of(
                    "studio.public-url", PUBLIC_URL,
                    "studio.openrouter.webhook-secret", SECRET,
                    "%test.studio.openrouter.webhook-secret", SECRET,
                    "studio.openrouter.poll.first-delay", "1h",
                    "studio.openrouter.poll.max-interval", "1h");
        }
    }
}
