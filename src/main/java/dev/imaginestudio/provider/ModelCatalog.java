package dev.imaginestudio.provider;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every model of every enabled route, and the provider behind each route. */
@ApplicationScoped
public class ModelCatalog {

    private final Instance<VideoProvider> providers;
    private final StudioConfig config;

    ModelCatalog(@Any Instance<VideoProvider> providers, StudioConfig config) {
        this.providers = providers;
        this.config = config;
    }

    /**
     * The enabled routes in {@code studio.route-order}, so the first one's model is the default; routes the order
     * does not name follow, hosted ones before the free preview.
     */
    public List<VideoProvider> enabledProviders() {
        return allProviders().stream().filter(VideoProvider::enabled).toList();
    }

    /** Every route, enabled or not, in {@code studio.route-order}. */
    public List<VideoProvider> allProviders() {
        return ordered(
                providers.stream().toList(), VideoProvider::id, VideoProvider::resubmitIsFree, config.routeOrder());
    }

    /** Routes named in {@code order} first, in that order; the others after, free ones last. */
    static <T> List<T> ordered(
            List<T> routes,
            java.util.function.Function<T, String> id,
            java.util.function.Predicate<T> free,
            List<String> order) {
        List<String> ids =
                order.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        Comparator<T> rank = Comparator.comparingInt(r -> {
            int i = ids.indexOf(id.apply(r));
            return i >= 0 ? i : ids.size() + (free.test(r) ? 1 : 0);
        });
        return routes.stream().sorted(rank.thenComparing(id)).toList();
    }

    public List<ModelCapabilities> models() {
        return enabledProviders().stream().flatMap(p -> p.models().stream()).toList();
    }

    public Optional<ModelCapabilities> find(String modelId) {
        if (modelId == null) {
            return Optional.empty();
        }
        return models().stream().filter(m -> m.id().equals(modelId)).findFirst();
    }

    public ModelCapabilities defaultModel() {
        return config.defaultModel()
                .flatMap(this::find)
                .orElseGet(() -> models().stream()
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no video provider is enabled")));
    }

    /** The provider of a route, enabled or not: jobs already submitted must still be followed. */
    public Optional<VideoProvider> provider(String route) {
        return providers.stream().filter(p -> p.id().equals(route)).findFirst();
    }
}
