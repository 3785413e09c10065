package dev.imaginestudio.provider.xai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.GatePause;
import dev.imaginestudio.provider.http.HostedRoute;
import dev.imaginestudio.provider.http.RateGate;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The xAI route: Grok Imagine Video through xAI's own API. Enabled when {@code studio.xai.api-key} (XAI_API_KEY) is
 * set. The model id is xAI's own, {@code grok-imagine-video}; reference-to-video is limited to 10 s there, which
 * the studio checks before anything is sent. xAI has no cancel endpoint.
 */
@ApplicationScoped
class XaiProvider extends HostedRoute {

    public static final String ROUTE = "xai";
    public static final String MODEL_ID = "grok-imagine-video";

    private final StudioConfig.Xai config;
    private final XaiApi api;
    private final ModelCapabilities model;

    XaiProvider(StudioConfig config, Clock clock, GatePause pause, ObjectMapper mapper) {
        super(ROUTE, "xAI", 1);
        this.config = config.xai();
        this.api = new XaiApi(
                new XaiApi.Settings(this.config.baseUrl(), this.config.connectTimeout(), this.config.requestTimeout()),
                this.config.apiKey().orElse(null),
                mapper,
                background,
                new RateGate(clock, XaiApi.SPACING, pause));
        this.model = new ModelCapabilities(
                MODEL_ID,
                ROUTE,
                MODEL_ID,
                "Grok Imagine Video",
                "xAI's video model, straight from xAI: text, a first frame or up to 7 reference images to video, "
                        + "1-15 s (reference-to-video up to 10 s), 480p or 720p.",
                seconds(15),
                List.of("480p", "720p"),
                PixelSizes.GROK_ASPECT_RATIOS,
                PixelSizes.GROK,
                List.of("first_frame"),
                7,
                null,
                null,
                Pricing.GROK,
                Map.of(GenerationMode.REFERENCE, seconds(10)));
    }

    private static List<Integer> seconds(int max) {
        return IntStream.rangeClosed(1, max).boxed().toList();
    }

    @Override
    public boolean enabled() {
        return api.hasKey();
    }

    @Override
    public List<ModelCapabilities> models() {
        return List.of(model);
    }

    @Override
    public SubmitOutcome submit(SubmitRequest request) {
        return api.submit(request);
    }

    @Override
    public PollOutcome poll(String providerJobId) {
        return api.poll(providerJobId);
    }

    @Override
    public Download download(String providerJobId, URI location) throws IOException {
        return api.download(location);
    }

    /** Never sooner than a second apart per job; the rate gate keeps all requests together at one per second. */
    @Override
    public PollingPolicy pollingPolicy() {
        return new PollingPolicy(
                config.poll().firstDelay(), 1.5, config.poll().maxInterval(), XaiApi.SPACING, config.maxWait());
    }

    /** xAI calls its video URLs temporary and publishes no figure; its Batch API's result URLs last an hour. */
    @Override
    public java.util.Optional<java.time.Duration> outputLifetime() {
        return java.util.Optional.of(java.time.Duration.ofHours(1));
    }
}
