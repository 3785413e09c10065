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
import java.util.Optional;

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

    /**
     * The status document of {@code job}. Timeline and inputs are left out when null; {@code retryOf} is left out
     * when null and shown as null when empty (the job is no retry, or its original was deleted).
     */
    VideoStatus statusDocument(
            UriInfo uri, GenerationJob job, List<JobEvent> timeline, List<JobInput> inputs, Optional<String> retryOf) {
        String self = pollingUrl(uri, job);
        boolean done = job.status == JobStatus.SUCCEEDED;
        boolean ended = job.status.terminal();
        return new VideoStatus(
                job.publicId,
                self,
                job.status.apiName(),
                job.modelId,
                done ? List.of(self + "/content?index=0") : null,
                ended ? new VideoStatus.Usage(job.costUsd == null ? null : money(job.costUsd), false) : null,
                done ? null : job.errorMessage,
                job.progress,
                // from the median time of the route's recent jobs of this resolution and length; null until one
                // finished
                ended ? null : Optional.ofNullable(timings.secondsLeft(job)),
                job.status.name().toLowerCase(),
                job.route,
                job.mode.name().toLowerCase(),
                job.prompt,
                job.durationSeconds,
                job.resolution,
                job.aspectRatio,
                job.width > 0 ? job.size() : null,
                job.seed,
                job.costEstimateUsd == null ? null : money(job.costEstimateUsd),
                job.errorCategory == null ? null : job.errorCategory.code(),
                iso(job.createdAt),
                iso(job.submittedAt),
                iso(job.finishedAt),
                done ? self + "/poster.jpg" : null,
                job.inputCount,
                inputs == null
                        ? null
                        : inputs.stream()
                                .map(i -> new VideoStatus.Input(
                                        i.role, self + "/inputs/" + i.position, i.mimeType, i.width, i.height))
                                .toList(),
                timeline == null
                        ? null
                        : timeline.stream()
                                .map(e -> new VideoStatus.Event(
                                        e.toStatus.name().toLowerCase(), iso(e.occurredAt), e.message))
                                .toList(),
                retryOf);
    }

    /** A model in OpenRouter's {@code /videos/models} shape. */
    VideoModel model(ModelCapabilities m) {
        // USD amounts in the unit grammar of OpenRouter's duration_seconds SKUs; null where the studio cannot price it
        Map<String, String> skus = new LinkedHashMap<>();
        m.pricing().usdPerSecondByResolution().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        skus.put("duration_seconds_" + e.getKey(), e.getValue().toPlainString()));
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
        return new VideoModel(
                m.id(),
                m.id(),
                m.name(),
                m.description(),
                0,
                m.resolutions(),
                m.aspectRatios(),
                m.sizes() == null ? null : m.sizes().all(),
                m.durations(),
                m.frameImages(),
                m.generateAudio(),
                m.seed(),
                List.of(),
                skus,
                m.route(),
                m.maxReferenceImages());
    }

    static BigDecimal money(BigDecimal usd) {
        return usd.stripTrailingZeros();
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
