package dev.imaginestudio.testing.openrouter;

import dev.imaginestudio.testing.fake.RouteTestProfile;
import java.util.Map;

/**
 * The studio with its OpenRouter route pointed at a {@link FakeOpenRouter} (so OpenRouter is the default route),
 * a job not due again within a test step unless a tick or a webhook makes it so.
 */
public class OpenRouterTestProfile extends RouteTestProfile {

    public OpenRouterTestProfile() {
        super("openrouter-jobs", Map.of("studio.openrouter.poll.first-delay", "20s"), FakeOpenRouterResource.class);
    }

    /** With webhooks: a public https URL (so submits carry callback_url), a signing secret, and polls an hour apart. */
    public static class Webhooks extends RouteTestProfile {

        public static final String PUBLIC_URL = "https://studio.example.test";
        public static final String SECRET = "whsec-test-secret";

        public Webhooks() {
            super(
                    "openrouter-webhooks",
                    Map.of(
                            "studio.public-url", PUBLIC_URL,
                            "studio.openrouter.webhook-secret", SECRET,
                            "%test.studio.openrouter.webhook-secret", SECRET,
                            "studio.openrouter.poll.first-delay", "1h",
                            "studio.openrouter.poll.max-interval", "1h"),
                    FakeOpenRouterResource.class);
        }
    }
}
