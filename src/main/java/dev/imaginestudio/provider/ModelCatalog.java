package dev.imaginestudio.provider;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
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

    /** Hosted routes first, so a configured key makes the real model the default; the free preview last. */
    public List<VideoProvider> enabledProviders() {
        return providers.stream().filter(VideoProvider::enabled)
                .sorted((a, b) -> Boolean.compare(a.resubmitIsFree(), b.resubmitIsFree()))
                .toList();
    }

    public List<VideoProvider> allProviders() {
        return providers.stream().toList();
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
        return config.defaultModel().flatMap(this::find)
                .orElseGet(() -> models().stream().findFirst()
                        .orElseThrow(() -> new IllegalStateException("no video provider is enabled")));
    }

    /** The provider of a route, enabled or not: jobs already submitted must still be followed. */
    public Optional<VideoProvider> provider(String route) {
        return providers.stream().filter(p -> p.id().equals(route)).findFirst();
    }
}
