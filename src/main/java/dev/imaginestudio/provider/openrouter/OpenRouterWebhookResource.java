package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.web.Problem;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Receives OpenRouter's job webhooks ({@code callback_url}). A delivery is checked (signature over the raw
 * body when a secret is configured, known job always), de-duplicated on {@code X-OpenRouter-Idempotency-Key},
 * and then only makes the job due: its URLs and status are not trusted, the ordinary poll and download do the
 * work.
 */
@Path(OpenRouterProvider.WEBHOOK_PATH)
@Singleton
@Tag(name = "Webhooks")
class OpenRouterWebhookResource {

    /** How many deliveries are remembered for de-duplication. */
    static final int REMEMBERED = 10_000;
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(OpenRouterWebhookResource.class);

    private final JobService jobs;
    private final Clock clock;
    private final ObjectMapper json;
    private final WebhookSignature signature;
    private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    OpenRouterWebhookResource(JobService jobs, Clock clock, ObjectMapper mapper, StudioConfig config) {
        this.jobs = jobs;
        this.clock = clock;
        this.json = mapper;
        this.signature = config.openrouter().webhookSecret().filter(s -> !s.isBlank()).map(WebhookSignature::new).orElse(null);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenRouter job webhook", description = "Verifies X-OpenRouter-Signature when a webhook secret is configured, then makes the job due for its next poll. Answers 204.")
    public Response receive(byte[] body, @HeaderParam("X-OpenRouter-Signature") String signed,
                            @HeaderParam("X-OpenRouter-Idempotency-Key") String idempotencyKey) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY_BYTES) {
            return problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "a webhook body is at most 1 MiB");
        }
        if (signature != null) {
            WebhookSignature.Failure failure = signature.verify(signed, raw, clock.instant());
            if (failure != null) {
                LOG.debugf("OpenRouter webhook refused: %s", failure.message);
                return problem(Response.Status.UNAUTHORIZED, "Webhook refused: " + failure.message + ".");
            }
        }
        JsonNode data;
        try {
            JsonNode root = json.readTree(raw);
            data = root == null ? null : root.get("data");
        } catch (IOException e) {
            data = null;
        }
        String jobId = Json.text(data, "id");
        if (jobId == null || jobId.isBlank()) {
            return problem(Response.Status.BAD_REQUEST, "a webhook body is {\"type\": ..., \"data\": {\"id\": <job id>, ...}}");
        }
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey.strip()
                : jobId + "-" + Json.text(data, "status");
        if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
            LOG.debugf("OpenRouter webhook %s already handled", key);
            return Response.noContent().build();
        }
        boolean known;
        try {
            known = jobs.pokeByProviderJob(OpenRouterProvider.ROUTE, jobId);
        } catch (RuntimeException e) {
            seen.remove(key);
            throw e;
        }
        if (!known) {
            seen.remove(key);
            return problem(Response.Status.NOT_FOUND, "no job of this studio was submitted to OpenRouter as " + jobId);
        }
        LOG.debugf("OpenRouter webhook %s: job %s is due", key, jobId);
        return Response.noContent().build();
    }

    private static Response problem(Response.Status status, String detail) {
        return Problem.of(status, detail, null).toResponse();
    }
}
