package dev.imaginestudio.testing.aigateway;

import dev.imaginestudio.testing.fake.RouteTestProfile;
import java.util.Map;

/**
 * The studio with only its AIgateway route on, pointed at a {@link FakeAigateway}: a public https URL (so submits
 * carry {@code webhook_url}) and a webhook secret, and polls configured faster than AIgateway allows (1 s first,
 * 2 s at most), so AIgateway's own 3 s between polls of a job is what the tests see.
 */
public class AigatewayTestProfile extends RouteTestProfile {

    public static final String PUBLIC_URL = "https://studio.example.test";
    public static final String SECRET = "aig-whsec-test-secret";

    public AigatewayTestProfile() {
        super(
                "aigateway",
                Map.of(
                        "studio.public-url", PUBLIC_URL,
                        "studio.aigateway.webhook-secret", SECRET,
                        "%test.studio.aigateway.webhook-secret", SECRET,
                        "studio.aigateway.poll.first-delay", "1s",
                        "studio.aigateway.poll.max-interval", "2s"),
                FakeAigatewayResource.class);
    }
}
