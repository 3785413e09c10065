package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.Json;
import dev.imaginestudio.provider.http.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * OpenRouter's video API: submit, poll, download and the model list, each answer classified into the outcome the
 * ledger acts on. The HTTP rules every route shares (no retried POST, the key only to the base URL's origin and
 * never in a message) live in {@link ProviderHttp}; this class knows OpenRouter's paths and documents.
 */
final class OpenRouterApi {

    /** Wait before a new submit or poll when OpenRouter asks for one without saying how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** OpenRouter checks the request size before reading it and answers 413 above 50 MiB. */
    static final long MAX_REQUEST_BYTES = 50L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(OpenRouterApi.class);

    /** Everything but the key, which is handed over separately so that no record's toString can show it. */
    record Settings(
            String baseUrl,
            Optional<String> httpReferer,
            Optional<String> title,
            Duration connectTimeout,
            Duration requestTimeout) {}

    private final Settings settings;
    private final ProviderHttp http;

    OpenRouterApi(Settings settings, String apiKey, ObjectMapper mapper, ScheduledExecutorService watchdog) {
        this.settings = settings;
        this.http = new ProviderHttp(
                new ProviderHttp.Settings(
                        "OpenRouter",
                        "OPENROUTER_API_KEY",
                        "studio.openrouter.base-url",
                        settings.baseUrl(),
                        settings.connectTimeout(),
                        settings.requestTimeout(),
                        DEFAULT_RETRY_AFTER),
                apiKey,
                mapper,
                watchdog,
                this::attribution,
                null);
    }

    /** OpenRouter's optional attribution headers, sent with the key (to OpenRouter only). */
    private void attribution(HttpRequest.Builder b) {
        settings.httpReferer().ifPresent(v -> b.header("HTTP-Referer", v));
        settings.title().ifPresent(v -> {
            b.header("X-OpenRouter-Title", v);
            b.header("X-Title", v);
        });
    }

    boolean hasKey() {
        return http.hasKey();
    }

    // ------------------------------------------------------------------------------------------------
    // Submit

    /**
     * Sends one generation. {@code model} (the catalogue row, when known) decides which optional fields may be
     * sent; {@code callbackUrl} is the webhook address or null.
     */
    SubmitOutcome submit(SubmitRequest request, ModelCapabilities model, String callbackUrl) {
        return http.submit(
                http.resolve("/videos"), () -> payload(request, model, callbackUrl), MAX_REQUEST_BYTES, answer -> {
                    String id = Json.text(answer, "id");
                    if (id != null && !id.isBlank()) {
                        checkPollingUrl(id, Json.text(answer, "polling_url"));
                    }
                    return id;
                });
    }

    VideoRequest payload(SubmitRequest r, ModelCapabilities model, String callbackUrl) throws IOException {
        List<VideoRequest.FrameImage> frames = null;
        List<VideoRequest.ImageReference> references = null;
        GenerationMode mode = r.mode() == null ? GenerationMode.TEXT : r.mode();
        if (mode == GenerationMode.IMAGE && !r.inputs().isEmpty()) {
            frames = List.of(VideoRequest.FrameImage.firstFrame(
                    ProviderHttp.dataUrl(r.inputs().get(0))));
        } else if (mode == GenerationMode.REFERENCE && !r.inputs().isEmpty()) {
            references = new ArrayList<>();
            for (InputImage image : r.inputs()) {
                references.add(VideoRequest.ImageReference.image(ProviderHttp.dataUrl(image)));
            }
        }
        // only what the model has a control for: a field whose capability is null is a 400 at OpenRouter
        Long seed = model != null && model.supportsSeed() ? r.seed() : null;
        Boolean audio = model != null && model.generateAudio() != null ? r.generateAudio() : null;
        // resolution and aspect_ratio rather than size: OpenRouter takes either, and what it does with both is
        // unconfirmed
        return new VideoRequest(
                r.providerModelId(),
                r.prompt(),
                r.durationSeconds(),
                r.resolution(),
                r.aspectRatio(),
                seed,
                audio,
                frames,
                references,
                callbackUrl);
    }

