package dev.imaginestudio.provider.xai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.Json;
import dev.imaginestudio.provider.http.ProviderHttp;
import dev.imaginestudio.provider.http.RateGate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * xAI's video API ({@code api.x.ai/v1}): submit to {@code /videos/generations}, poll {@code /videos/{request_id}},
 * download from the returned URL (on {@code vidgen.x.ai}, which never gets the key). Every request to the API
 * passes one {@link RateGate}: Grok Imagine allows one request per second, submits and polls together, so requests
 * go one at a time, each a little over a second after the previous one ended.
 */
final class XaiApi {

    /** Wait before a new submit when xAI asks for one without saying how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** One request per second, with 100 ms to spare for jitter on the way to xAI. */
    static final Duration SPACING = Duration.ofMillis(1100);
    /** Longest a request waits for its turn; beyond that the ledger is told to come back later. */
    static final Duration MAX_TURN_WAIT = Duration.ofSeconds(10);
    /** The request body limit assumed for xAI (unpublished; OpenRouter's is 50 MiB). */
    static final long MAX_REQUEST_BYTES = 50L * 1024 * 1024;

    static final String MODERATED = "xAI's moderation blocked this video; nothing was delivered.";
    private static final Logger LOG = Logger.getLogger(XaiApi.class);

    /** Everything but the key. */
    record Settings(String baseUrl, Duration connectTimeout, Duration requestTimeout) {}

    private final ProviderHttp http;
    private final RateGate gate;

    XaiApi(Settings settings, String apiKey, ObjectMapper mapper, ScheduledExecutorService watchdog, RateGate gate) {
        this.http = new ProviderHttp(
                new ProviderHttp.Settings(
                        "xAI",
                        "XAI_API_KEY",
                        "studio.xai.base-url",
                        settings.baseUrl(),
                        settings.connectTimeout(),
                        settings.requestTimeout(),
                        DEFAULT_RETRY_AFTER),
                apiKey,
                mapper,
                watchdog,
                null,
                null);
        this.gate = gate;
    }

    boolean hasKey() {
        return http.hasKey();
    }

    // ------------------------------------------------------------------------------------------------
    // Submit

    SubmitOutcome submit(SubmitRequest request) {
        Supplier<SubmitOutcome> send = () -> http.submit(
                http.resolve("/videos/generations"),
                () -> payload(request),
                MAX_REQUEST_BYTES,
                answer -> Json.text(answer, "request_id"));
        if (!http.hasKey()) {
            // refused without sending, so without waiting for a turn either
            return send.get();
        }
        return inTurn(send)
                .orElseGet(() -> new SubmitOutcome.RetryLater(
                        MAX_TURN_WAIT, "xAI takes one request per second and others are waiting; nothing was sent"));
    }

    static GenerationRequest payload(SubmitRequest r) throws IOException {
        GenerationRequest.ImageUrl image = null;
        List<GenerationRequest.ImageUrl> references = null;
        GenerationMode mode = r.mode() == null ? GenerationMode.TEXT : r.mode();
        if (mode == GenerationMode.IMAGE && !r.inputs().isEmpty()) {
            image = new GenerationRequest.ImageUrl(
                    ProviderHttp.dataUrl(r.inputs().get(0)));
        } else if (mode == GenerationMode.REFERENCE && !r.inputs().isEmpty()) {
            references = new ArrayList<>();
            for (InputImage input : r.inputs()) {
                references.add(new GenerationRequest.ImageUrl(ProviderHttp.dataUrl(input)));
            }
        }
        return new GenerationRequest(
                r.providerModelId(),
                r.prompt(),
                r.durationSeconds(),
                r.aspectRatio(),
                r.resolution(),
                image,
                references);
    }

    // ------------------------------------------------------------------------------------------------
    // Poll

    PollOutcome poll(String requestId) {
        if (!http.hasKey()) {
            return pollNow(requestId);
        }
        // not asked when no turn comes: xAI's rate says not yet, which is no failure of the job
        return inTurn(() -> pollNow(requestId)).orElseGet(() -> PollOutcome.unchanged(MAX_TURN_WAIT));
    }

    private PollOutcome pollNow(String requestId) {
        return http.poll(
                http.resolve("/videos/" + ProviderHttp.segment(requestId)),
                "request",
                requestId,
                "Check your xAI console before retrying.",
                (status, body) -> {
                    VideoStatus video = status == 200 || status == 202 ? VideoStatus.from(body) : null;
                    return video == null ? null : outcome(requestId, video);
                });
    }

    private PollOutcome outcome(String requestId, VideoStatus v) {
        return switch (v.status()) {
            case "pending" ->
                v.progress() != null && v.progress() > 0 ? PollOutcome.running(v.progress()) : PollOutcome.pending();
            case "done" -> done(v);
            case "failed" ->
                new PollOutcome(
                        PollOutcome.State.FAILED,
                        null,
                        List.of(),
                        v.costUsd(),
                        "failed",
                        v.errorMessage() == null || v.errorMessage().isBlank()
                                ? "xAI reported the video failed"
                                        + (v.errorCode() == null ? "" : " (" + http.redact(v.errorCode()) + ")")
                                : http.redact(v.errorMessage()),
                        null);
            case "expired" ->
                new PollOutcome(
                        PollOutcome.State.EXPIRED,
                        null,
                        List.of(),
                        v.costUsd(),
                        "expired",
                        "xAI expired the request before it produced a video"
                                + (v.errorMessage() == null ? "" : ": " + http.redact(v.errorMessage())),
                        null);
            default -> {
                // resellers show queued or processing; anything unknown is not an end
                LOG.warnf(
                        "xAI request %s has the unknown status '%s'; treating it as still running",
                        requestId, http.excerpt(v.status().getBytes(StandardCharsets.UTF_8)));
                yield PollOutcome.running(v.progress());
            }
        };
    }

    /** {@code done}: a video, unless moderation held it back (then there is none to fetch). */
    private PollOutcome done(VideoStatus v) {
        if (Boolean.FALSE.equals(v.respectModeration())) {
            return new PollOutcome(
                    PollOutcome.State.FAILED, null, List.of(), v.costUsd(), "moderated", MODERATED, null);
        }
        Optional<URI> url = http.httpUrl(v.url());
        // done without a URL is a completion with nothing to download: the ledger fails it as no_output
        return PollOutcome.completed(url.map(List::of).orElse(List.of()), v.costUsd());
    }

    // ------------------------------------------------------------------------------------------------
    // Download

    /** The video URL is on another host (vidgen.x.ai): it gets no key. */
    Download download(URI location) throws IOException {
        return http.open(location);
    }

    boolean sameOrigin(URI uri) {
        return http.sameOrigin(uri);
    }

    /** Sends a request in its turn at the rate gate; empty when no turn came in time (nothing was sent). */
    private <T> Optional<T> inTurn(Supplier<T> request) {
        try {
            return gate.run(MAX_TURN_WAIT, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
