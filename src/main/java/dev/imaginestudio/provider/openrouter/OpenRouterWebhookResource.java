package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.ProviderJobEvents;
import dev.imaginestudio.provider.http.Json;
import dev.imaginestudio.provider.http.WebhookInbox;
import dev.imaginestudio.provider.http.WebhookSignature;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Receives OpenRouter's job webhooks ({@code callback_url}). A delivery is checked (signature over the raw
 * body when a secret is configured, known job always), de-duplicated on {@code X-OpenRouter-Idempotency-Key},
 * and then only makes the job due: its URLs and status are not trusted, the ordinary poll and download do the
 * work.
 */
@jakarta.annotation.security.PermitAll
@Path(OpenRouterProvider.WEBHOOK_PATH)
@Singleton
@Tag(name = "Webhooks")
class OpenRouterWebhookResource {

    private final Clock clock;
    private final ObjectMapper json;
    private final WebhookSignature signature;
    private final WebhookInbox inbox;

    OpenRouterWebhookResource(ProviderJobEvents ledger, Clock clock, ObjectMapper mapper, StudioConfig config) {
        this.clock = clock;
        this.json = mapper;
        // OpenRouter signs "<t>," + body: a comma
        this.signature = config.openrouter()
                .webhookSecret()
                .filter(s -> !s.isBlank())
                .map(s -> new WebhookSignature(s, ","))
                .orElse(null);
        this.inbox = new WebhookInbox(OpenRouterProvider.ROUTE, "OpenRouter", ledger);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "OpenRouter job webhook",
            description =
                    "Verifies X-OpenRouter-Signature when a webhook secret is configured, then makes the job due for its next poll. Answers 204.")
    public Response receive(
            byte[] body,
            @HeaderParam("X-OpenRouter-Signature") String signed,
            @HeaderParam("X-OpenRouter-Idempotency-Key") String idempotencyKey,
            @QueryParam(WebhookInbox.JOB_PARAMETER) String studioJob) {
        byte[] raw = body == null ? new byte[0] : body;
        Response tooLarge = inbox.tooLarge(raw);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (signature != null) {
            WebhookSignature.Failure failure = signature.verifyHeader(signed, raw, clock.instant());
            if (failure != null) {
                return inbox.refused(failure);
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
            return WebhookInbox.problem(
                    Response.Status.BAD_REQUEST,
                    "a webhook body is {\"type\": ..., \"data\": {\"id\": <job id>, ...}}");
        }
        String headerKey = idempotencyKey != null && !idempotencyKey.isBlank()
                ? idempotencyKey.strip()
                : jobId + "-" + Json.text(data, "status");
        String signedKey =
                signature != null ? WebhookInbox.signedDeliveryKey(WebhookSignature.timestamp(signed), raw) : null;
        // only a signed delivery may bring back a job whose submit answer was lost: anyone can post an unsigned one
        return inbox.deliver(
                java.util.Arrays.asList(signedKey, headerKey), jobId, signature != null ? studioJob : null);
    }
}
