package dev.imaginestudio.web;

import dev.imaginestudio.common.Formats;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which routes the studio can use and how each is switched on, plus where it keeps its data. Never shows a key:
 * only the name of the variable that holds it.
 */
@Path("/settings")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class SettingsPages {

    /** Hosted routes and the environment variable holding each one's key. */
    private static final List<PlannedRoute> HOSTED = List.of(
            new PlannedRoute("openrouter", "OpenRouter", "OPENROUTER_API_KEY"),
            new PlannedRoute("aigateway", "AIgateway", "AIGATEWAY_API_KEY"),
            new PlannedRoute("xai", "xAI", "XAI_API_KEY"));

    private static final Map<String, String> ENV_VARS = HOSTED.stream()
            .collect(Collectors.toMap(PlannedRoute::id, PlannedRoute::envVar));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(SettingsView view);
    }

    /** A route the studio has code for. */
    public record Route(String id, String name, boolean enabled, String howToEnable, List<ModelCapabilities> models,
                        String webhookWarning) {
    }

    /** A hosted route the studio does not support yet. */
    public record PlannedRoute(String id, String name, String envVar) {
    }

    public record SettingsView(List<Route> routes, List<PlannedRoute> planned, String defaultModel, String dataDir,
                               boolean pollerEnabled, String pollerTick, int pollerWorkers, String publicUrl) {
    }

    private final ModelCatalog catalog;
    private final StudioConfig config;

    SettingsPages(ModelCatalog catalog, StudioConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    @GET
    public TemplateInstance settings() {
        List<Route> routes = catalog.allProviders().stream()
                .sorted((a, b) -> Boolean.compare(b.enabled(), a.enabled()))
                .map(p -> new Route(p.id(), p.displayName(), p.enabled(), howToEnable(p), p.models(), p.webhookWarning()))
                .toList();
        Set<String> known = routes.stream().map(Route::id).collect(Collectors.toSet());
        List<PlannedRoute> planned = HOSTED.stream().filter(r -> !known.contains(r.id())).toList();
        String defaultModel;
        try {
            defaultModel = catalog.defaultModel().id();
        } catch (IllegalStateException e) {
            defaultModel = null;
        }
        return Templates.settings(new SettingsView(routes, planned, defaultModel,
                config.dataDir().toAbsolutePath().normalize().toString(), config.poller().enabled(),
                Formats.duration(config.poller().tick()), config.poller().workers(),
                config.publicUrl().orElse(null)));
    }

    private static String howToEnable(VideoProvider p) {
        String env = ENV_VARS.get(p.id());
        if (env != null) {
            return p.enabled() ? "Key read from " + env + " (never shown)" : "Set " + env + " to enable";
        }
        if ("local".equals(p.id())) {
            return p.enabled() ? "Always available; studio.preview.enabled=false switches it off"
                    : "Switched off by studio.preview.enabled=false";
        }
        return p.enabled() ? "Enabled" : "Not configured";
    }
}
