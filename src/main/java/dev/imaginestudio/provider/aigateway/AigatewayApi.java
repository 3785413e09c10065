package dev.imaginestudio.provider.aigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.http.Json;
import dev.imaginestudio.provider.http.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * AIgateway's async job API ({@code api.aigateway.sh/v1}): submit to {@code /videos/generations}, poll
 * {@code /jobs/{id}} (a {@code 304} to a poll under 3 s is "nothing new", not an error), cancel through
 * {@code POST /jobs/{id}/cancel} or else {@code DELETE /jobs/{id}}, and download the signed result URL on
 * AIgateway's media host, which never gets the key. Error answers ({@code {"error":{"message","type","code"}}})
 * are told to the user in plain words.
 */
final class AigatewayApi {

    /** Wait before a new submit when AIgateway asks for one without saying how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** AIgateway answers 304 to a poll of the same job under 3 s apart: 200 ms more allows for jitter on the way. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(3200);

    static final long MAX_REQUEST_BYTES = 50L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(AigatewayApi.class);

    /** Everything but the key. */
    record Settings(String baseUrl, Duration connectTimeout, Duration requestTimeout) {}

    private final ProviderHttp http;

    AigatewayApi(Settings settings, String apiKey, ObjectMapper mapper, ScheduledExecutorService watchdog) {
        this.http = new ProviderHttp(
                new ProviderHttp.Settings(
                        "AIgateway",
                        "AIGATEWAY_API_KEY",
                        "studio.aigateway.base-url",
                        settings.baseUrl(),
                        settings.connectTimeout(),
                        settings.requestTimeout(),
                        DEFAULT_RETRY_AFTER),
                apiKey,
                mapper,
                watchdog,
                null,
                AigatewayApi::explain);
    }

    boolean hasKey() {
        return http.hasKey();
    }

    /** What AIgateway's documented error answers mean for the user, with its own message and type kept. */
    static String explain(int status, JsonNode body, String message) {
        String type = Json.text(Json.object(body, "error"), "type");
        String meaning = switch (status) {
            case 401 -> "AIgateway did not accept the API key (check AIGATEWAY_API_KEY)";
            case 402 -> "the AIgateway wallet has too little credit for this job (top it up at aigateway.sh)";
            case 404 -> "AIgateway does not know this model or job";
            case 429 -> "AIgateway's rate limit for this key was reached";
            case 500 -> "AIgateway's upstream provider failed";
            case 503 -> "AIgateway's upstream provider is saturated";
            default -> null;
        };
        return (meaning == null ? "" : meaning + ": ") + message + " (" + (type == null ? "" : type + ", ") + "HTTP "
                + status + ")";
    }

    // ------------------------------------------------------------------------------------------------
    // Submit

    SubmitOutcome submit(SubmitRequest request, String webhookUrl) {
        return http.submit(
                http.resolve("/videos/generations"),
                () -> payload(request, webhookUrl),
                MAX_REQUEST_BYTES,
                answer -> Json.text(answer, "id"));
    }

    static GenerationRequest payload(SubmitRequest r, String webhookUrl) throws IOException {
        String image = r.mode() == GenerationMode.IMAGE && !r.inputs().isEmpty()
                ? ProviderHttp.dataUrl(r.inputs().get(0))
                : null;
        return new GenerationRequest(
                r.providerModelId(),
                r.prompt(),
                r.durationSeconds(),
                r.aspectRatio(),
                r.resolution(),
                image,
                webhookUrl);
    }

    // ------------------------------------------------------------------------------------------------
    // Poll

    PollOutcome poll(String jobId) {
        return http.poll(
                jobUri(jobId), "job", jobId, "Check your AIgateway dashboard before retrying.", (status, body) -> {
                    if (status == 304) {
                        // asked again too soon: nothing new, and no failure
                        return PollOutcome.unchanged(MIN_POLL_INTERVAL);
                    }
                    JobRecord job = status == 200 ? JobRecord.from(body) : null;
                    return job == null ? null : outcome(jobId, job);
                });
    }

    private PollOutcome outcome(String jobId, JobRecord job) {
        return switch (job.status()) {
            case "queued" -> PollOutcome.pending();
            case "running", "processing" -> PollOutcome.running(job.progress());
            case "completed" ->
                PollOutcome.completed(
                        http.httpUrl(job.resultUrl()).map(List::of).orElse(List.of()), job.costUsd());
            case "failed" ->
                ended(
                        PollOutcome.State.FAILED,
                        "failed",
                        job,
                        "AIgateway reported the job failed without giving a reason");
            case "cancelled", "canceled" ->
                ended(PollOutcome.State.CANCELLED, "cancelled", job, "The job was cancelled at AIgateway");
            default -> {
                LOG.warnf(
                        "AIgateway job %s has the unknown status '%s'; treating it as still running",
                        jobId, http.excerpt(job.status().getBytes(StandardCharsets.UTF_8)));
                yield PollOutcome.running(job.progress());
            }
        };
    }

    private PollOutcome ended(PollOutcome.State state, String category, JobRecord job, String fallback) {
        String message = job.error() == null || job.error().isBlank() ? fallback : http.redact(job.error());
        return new PollOutcome(state, null, List.of(), job.costUsd(), category, message, null);
    }

    // ------------------------------------------------------------------------------------------------
    // Cancel and download

    /** {@code POST /jobs/{id}/cancel} as documented; the SDKs' {@code DELETE /jobs/{id}} when that is not there. */
    CancelOutcome cancel(String jobId) {
        if (!http.hasKey()) {
            return CancelOutcome.unsupported("no API key is configured (set AIGATEWAY_API_KEY); nothing was sent");
        }
        try {
            HttpResponse<byte[]> response =
                    http.call("POST", http.resolve("/jobs/" + ProviderHttp.segment(jobId) + "/cancel"));
            if (response.statusCode() == 404 || response.statusCode() == 405) {
                response = http.call("DELETE", jobUri(jobId));
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new CancelOutcome(
                        true, "AIgateway cancelled the job; failed and cancelled jobs are not charged there.");
            }
            return new CancelOutcome(
                    false, "AIgateway did not cancel the job: " + http.message(status, response.body()));
        } catch (ProviderHttp.Unreachable e) {
            return new CancelOutcome(false, "AIgateway could not be asked to cancel the job: " + e.getMessage());
        }
    }

    /** The result URL is signed and on AIgateway's media host: it gets no key. */
    Download download(URI location) throws IOException {
        return http.open(location);
    }

    private URI jobUri(String jobId) {
        return http.resolve("/jobs/" + ProviderHttp.segment(jobId));
    }
}
