package dev.imaginestudio.testing.fake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a fake provider before the studio reads its configuration, points the route at it with the fake's key,
 * and hands the fake to test fields of its type marked {@link InjectFake}. Arguments are passed on as further
 * configuration.
 *
 * @param <F> the fake
 */
public abstract class FakeResource<F extends FakeServer<?, ?, F>> implements QuarkusTestResourceLifecycleManager {

    private final Class<F> type;
    private final String prefix;
    private final Supplier<F> starter;
    private F fake;
    private Map<String, String> args = Map.of();

    /** {@code prefix} is the route's configuration prefix, e.g. {@code studio.xai}; {@code starter} starts a fake. */
    protected FakeResource(Class<F> type, String prefix, Supplier<F> starter) {
        this.type = type;
        this.prefix = prefix;
        this.starter = starter;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs == null ? Map.of() : Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        fake = starter.get();
        Map<String, String> config = new HashMap<>(args);
        config.put(prefix + ".api-key", fake.defaultKey());
        // application.properties blanks the keys in the test profile (no developer's real key in tests)
        config.put("%test." + prefix + ".api-key", fake.defaultKey());
        config.put(prefix + ".base-url", fake.baseUrl());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(InjectFake.class, type));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
