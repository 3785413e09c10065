package dev.imaginestudio.provider.aigateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.HostedRoute;
import dev.imaginestudio.provider.http.WebhookInbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The AIgateway route: Grok Imagine Video as AIgateway resells it ({@code xai/grok-imagine-video}). Enabled when
 * {@code studio.aigateway.api-key} (AIGATEWAY_API_KEY) is set. AIgateway documents no reference images, so the
 * model offers text and image to video only. A job is never polled sooner than 3 s after its last poll, whatever
 * the configuration or the path that asks (the poller, a download's re-poll for a fresh URL).
 */
@ApplicationScoped
class AigatewayProvider extends HostedRoute {

    public static final String ROUTE = "aigateway";
    public static final String MODEL_ID = "xai/grok-imagine-video";
    /** Where AIgateway delivers job webhooks, below {@code studio.public-url}. */
    public static final String WEBHOOK_PATH = "/api/v1/webhooks/aigateway";
    /** Jobs whose last poll is remembered beyond this number are forgotten once their 3 s have passed. */
    private static final int REMEMBERED_POLLS = 1_000;

    private final StudioConfig.Aigateway config;
    private final Clock clock;
    private final String webhookUrl;
    private final AigatewayApi api;
    private final ModelCapabilities model;
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();

    AigatewayProvider(StudioConfig config, Clock clock, ObjectMapper mapper) {
        super(ROUTE, "AIgateway", 1);
        this.config = config.aigateway();
        this.clock = clock;
        this.webhookUrl = config.publicUrl()
                .map(String::trim)
                .filter(u -> u.startsWith("https://"))
                .map(u -> u.replaceAll("/+$", "") + WEBHOOK_PATH)
                .orElse(null);
        this.api = new AigatewayApi(
                new AigatewayApi.Settings(
                        this.config.baseUrl(), this.config.connectTimeout(), this.config.requestTimeout()),
                this.config.apiKey().orElse(null),
                mapper,
                background);
        this.model = new ModelCapabilities(
                MODEL_ID,
                ROUTE,
                MODEL_ID,
                "Grok Imagine Video",
                "xAI's video model through AIgateway at pass-through prices: text or a first frame to video, 1-15 s, "
                        + "480p or 720p. AIgateway takes no reference images.",
                IntStream.rangeClosed(1, 15).boxed().toList(),
                List.of("480p", "720p"),
                PixelSizes.GROK_ASPECT_RATIOS,
                PixelSizes.GROK,
                List.of("first_frame"),
                0,
                null,
                null,
                Pricing.GROK);
    }

    @Override
    public boolean enabled() {
        return api.hasKey();
    }

    @Override
    public List<ModelCapabilities> models() {
        return List.of(model);
    }

    /** The webhook address sent with every submit, or null when the studio has no public https URL. */
    String webhookUrl() {
        return webhookUrl;
    }

    @Override
    public SubmitOutcome submit(SubmitRequest request) {
        return api.submit(request, WebhookInbox.addressFor(webhookUrl, request.jobId()));
    }

    /** Polls, unless this job was polled less than 3 s ago: then nothing is sent and the job is unchanged. */
    @Override
    public PollOutcome poll(String providerJobId) {
        Instant now = clock.instant();
        boolean[] due = new boolean[1];
        Instant last = lastPoll.compute(providerJobId, (id, before) -> {
            due[0] = before == null || Duration.between(before, now).compareTo(AigatewayApi.MIN_POLL_INTERVAL) >= 0;
            return due[0] ? now : before;
        });
        if (!due[0]) {
            return PollOutcome.unchanged(AigatewayApi.MIN_POLL_INTERVAL.minus(Duration.between(last, now)));
        }
        if (lastPoll.size() > REMEMBERED_POLLS) {
            lastPoll.values().removeIf(t -> Duration.between(t, now).compareTo(AigatewayApi.MIN_POLL_INTERVAL) >= 0);
        }
        return api.poll(providerJobId);
    }

    @Override
    public Download download(String providerJobId, URI location) throws IOException {
        return api.download(location);
    }

    @Override
    public CancelOutcome cancel(String providerJobId) {
        return api.cancel(providerJobId);
    }

    /** AIgateway's 3 s between two polls of a job holds whatever is configured. */
    @Override
    public PollingPolicy pollingPolicy() {
        return new PollingPolicy(
                config.poll().firstDelay(),
                1.5,
                config.poll().maxInterval(),
                AigatewayApi.MIN_POLL_INTERVAL,
                config.maxWait());
    }

    /** Signed result URLs last 24 h, but a poll signs a fresh one while the file itself is kept: 7 days. */
    @Override
    public java.util.Optional<Duration> outputLifetime() {
        return java.util.Optional.of(Duration.ofDays(7));
    }

    @Override
    public String webhookWarning() {
        return unsignedWebhooks(webhookUrl, config.webhookSecret(), "AIGATEWAY_WEBHOOK_SECRET");
    }

    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        logWebhookWarning();
    }
}
