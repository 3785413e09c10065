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

/**
 * Which routes the studio can use and how each is switched on, plus where it keeps its data. Never shows a key:
 * only the name of the variable that holds it.
 */
@Path("/settings")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class SettingsPages {

    /** The environment variable holding each hosted route's key. */
    private static final Map<String, String> ENV_VARS = Map.of(
            "openrouter", "OPENROUTER_API_KEY",
            "aigateway", "AIGATEWAY_API_KEY",
            "xai", "XAI_API_KEY");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(SettingsView view);
    }

    /** A route the studio has code for. */
    public record Route(
            String id,
            String name,
            boolean enabled,
            String howToEnable,
            List<ModelCapabilities> models,
            String webhookWarning) {}

    public record SettingsView(
            List<Route> routes,
            String defaultModel,
            String dataDir,
            boolean pollerEnabled,
            String pollerTick,
            int pollerWorkers,
            String publicUrl) {}

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
                .map(p ->
                        new Route(p.id(), p.displayName(), p.enabled(), howToEnable(p), p.models(), p.webhookWarning()))
                .toList();
        String defaultModel;
        try {
            defaultModel = catalog.defaultModel().id();
        } catch (IllegalStateException e) {
            defaultModel = null;
        }
        return Templates.settings(new SettingsView(
                routes,
                defaultModel,
                config.dataDir().toAbsolutePath().normalize().toString(),
                config.poller().enabled(),
                Formats.duration(config.poller().tick()),
                config.poller().workers(),
                config.publicUrl().orElse(null)));
    }

    private static String howToEnable(VideoProvider p) {
        String env = ENV_VARS.get(p.id());
        if (env != null) {
            return p.enabled() ? "Key read from " + env + " (never shown)" : "Set " + env + " to enable";
        }
        if ("local".equals(p.id())) {
            return p.enabled()
                    ? "Always available; studio.preview.enabled=false switches it off"
                    : "Switched off by studio.preview.enabled=false";
        }
        return p.enabled() ? "Enabled" : "Not configured";
    }
}
