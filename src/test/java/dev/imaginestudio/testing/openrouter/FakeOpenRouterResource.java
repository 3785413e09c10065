package dev.imaginestudio.testing.openrouter;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link FakeOpenRouter} before the studio reads its configuration, points the studio at it, and hands
 * it to fields marked {@link InjectFakeOpenRouter}. Arguments are passed on as further configuration.
 */
public class FakeOpenRouterResource implements QuarkusTestResourceLifecycleManager {

    private FakeOpenRouter fake;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs == null ? Map.of() : Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        fake = FakeOpenRouter.start();
        Map<String, String> config = new HashMap<>(args);
        config.put("studio.openrouter.api-key", FakeOpenRouter.DEFAULT_KEY);
        // application.properties blanks the key in the test profile (no developer's real key in tests)
        config.put("%test.studio.openrouter.api-key", FakeOpenRouter.DEFAULT_KEY);
        config.put("studio.openrouter.base-url", fake.baseUrl());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(InjectFakeOpenRouter.class, FakeOpenRouter.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
