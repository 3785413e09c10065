package dev.imaginestudio.testing.aigateway;

import dev.imaginestudio.testing.fake.FakeResource;

/** A {@link FakeAigateway} for a Quarkus test profile. */
public class FakeAigatewayResource extends FakeResource<FakeAigateway> {

    public FakeAigatewayResource() {
        super(FakeAigateway.class, "studio.aigateway", FakeAigateway::start);
    }
}
