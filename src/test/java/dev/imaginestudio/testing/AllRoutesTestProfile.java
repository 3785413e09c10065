package dev.imaginestudio.testing;

import dev.imaginestudio.testing.aigateway.FakeAigatewayResource;
import dev.imaginestudio.testing.fake.RouteTestProfile;
import dev.imaginestudio.testing.openrouter.FakeOpenRouterResource;
import dev.imaginestudio.testing.xai.FakeXaiResource;
import java.util.Map;

/**
 * The studio with all three hosted routes on, each pointed at its fake, the offline preview on too, and a route
 * order that is not the default (xAI first, then OpenRouter; AIgateway and the preview follow).
 */
public class AllRoutesTestProfile extends RouteTestProfile {

    public AllRoutesTestProfile() {
        super(
                "all",
                Map.of("studio.preview.enabled", "true", "studio.route-order", "xai,openrouter"),
                FakeOpenRouterResource.class,
                FakeAigatewayResource.class,
                FakeXaiResource.class);
    }
}
