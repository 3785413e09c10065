package dev.imaginestudio.job;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.ModelCapabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API: OpenRouter's documents, plus the studio's own fields beside them. */
@ApplicationScoped
public class JobViews {

    private final StudioConfig config;
    private final JobTimings timings;

    JobViews(StudioConfig config, JobTimings timings) {
        this.config = config;
        this.timings = timings;
    }

    /** The base URL clients reach us at: the configured public URL, else the one this request came in on. */
    public String baseUrl(UriInfo uri) {
        String base = config.publicUrl().orElse(uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String pollingUrl(UriInfo uri, GenerationJob job) {
        return baseUrl(uri) + "/api/v1/videos/" + job.publicId;
    }

    public Map<String, Object> statusDocument(UriInfo uri, GenerationJob job, List<JobEvent> timeline) {
        return statusDocument(uri, job, timeline, null);
    }

    public Map<String, Object> statusDocument(UriInfo uri, GenerationJob job, List<JobEvent> timeline, List<JobInput> inputs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        String self = pollingUrl(uri, job);
        doc.put("id", job.publicId);
        doc.put("polling_url", self);
        doc.put("status", job.status.apiName());
        doc.put("model", job.modelId);
        if (job.status == JobStatus.SUCCEEDED) {
            doc.put("unsigned_urls", List.of(self + "/content?index=0"));
        }
        if (job.status.terminal()) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("cost", job.costUsd == null ? null : money(job.costUsd));
            usage.put("is_byok", false);
            doc.put("usage", usage);
        }
        if (job.errorMessage != null && job.status != JobStatus.SUCCEEDED) {
            doc.put("error", job.errorMessage);
        }
        doc.put("progress", job.progress);
        if (!job.status.terminal()) {
            // from the median time of the route's recent jobs of this resolution and length; null until one finished
            doc.put("estimated_seconds_left", timings.secondsLeft(job));
        }
        doc.put("state", job.status.name().toLowerCase());
        doc.put("route", job.route);
        doc.put("mode", job.mode.name().toLowerCase());
        doc.put("prompt", job.prompt);
        doc.put("duration", job.durationSeconds);
        doc.put("resolution", job.resolution);
        doc.put("aspect_ratio", job.aspectRatio);
        if (job.width > 0) {
            doc.put("size", job.size());
        }
        doc.put("seed", job.seed);
        doc.put("estimated_cost", job.costEstimateUsd == null ? null : money(job.costEstimateUsd));
        doc.put("error_category", job.errorCategory == null ? null : job.errorCategory.code());
        doc.put("created_at", iso(job.createdAt));
        doc.put("submitted_at", iso(job.submittedAt));
        doc.put("completed_at", iso(job.finishedAt));
        if (job.status == JobStatus.SUCCEEDED) {
            doc.put("poster_url", self + "/poster.jpg");
        }
        doc.put("input_count", job.inputCount);
        if (inputs != null) {
            doc.put("inputs", inputs.stream().map(i -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", i.role);
                m.put("url", self + "/inputs/" + i.position);
                m.put("mime_type", i.mimeType);
                m.put("width", i.width);
                m.put("height", i.height);
                return m;
            }).toList());
        }
        if (timeline != null) {
            doc.put("timeline", timeline.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status", e.toStatus.name().toLowerCase());
                m.put("at", iso(e.occurredAt));
                m.put("message", e.message);
                return m;
            }).toList());
        }
        return doc;
    }

    /** A model in OpenRouter's {@code /videos/models} shape. */
    public Map<String, Object> model(ModelCapabilities m) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", m.id());
        doc.put("canonical_slug", m.id());
        doc.put("name", m.name());
        doc.put("description", m.description());
        doc.put("created", 0);
        doc.put("supported_resolutions", m.resolutions());
        doc.put("supported_aspect_ratios", m.aspectRatios());
        doc.put("supported_sizes", m.sizes() == null ? null : m.sizes().all());
        doc.put("supported_durations", m.durations());
        doc.put("supported_frame_images", m.frameImages());
        doc.put("generate_audio", m.generateAudio());
        doc.put("seed", m.seed());
        doc.put("allowed_passthrough_parameters", List.of());
        // USD amounts in the unit grammar of OpenRouter's duration_seconds SKUs; null where the studio cannot price it
        Map<String, String> skus = new LinkedHashMap<>();
        m.pricing().usdPerSecondByResolution().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> skus.put("duration_seconds_" + e.getKey(), e.getValue().toPlainString()));
        if (m.pricing().usdPerSecond() != null) {
            skus.put("duration_seconds", m.pricing().usdPerSecond().toPlainString());
        }
        for (dev.imaginestudio.provider.Pricing.VariantRate v : m.pricing().variantRates()) {
            String name = (v.mode() == null ? "" : v.mode().name().toLowerCase() + "_to_video_")
                    + "duration_seconds"
                    + (v.audio() == null ? "" : v.audio() ? "_with_audio" : "_without_audio")
                    + (v.resolution() == null ? "" : "_" + v.resolution());
            skus.put(name, v.usdPerSecond().toPlainString());
        }
        m.pricing().unpricedSkus().stream().sorted().forEach(sku -> skus.put(sku, null));
        if (m.pricing().usdPerInputImage().signum() > 0) {
            skus.put("image_input", m.pricing().usdPerInputImage().toPlainString());
        }
        doc.put("pricing_skus", skus);
        doc.put("route", m.route());
        doc.put("max_reference_images", m.maxReferenceImages());
        return doc;
    }

    static BigDecimal money(BigDecimal usd) {
        return usd.stripTrailingZeros();
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
