package dev.imaginestudio.testing.openrouter;

import dev.imaginestudio.testing.fake.FakeResource;

/** A {@link FakeOpenRouter} for a Quarkus test profile. */
public class FakeOpenRouterResource extends FakeResource<FakeOpenRouter> {

    public FakeOpenRouterResource() {
        super(FakeOpenRouter.class, "studio.openrouter");
    }

    @Override
    protected FakeOpenRouter startFake() {
        return FakeOpenRouter.start();
    }

    @Override
    protected String key() {
        return FakeOpenRouter.DEFAULT_KEY;
    }

    @Override
    protected String baseUrl(FakeOpenRouter fake) {
        return fake.baseUrl();
    }
}
