package dev.imaginestudio.testing.aigateway;

import dev.imaginestudio.testing.fake.FakeResource;

/** A {@link FakeAigateway} for a Quarkus test profile. */
public class FakeAigatewayResource extends FakeResource<FakeAigateway> {

    public FakeAigatewayResource() {
        super(FakeAigateway.class, "studio.aigateway");
    }

    @Override
    protected FakeAigateway startFake() {
        return FakeAigateway.start();
    }

    @Override
    protected String key() {
        return FakeAigateway.DEFAULT_KEY;
    }

    @Override
    protected String baseUrl(FakeAigateway fake) {
        return fake.baseUrl();
    }
}
