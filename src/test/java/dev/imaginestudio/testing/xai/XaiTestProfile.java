package dev.imaginestudio.testing.xai;

import dev.imaginestudio.testing.fake.RouteTestProfile;
import java.util.Map;

/**
 * The studio with only its xAI route on, pointed at a {@link FakeXai}. Polls are configured faster than xAI allows
 * (100 ms first, 500 ms at most), so the route's own pace, one request a second, is what the tests see.
 */
public class XaiTestProfile extends RouteTestProfile {

    public XaiTestProfile() {
        super(
                "xai",
                Map.of("studio.xai.poll.first-delay", "100ms", "studio.xai.poll.max-interval", "500ms"),
                FakeXaiResource.class);
    }
}
