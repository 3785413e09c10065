package dev.imaginestudio.testing.openrouter;

import dev.imaginestudio.testing.fake.FakeResource;

/** A {@link FakeOpenRouter} for a Quarkus test profile. */
public class FakeOpenRouterResource extends FakeResource<FakeOpenRouter> {

    public FakeOpenRouterResource() {
        super(FakeOpenRouter.class, "studio.openrouter", FakeOpenRouter::start);
    }
}
