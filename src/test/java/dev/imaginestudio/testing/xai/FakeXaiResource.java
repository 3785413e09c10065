package dev.imaginestudio.testing.xai;

import dev.imaginestudio.testing.fake.FakeResource;

/** A {@link FakeXai} for a Quarkus test profile. */
public class FakeXaiResource extends FakeResource<FakeXai> {

    public FakeXaiResource() {
        super(FakeXai.class, "studio.xai", FakeXai::start);
    }
}
