package dev.imaginestudio.testing.aigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.imaginestudio.testing.fake.FakeJob;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for AIgateway's async job API ({@code /v1/videos/generations}, {@code /v1/jobs/{id}}),
 * built from PROVIDERS.md 3 and 5.4 on the shared {@link FakeServer}: {@code 202} job records, {@code queued} →
 * {@code running} (or {@code processing}) → {@code completed} | {@code failed} | {@code cancelled}, the video at
 * {@code result.file_url} and {@code result_url} (or only one of them, or {@code result.url}), a {@code 304} to a
 * poll of the same job under 3 s after the last (by the fake's clock), cancel by {@code POST .../cancel} and
 * {@code DELETE}, the {@code {"error":{"message","type","code"}}} envelope, signed media URLs valid 24 h by the
 * fake's clock, and webhooks signed in either documented scheme.
 */
public final class FakeAigateway extends FakeServer<FakeAigateway.Endpoint, FakeAigateway.Job, FakeAigateway> {

    public enum Endpoint {
        SUBMIT,
        POLL,
        CANCEL,
        DELETE,
        MEDIA,
        OTHER
    }

    /** Where a completed record puts the video URL. */
    public enum ResultFields {
        /** {@code result.file_url} and {@code result_url} (the docs and the Node SDK together). */
        BOTH,
        /** Only {@code result.file_url} (docs/async-jobs). */
        FILE_URL,
        /** Only {@code result_url} (the SDKs). */
        RESULT_URL,
        /** Only {@code result.url} (the model page's example). */
        RESULT_OBJECT_URL
    }

    /** The two documented signature schemes. */
    public enum Scheme {
        /** {@code aig-signature} (hex) and {@code aig-timestamp}. */
        AIG_HEADERS,
        /** {@code X-Gateway-Signature: t=<unix>,v1=<hex>}. */
        GATEWAY_HEADER
    }

    /** How a webhook delivery is signed. */
    public enum Webhook {
        VALID,
        STALE,
        BAD_SIGNATURE,
        UNSIGNED
    }

    public static final String DEFAULT_KEY = "sk-aig-test-key";
    public static final String MODEL = "xai/grok-imagine-video";
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(3);
    private static final Set<String> ASPECTS = Set.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3");
    private static final Set<String> RESOLUTIONS = Set.of("480p", "720p");
    private static final String ULID_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One job as the fake holds it. */
    public static final class Job extends FakeJob {
        public final String webhookUrl;

        Job(String id, JsonNode request, Script script, Instant createdAt) {
            super(id, request, script, request.hasNonNull("image_url") ? 1 : 0, "queued", createdAt);
            this.webhookUrl = request.hasNonNull("webhook_url")
                    ? request.get("webhook_url").asText()
                    : null;
        }
    }

    private volatile ResultFields resultFields;
    private volatile boolean errorAsString;
    private volatile Duration urlTtl;
    private volatile BigDecimal costCents;
    private volatile boolean insufficientCredits;
    private volatile boolean cancelEndpoint;
    private final AtomicInteger notModified = new AtomicInteger();

    private FakeAigateway() {
        super(
                "aigateway",
                "/v1",
                DEFAULT_KEY,
                Script.of("queued", "running", "completed"),
                Endpoint.SUBMIT,
                Endpoint.MEDIA);
    }

    public static FakeAigateway start() {
        return new FakeAigateway().started();
    }

    @Override
    protected void resetKnobs() {
        resultFields = ResultFields.BOTH;
        errorAsString = false;
        urlTtl = Duration.ofHours(24);
        costCents = null;
        insufficientCredits = false;
        cancelEndpoint = true;
        notModified.set(0);
    }

    // ------------------------------------------------------------------------------------------------
    // Knobs

    public FakeAigateway resultFields(ResultFields fields) {
        this.resultFields = fields;
        return this;
    }

    /** A failed record's {@code error} as a plain string (the Node SDK's type) instead of {@code {code, message}}. */
    public FakeAigateway errorAsString(boolean on) {
        this.errorAsString = on;
        return this;
    }

    /** How long a signed result URL works after the poll that gave it out (24 h by default). */
    public FakeAigateway urlTtl(Duration ttl) {
        this.urlTtl = ttl;
        return this;
    }

    /** A completed record carries {@code usage.cost_cents} (undocumented in the poll; absent by default). */
    public FakeAigateway costCents(String cents) {
        this.costCents = cents == null ? null : new BigDecimal(cents);
        return this;
    }

    /** Every submit answers 402 {@code insufficient_credits} while this is on. */
    public FakeAigateway insufficientCredits(boolean on) {
        this.insufficientCredits = on;
        return this;
    }

    /** Whether {@code POST /v1/jobs/{id}/cancel} exists (else 404, and only {@code DELETE} cancels). */
    public FakeAigateway cancelEndpoint(boolean on) {
        this.cancelEndpoint = on;
        return this;
    }

    /** How many polls were answered 304 for coming under 3 s after the last. */
    public int notModified() {
        return notModified.get();
    }

    // ------------------------------------------------------------------------------------------------
    // Webhooks

    /** The job record AIgateway posts to {@code webhook_url} (its current state; nothing moves on). */
    public byte[] webhookBody(String jobId) {
        try {
            return JSON.writeValueAsBytes(record(job(jobId)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts the job's record to {@code target}, signed in {@code scheme} as {@code how}; the answer's status. */
    public int deliverWebhook(String jobId, URI target, Scheme scheme, Webhook how) {
        return deliver(webhookBody(jobId), target, scheme, how, 1);
    }

    /**
     * Delivers as AIgateway does: again on a non-2xx answer, up to {@code attempts} times, each attempt signed anew
     * (time compressed: no waiting between them). Returns the statuses in order.
     */
    public List<Integer> deliverWithRetries(String jobId, URI target, Scheme scheme, int attempts) {
        byte[] body = webhookBody(jobId);
        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int status = deliver(body, target, scheme, Webhook.VALID, attempt);
            statuses.add(status);
            if (status >= 200 && status < 300) {
                break;
            }
        }
        return statuses;
    }

    /** Signs and posts {@code body}. */
    public int deliver(byte[] body, URI target, Scheme scheme, Webhook how, int attempt) {
        Map<String, String> headers = new HashMap<>();
        headers.put("aig-delivery-id", "dlv_" + ulid());
        headers.put("aig-attempt", Integer.toString(attempt));
        long t = now().getEpochSecond() - (how == Webhook.STALE ? 301 : 0);
        if (how != Webhook.UNSIGNED) {
            String hex = signature(how == Webhook.BAD_SIGNATURE ? requireSecret() + "-not" : requireSecret(), t, body);
            if (scheme == Scheme.AIG_HEADERS) {
                headers.put("aig-timestamp", Long.toString(t));
                headers.put("aig-signature", hex);
            } else {
                headers.put("X-Gateway-Signature", "t=" + t + ",v1=" + hex);
            }
        }
        return post(target, body, headers);
    }

    /** The hex HMAC-SHA256 of {@code "<t>." + body}, as both schemes sign. */
    public static String signature(String secret, long t, byte[] body) {
        return hmacHex(secret, t + ".", body);
    }

    // ------------------------------------------------------------------------------------------------
    // The API

    @Override
    protected Endpoint endpoint(String method, String path) {
        if (path.equals("/v1/videos/generations") && method.equals("POST")) {
            return Endpoint.SUBMIT;
        }
        if (path.matches("/v1/jobs/[^/]+/cancel") && method.equals("POST")) {
            return Endpoint.CANCEL;
        }
        if (path.matches("/v1/jobs/[^/]+") && method.equals("GET")) {
            return Endpoint.POLL;
        }
        if (path.matches("/v1/jobs/[^/]+") && method.equals("DELETE")) {
            return Endpoint.DELETE;
        }
        return Endpoint.OTHER;
    }

    @Override
    protected boolean needsKey(Endpoint endpoint) {
        return endpoint != Endpoint.OTHER;
    }

    @Override
    protected void handle(HttpExchange ex, Endpoint endpoint, String path, byte[] body, Fault fault)
            throws IOException {
        String id = path.startsWith("/v1/jobs/") ? path.split("/")[3] : null;
        switch (endpoint) {
            case SUBMIT -> submit(ex, body, fault);
            case POLL -> poll(ex, id, fault);
            case CANCEL -> {
                if (!cancelEndpoint) {
                    error(ex, 404, "Not found", null);
                    return;
                }
                cancel(ex, id, fault);
            }
            case DELETE -> cancel(ex, id, fault);
            default -> error(ex, 404, "Unknown endpoint " + path, null);
        }
    }

    @Override
    protected void unauthorized(HttpExchange ex, boolean missing) throws IOException {
        error(ex, 401, missing ? "Missing API key" : "Invalid API key", null);
    }

    @Override
    protected String defaultMessage(int status) {
        return switch (status) {
            case 402 -> "Insufficient credits";
            case 429 -> "Rate limit exceeded";
            case 500 -> "Upstream provider failed";
            case 503 -> "Upstream provider unavailable";
            default -> "Error " + status;
        };
    }

    @Override
    protected void error(HttpExchange ex, int status, String message, Integer retryAfter) throws IOException {
        if (status == 304) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "insufficient_credits";
            case 404 -> message.startsWith("Model") ? "model_not_found" : "not_found";
            case 429 -> "rate_limited";
            case 500 -> "server_error";
            case 503 -> "service_unavailable";
            case 400 -> "invalid_request_error";
            default -> "api_error";
        };
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode e = doc.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("code", status);
        Map<String, String> headers = new HashMap<>();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter.toString());
        }
        sendJson(ex, status, doc, headers);
    }

    private static Map<String, String> rateHeaders() {
        return Map.of(
                "x-ratelimit-limit-requests",
                "600",
                "x-ratelimit-remaining-requests",
                "599",
                "x-ratelimit-reset-requests",
                "60");
    }

    private void submit(HttpExchange ex, byte[] body, Fault fault) throws IOException {
        if (fault != null && !fault.createsJob() && applyBeforeWork(ex, fault)) {
            return;
        }
        if (insufficientCredits) {
            error(ex, 402, "Insufficient credits: wallet balance is $0.00", null);
            return;
        }
        JsonNode request = jsonObject(body);
        if (request == null) {
            error(ex, 400, "Request body must be a JSON object", null);
            return;
        }
        if (!MODEL.equals(request.path("model").asText())) {
            error(ex, 404, "Model not found: " + request.path("model").asText("(none)"), null);
            return;
        }
        String refusal = validate(request);
        if (refusal != null) {
            error(ex, 400, refusal, null);
            return;
        }
        Job job = register(new Job("job_" + ulid(), request, nextScript(), now()));
        if (applyAfterCreate(ex, fault, 202, "{\"id\":\"" + job.id + "\",\"status\":")) {
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", job.id);
        answer.put("status", "queued");
        answer.put("object", "job");
        answer.put("modality", "video");
        answer.put("model", job.model);
        answer.put("created_at", job.createdAt.getEpochSecond());
        answer.put("updated_at", job.createdAt.getEpochSecond());
        sendJson(ex, 202, answer, rateHeaders());
    }

    private static String validate(JsonNode r) {
        if (r.path("prompt").asText("").isBlank()) {
            return "prompt is required";
        }
        if (r.has("duration")
                && (!r.get("duration").isNumber()
                        || r.get("duration").asDouble() < 1
                        || r.get("duration").asDouble() > 15)) {
            return "duration must be between 1 and 15 seconds for " + MODEL;
        }
        if (r.has("aspect_ratio") && !ASPECTS.contains(r.get("aspect_ratio").asText())) {
            return "aspect_ratio " + r.get("aspect_ratio") + " is not supported by " + MODEL;
        }
        if (r.has("resolution") && !RESOLUTIONS.contains(r.get("resolution").asText())) {
            return "resolution " + r.get("resolution") + " is not supported by " + MODEL;
        }
        if (r.has("image_url")) {
            String url = r.get("image_url").asText("");
            if (!url.startsWith("https://") && !url.startsWith("data:image/")) {
                return "image_url must be an https or data:image URL";
            }
        }
        for (String unsupported : List.of("reference_images", "input_references", "image", "frame_images")) {
            if (r.has(unsupported)) {
                return unsupported + " is not supported; use image_url for image-to-video";
            }
        }
        if (r.has("webhook_url") && !r.get("webhook_url").asText("").startsWith("https://")) {
            return "webhook_url must be an https URL";
        }
        return null;
    }

    private void poll(HttpExchange ex, String id, Fault fault) throws IOException {
        Job job = jobOr404(ex, id, fault, "Job " + id + " not found");
        if (job == null) {
            return;
        }
        Instant now = now();
        Instant last = job.lastPolledAt();
        if (last != null && Duration.between(last, now).compareTo(MIN_POLL_INTERVAL) < 0) {
            // polled again under 3 s: nothing new, and nothing moves on
            notModified.incrementAndGet();
            ex.sendResponseHeaders(304, -1);
            return;
        }
        job.poll(now);
        if (fault != null && fault.kind() == Fault.Kind.UNKNOWN_STATUS) {
            ObjectNode doc = record(job);
            doc.put("status", fault.text());
            sendJson(ex, 200, doc, rateHeaders());
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
            send(ex, 200, "application/json", "{\"id\":\"" + job.id + "\",\"status\":", null);
            return;
        }
        sendJson(ex, 200, record(job), rateHeaders());
    }

    private void cancel(HttpExchange ex, String id, Fault fault) throws IOException {
        Job job = jobOr404(ex, id, fault, "Job " + id + " not found");
        if (job == null) {
            return;
        }
        if (Set.of("completed", "failed", "cancelled").contains(job.status())) {
            error(ex, 409, "Job " + id + " has already ended (" + job.status() + ")", null);
            return;
        }
        job.finish("cancelled", null);
        sendJson(ex, 200, record(job), rateHeaders());
    }

    /** The job record for the job's current state. */
    private ObjectNode record(Job job) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", job.id);
        doc.put("object", "job");
        doc.put("status", job.status());
        doc.put("modality", "video");
        doc.put("model", job.model);
        doc.put("created_at", job.createdAt.getEpochSecond());
        doc.put("updated_at", now().getEpochSecond());
        switch (job.status()) {
            case "completed" -> {
                Script.Output output = job.script().output();
                String url = switch (output) {
                    case EMPTY -> "";
                    case MISSING, MODERATED -> null;
                    default -> signedMediaUrl("/v1/files/jobs/" + job.id + "/output.mp4", urlTtl);
                };
                ObjectNode result = doc.putObject("result");
                if (url != null) {
                    if (resultFields == ResultFields.BOTH || resultFields == ResultFields.FILE_URL) {
                        result.put("file_url", url);
                    }
                    if (resultFields == ResultFields.BOTH || resultFields == ResultFields.RESULT_URL) {
                        doc.put("result_url", url);
                    }
                    if (resultFields == ResultFields.RESULT_OBJECT_URL) {
                        result.put("url", url);
                    }
                }
                result.put("duration", job.duration);
                result.put("resolution", job.resolution);
                BigDecimal cents = job.script().fixedCost() != null
                        ? job.script().fixedCost().movePointRight(2)
                        : costCents;
                if (cents != null) {
                    doc.putObject("usage").put("cost_cents", cents);
                }
            }
            case "failed" -> {
                String message = job.error("Upstream provider failed");
                if (errorAsString) {
                    doc.put("error", message);
                } else {
                    ObjectNode error = doc.putObject("error");
                    error.put("code", "upstream_error");
                    error.put("message", message);
                }
            }
            default -> {}
        }
        return doc;
    }

    private static String ulid() {
        StringBuilder b = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            b.append(ULID_CHARS.charAt(RANDOM.nextInt(ULID_CHARS.length())));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // The media host

    @Override
    protected String mediaJobId(String path) {
        return path.matches("/v1/files/jobs/job_[0-9A-Z]+/output\\.mp4") ? path.split("/")[4] : null;
    }

    @Override
    protected boolean completed(Job job) {
        return "completed".equals(job.status());
    }
}
