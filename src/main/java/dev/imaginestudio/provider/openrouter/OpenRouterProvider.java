package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.HostedRoute;
import dev.imaginestudio.provider.http.Json;
import dev.imaginestudio.provider.http.WebhookInbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The OpenRouter route: every OpenRouter video model (Grok Imagine Video first of all) through
 * {@code /api/v1/videos}. Enabled when {@code studio.openrouter.api-key} (OPENROUTER_API_KEY) is set. Model
 * ids are OpenRouter's slugs, used unchanged as the studio's ids.
 */
@ApplicationScoped
class OpenRouterProvider extends HostedRoute {

    public static final String ROUTE = "openrouter";
    /** Where OpenRouter delivers job webhooks, below {@code studio.public-url}. */
    public static final String WEBHOOK_PATH = "/api/v1/webhooks/openrouter";

    static final String SNAPSHOT = "openrouter/models-snapshot.json";

    private final StudioConfig.OpenRouter config;
    private final String callbackUrl;
    private final OpenRouterApi api;
    private final OpenRouterCatalog catalog;

    OpenRouterProvider(StudioConfig config, Clock clock, ObjectMapper mapper) {
        super(ROUTE, "OpenRouter", 2);
        this.config = config.openrouter();
        this.callbackUrl = config.publicUrl()
                .map(String::trim)
                .filter(u -> u.startsWith("https://"))
                .map(u -> u.replaceAll("/+$", "") + WEBHOOK_PATH)
                .orElse(null);
        this.api = new OpenRouterApi(
                new OpenRouterApi.Settings(
                        this.config.baseUrl(),
                        this.config.httpReferer(),
                        this.config.title(),
                        this.config.connectTimeout(),
                        this.config.requestTimeout()),
                this.config.apiKey().orElse(null),
                mapper,
                background);
        this.catalog =
                new OpenRouterCatalog(snapshot(mapper), api::models, clock, this.config.catalogRefresh(), background);
    }

    static List<ModelCapabilities> snapshot(ObjectMapper mapper) {
        try (InputStream in = OpenRouterProvider.class.getClassLoader().getResourceAsStream(SNAPSHOT)) {
            if (in == null) {
                throw new IllegalStateException(SNAPSHOT + " is missing from the build");
            }
            return ModelListing.parse(Json.exact(mapper).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled " + SNAPSHOT + " cannot be read", e);
        }
    }

    /** Fetches the live model list at start-up, in the background, when the route is enabled. */
    void onStart(@Observes StartupEvent start) {
        if (enabled()) {
            catalog.refresh();
        }
        logWebhookWarning();
    }

    @Override
    public boolean enabled() {
        return api.hasKey();
    }

    @Override
    public List<ModelCapabilities> models() {
        return enabled() ? catalog.models() : catalog.cached();
    }

    OpenRouterCatalog catalog() {
        return catalog;
    }

    /** The webhook address sent with every submit, or null when the studio has no public https URL. */
    String callbackUrl() {
        return callbackUrl;
    }

    @Override
    public SubmitOutcome submit(SubmitRequest request) {
        return api.submit(
                request,
                catalog.find(request.providerModelId()).orElse(null),
                WebhookInbox.addressFor(callbackUrl, request.jobId()));
    }

    @Override
    public PollOutcome poll(String providerJobId) {
        return api.poll(providerJobId);
    }

    @Override
    public Download download(String providerJobId, URI location) throws IOException {
        return api.download(providerJobId, location);
    }

    @Override
    public PollingPolicy pollingPolicy() {
        return new PollingPolicy(
                config.poll().firstDelay(), 1.5, config.poll().maxInterval(), Duration.ZERO, config.maxWait());
    }

    @Override
    public String webhookWarning() {
        return unsignedWebhooks(callbackUrl, config.webhookSecret(), "OPENROUTER_WEBHOOK_SECRET");
    }
}
