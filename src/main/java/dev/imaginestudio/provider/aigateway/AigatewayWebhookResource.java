package dev.imaginestudio.provider.aigateway;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Receives AIgateway's job webhooks ({@code webhook_url}). With a secret configured a delivery must be signed in
 * one of AIgateway's two documented schemes, both HMAC-SHA256 over {@code "<t>." + rawBody}: {@code aig-signature}
 * (hex) with {@code aig-timestamp}, or {@code X-Gateway-Signature: t=<unix>,v1=<hex>}. The body is a job record
 * ({@code {"id": "job_…", "status": …}}) or an event ({@code {"type": "job.completed", "data": {"job_id": …}}});
 * either only makes the job due, and the ordinary poll finds out what happened.
 */
@jakarta.annotation.security.PermitAll
@Path(AigatewayProvider.WEBHOOK_PATH)
@Singleton
@Tag(name = "Webhooks")
class AigatewayWebhookResource {

    private final Clock clock;
    private final ObjectMapper json;
    private final WebhookSignature signature;
    private final WebhookInbox inbox;

    AigatewayWebhookResource(ProviderJobEvents ledger, Clock clock, ObjectMapper mapper, StudioConfig config) {
        this.clock = clock;
        this.json = mapper;
        // AIgateway signs "<t>." + body: a dot
        this.signature = config.aigateway()
                .webhookSecret()
                .filter(s -> !s.isBlank())
                .map(s -> new WebhookSignature(s, "."))
                .orElse(null);
        this.inbox = new WebhookInbox(AigatewayProvider.ROUTE, "AIgateway", ledger);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "AIgateway job webhook",
            description =
                    "Verifies aig-signature/aig-timestamp or X-Gateway-Signature when a webhook secret is configured, then makes the job due for its next poll. Answers 204.")
    public Response receive(
            byte[] body,
            @HeaderParam("aig-signature") String aigSignature,
            @HeaderParam("aig-timestamp") String aigTimestamp,
            @HeaderParam("X-Gateway-Signature") String gatewaySignature,
            @QueryParam(WebhookInbox.JOB_PARAMETER) String studioJob) {
        byte[] raw = body == null ? new byte[0] : body;
        Response tooLarge = inbox.tooLarge(raw);
        if (tooLarge != null) {
            return tooLarge;
        }
        String signed = null;
        if (signature != null) {
            WebhookSignature.Failure failure = verify(raw, aigSignature, aigTimestamp, gatewaySignature);
            if (failure != null) {
                return inbox.refused(failure);
            }
            String t = WebhookSignature.timestamp(gatewaySignature);
            signed = WebhookInbox.signedDeliveryKey(
                    t != null && signature.verifyHeader(gatewaySignature, raw, clock.instant()) == null
                            ? t
                            : aigTimestamp,
                    raw);
        }
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (IOException e) {
            root = null;
        }
        JsonNode data = Json.object(root, "data");
        String jobId = Json.first(
                Json.text(data, "job_id"),
                Json.text(data, "id"),
                Json.text(root, "job_id"),
                data == null ? Json.text(root, "id") : null);
        if (jobId == null) {
            return WebhookInbox.problem(
                    Response.Status.BAD_REQUEST,
                    "a webhook body is a job record {\"id\": <job id>, \"status\": ...} or an event {\"type\": ..., \"data\": {\"job_id\": <job id>}}");
        }
        // one signed delivery (timestamp and body) is handled once; AIgateway's retries carry a new timestamp
        String key = signed != null
                ? signed
                : jobId + "-"
                        + Json.first(Json.text(data, "status"), Json.text(root, "status"), Json.text(root, "type"));
        // only a signed delivery may bring back a job whose submit answer was lost: anyone can post an unsigned one
        return inbox.deliver(List.of(key), jobId, signature != null ? studioJob : null);
    }

    /** Good when either scheme verifies; otherwise the failure of the scheme that was sent. */
    private WebhookSignature.Failure verify(
            byte[] raw, String aigSignature, String aigTimestamp, String gatewaySignature) {
        Instant now = clock.instant();
        WebhookSignature.Failure gateway = gatewaySignature == null
                ? WebhookSignature.Failure.MISSING
                : signature.verifyHeader(gatewaySignature, raw, now);
        if (gateway == null) {
            return null;
        }
        List<String> candidates = aigSignature == null ? List.of() : Arrays.asList(aigSignature.split(","));
        WebhookSignature.Failure aig = signature.verify(aigTimestamp, candidates, raw, now);
        if (aig == null) {
            return null;
        }
        return gateway != WebhookSignature.Failure.MISSING ? gateway : aig;
    }
}