    /**
     * Polls go to {@code <base>/videos/<id>} (never to another host with the key); a {@code polling_url} that
     * says otherwise is only logged. It is absolute in OpenRouter's answers, relative in its OpenAPI example.
     */
    private void checkPollingUrl(String id, String pollingUrl) {
        if (pollingUrl == null) {
            return;
        }
        Optional<URI> polling = http.httpUrl(pollingUrl);
        if (polling.isEmpty()) {
            LOG.debugf("OpenRouter's polling_url for %s is not a URL; polling %s", id, jobUri(id));
        } else if (!polling.get().equals(jobUri(id))) {
            LOG.debugf("OpenRouter's polling_url for %s is %s; polling %s", id, polling.get(), jobUri(id));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Poll

    PollOutcome poll(String providerJobId) {
        return http.poll(
                jobUri(providerJobId),
                "job",
                providerJobId,
                "It may have been removed or expired there; check your OpenRouter activity before retrying.",
                (status, body) -> {
                    VideoJob job = status == 200 ? VideoJob.from(body) : null;
                    return job == null ? null : outcome(providerJobId, job);
                });
    }

    private PollOutcome outcome(String providerJobId, VideoJob job) {
        return switch (job.status()) {
            case "pending" -> PollOutcome.pending();
            case "in_progress" -> PollOutcome.running(null);
            case "completed" -> PollOutcome.completed(outputs(providerJobId, job), job.cost());
            case "failed" ->
                ended(
                        PollOutcome.State.FAILED,
                        "failed",
                        job,
                        "OpenRouter reported the job failed without giving a reason");
            case "cancelled" -> ended(PollOutcome.State.CANCELLED, "cancelled", job, "Job was cancelled");
            case "expired" -> ended(PollOutcome.State.EXPIRED, "expired", job, "Job exceeded maximum time to live");
            default -> {
                // the status is an open enum: an unknown word is not an end, but worth a look
                LOG.warnf(
                        "OpenRouter job %s has the unknown status '%s'; treating it as still running",
                        providerJobId, http.excerpt(job.status().getBytes(StandardCharsets.UTF_8)));
                yield PollOutcome.running(null);
            }
        };
    }

    private PollOutcome ended(PollOutcome.State state, String category, VideoJob job, String fallback) {
        String message = job.error() == null || job.error().isBlank() ? fallback : http.redact(job.error());
        return new PollOutcome(state, null, List.of(), job.cost(), category, message, null);
    }

    /** The usable output URLs; the content endpoint stands in for listed URLs that are not http(s) URLs. */
    private List<URI> outputs(String providerJobId, VideoJob job) {
        List<URI> outputs = new ArrayList<>();
        for (String url : job.unsignedUrls()) {
            Optional<URI> uri = http.httpUrl(url);
            if (uri.isPresent()) {
                outputs.add(uri.get());
            } else {
                LOG.warnf(
                        "OpenRouter job %s lists an output that is not an http(s) URL; using its content endpoint instead",
                        providerJobId);
                outputs.add(contentUri(providerJobId, outputs.size()));
            }
        }
        return outputs;
    }

    // ------------------------------------------------------------------------------------------------
    // Download

    /**
     * Opens an output. When a URL on another host (a CDN) has gone (403, 404, 410), OpenRouter's own content
     * endpoint is asked instead.
     */
    Download download(String providerJobId, URI location) throws IOException {
        try {
            return http.open(location);
        } catch (ProviderHttp.Refused e) {
            if (sameOrigin(location) || !(e.status == 403 || e.status == 404 || e.status == 410)) {
                throw e;
            }
            LOG.infof("OpenRouter job %s: %s; trying OpenRouter's content endpoint", providerJobId, e.getMessage());
            return http.open(contentUri(providerJobId, 0));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Model list

    /** {@code GET /videos/models} (no key needed, none sent); throws when it cannot be fetched or read. */
    List<ModelCapabilities> models() throws IOException, InterruptedException {
        Duration timeout = settings.requestTimeout().compareTo(Duration.ofSeconds(15)) < 0
                ? settings.requestTimeout()
                : Duration.ofSeconds(15);
        HttpRequest.Builder b = HttpRequest.newBuilder(http.resolve("/videos/models"))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        settings.httpReferer().ifPresent(v -> b.header("HTTP-Referer", v));
        settings.title().ifPresent(v -> b.header("X-OpenRouter-Title", v));
        HttpResponse<byte[]> response = http.sendWithoutKey(b.build());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + http.errorMessage(response.body()));
        }
        JsonNode root = http.parse(response.body());
        if (root == null) {
            throw new IOException("the model list is not JSON");
        }
        return ModelListing.parse(root);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers

    /** Same scheme, host and port as the configured base URL: the only place the key may go. */
    boolean sameOrigin(URI uri) {
        return http.sameOrigin(uri);
    }

    URI jobUri(String providerJobId) {
        return http.resolve("/videos/" + ProviderHttp.segment(providerJobId));
    }

    URI contentUri(String providerJobId, int index) {
        return http.resolve("/videos/" + ProviderHttp.segment(providerJobId) + "/content?index=" + index);
    }
}
