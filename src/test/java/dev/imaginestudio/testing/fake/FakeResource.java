package dev.imaginestudio.testing.fake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

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
    private F fake;
    private Map<String, String> args = Map.of();

    /** {@code prefix} is the route's configuration prefix, e.g. {@code studio.xai}. */
    protected FakeResource(Class<F> type, String prefix) {
        this.type = type;
        this.prefix = prefix;
    }

    protected abstract F startFake();

    protected abstract String key();

    protected abstract String baseUrl(F fake);

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs == null ? Map.of() : Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        fake = startFake();
        Map<String, String> config = new HashMap<>(args);
        config.put(prefix + ".api-key", key());
        // application.properties blanks the keys in the test profile (no developer's real key in tests)
        config.put("%test." + prefix + ".api-key", key());
        config.put(prefix + ".base-url", baseUrl(fake));
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
