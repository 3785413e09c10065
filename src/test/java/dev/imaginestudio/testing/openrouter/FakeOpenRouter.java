package dev.imaginestudio.testing.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.imaginestudio.testing.fake.FakeJob;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for OpenRouter's video API ({@code /api/v1/videos...}), built from PROVIDERS.md 5.2 on
 * the shared {@link FakeServer}: Bearer auth with OpenRouter's 401 body, validation against its own model
 * catalogue, scripted job timelines, costs from the models' pricing SKUs, the authenticated content endpoint
 * streaming a real MP4, a separate CDN host that refuses any request carrying Authorization, fault injection per
 * endpoint and call index, request recording, and signed webhook delivery.
 */
public final class FakeOpenRouter extends FakeServer<FakeOpenRouter.Endpoint, FakeOpenRouter.Job, FakeOpenRouter> {

    public enum Endpoint {
        SUBMIT,
        POLL,
        CONTENT,
        MODELS,
        CDN,
        OTHER
    }

    /** How a webhook delivery is signed. */
    public enum Webhook {
        /** Signed with the configured secret, timestamp now. */
        VALID,
        /** Signed correctly, but the timestamp is 301 s old. */
        STALE,
        /** A signature made with another secret. */
        BAD_SIGNATURE,
        /** No signature header at all (what OpenRouter sends when the workspace has no secret). */
        UNSIGNED
    }

    public static final String DEFAULT_KEY = "test-key";
    public static final String CREDITS_MESSAGE = "Insufficient credits. Add more using https://openrouter.ai/credits";
    static final long MAX_BODY = 50L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** One job as the fake holds it. */
    public static final class Job extends FakeJob {
        public final String callbackUrl;

        Job(String id, JsonNode request, Script script, int images, Instant createdAt) {
            super(id, request, script, images, "pending", createdAt);
            this.callbackUrl = request.hasNonNull("callback_url")
                    ? request.get("callback_url").asText()
                    : null;
        }
    }

    private volatile JsonNode models;
    private volatile boolean insufficientCredits;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile Integer rateLimitRetryAfter;
    private volatile boolean relativePollingUrl;
    private volatile boolean generationIds;
    private volatile boolean allowHttpCallback;
    private volatile int unknownModelStatus;
    private volatile int notReadyContentStatus;

    private FakeOpenRouter() {
        super(
                "openrouter",
                "/api/v1",
                DEFAULT_KEY,
                Script.of("pending", "in_progress", "completed"),
                Endpoint.SUBMIT,
                Endpoint.CDN);
    }

    /** Starts a fake on random loopback ports, serving a real one-second MP4. */
    public static FakeOpenRouter start() {
        return new FakeOpenRouter().started();
    }

    @Override
    protected void resetKnobs() {
        models = loadModels();
        insufficientCredits = false;
        rateLimited.set(0);
        rateLimitRetryAfter = null;
        relativePollingUrl = false;
        generationIds = false;
        allowHttpCallback = false;
        unknownModelStatus = 404;
        notReadyContentStatus = 400;
    }

    private static JsonNode loadModels() {
        try (InputStream in = FakeOpenRouter.class.getResourceAsStream("/testing/openrouter/fake-models.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Knobs

    /** Every submit answers 402 with OpenRouter's insufficient-credits message while this is on. */
    public FakeOpenRouter insufficientCredits(boolean on) {
        this.insufficientCredits = on;
        return this;
    }

    /** The next {@code submits} submits answer 429 "Rate limit exceeded" (with Retry-After when given). */
    public FakeOpenRouter rateLimit(int submits, Integer retryAfterSeconds) {
        this.rateLimited.set(submits);
        this.rateLimitRetryAfter = retryAfterSeconds;
        return this;
    }

    /** {@code polling_url} as {@code /api/v1/videos/<id>} (as in OpenRouter's OpenAPI example) instead of absolute. */
    public FakeOpenRouter relativePollingUrl(boolean on) {
        this.relativePollingUrl = on;
        return this;
    }

    /** Include {@code generation_id} in submit answers too (the OpenAPI example does). */
    public FakeOpenRouter generationIds(boolean on) {
        this.generationIds = on;
        return this;
    }

    /** Accept {@code http://} callback URLs (OpenRouter itself requires https). */
    public FakeOpenRouter allowHttpCallback(boolean on) {
        this.allowHttpCallback = on;
        return this;
    }

    /** What an unknown model gets: 404 (default) or 400. */
    public FakeOpenRouter unknownModelStatus(int status) {
        this.unknownModelStatus = status;
        return this;
    }

    /** What a content request for a job that is not completed gets: 400 (default) or 404. */
    public FakeOpenRouter notReadyContentStatus(int status) {
        this.notReadyContentStatus = status;
        return this;
    }

    /** Replaces the model list (catalogue changes between runs). */
    public FakeOpenRouter models(JsonNode listing) {
        this.models = listing;
        return this;
    }

    public JsonNode models() {
        return models.deepCopy();
    }

    // ------------------------------------------------------------------------------------------------
    // Webhooks

    /** The envelope OpenRouter posts for the job's current (terminal) state. */
    public byte[] webhookBody(String jobId) {
        Job job = job(jobId);
        ObjectNode data = JSON.createObjectNode();
        data.put("id", job.id);
        data.put("status", job.status());
        boolean completed = job.status().equals("completed");
        data.put("generation_id", completed ? "gen-" + job.id : null);
        data.put("model", job.model);
        if (completed) {
            ArrayNode urls = data.putArray("unsigned_urls");
            outputs(job).forEach(urls::add);
            ObjectNode usage = data.putObject("usage");
            usage.put("cost", cost(job));
            usage.put("is_byok", false);
        } else {
            data.put("error", error(job));
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("type", "video.generation." + job.status());
        envelope.put("created_at", DateTimeFormatter.ISO_INSTANT.format(now().truncatedTo(ChronoUnit.MILLIS)));
        envelope.set("data", data);
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts the job's webhook to {@code target}, signed as {@code how}; returns the HTTP status of the answer. */
    public int deliverWebhook(String jobId, URI target, Webhook how) {
        return deliverWebhook(jobId, target, how, jobId + "-" + job(jobId).status());
    }

    public int deliverWebhook(String jobId, URI target, Webhook how, String idempotencyKey) {
        byte[] body = webhookBody(jobId);
        Map<String, String> headers = new HashMap<>();
        headers.put("X-OpenRouter-Idempotency-Key", idempotencyKey);
        long now = now().getEpochSecond();
        switch (how) {
            case VALID -> headers.put("X-OpenRouter-Signature", signature(requireSecret(), now, body));
            case STALE -> headers.put("X-OpenRouter-Signature", signature(requireSecret(), now - 301, body));
            case BAD_SIGNATURE -> headers.put("X-OpenRouter-Signature", signature(requireSecret() + "-not", now, body));
            case UNSIGNED -> {}
        }
        return post(target, body, headers);
    }

    /** {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "," + body)>}. */
    public static String signature(String secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + hmacHex(secret, t + ",", body);
    }

    // ------------------------------------------------------------------------------------------------
    // The API server

    @Override
    protected Endpoint endpoint(String method, String path) {
        if (path.equals("/api/v1/videos") && method.equals("POST")) {
            return Endpoint.SUBMIT;
        }
        if (path.equals("/api/v1/videos/models") && method.equals("GET")) {
            return Endpoint.MODELS;
        }
        if (path.matches("/api/v1/videos/[^/]+/content") && method.equals("GET")) {
            return Endpoint.CONTENT;
        }
        if (path.matches("/api/v1/videos/[^/]+") && method.equals("GET")) {
            return Endpoint.POLL;
        }
        return Endpoint.OTHER;
    }

    @Override
    protected boolean needsKey(Endpoint endpoint) {
        return endpoint != Endpoint.MODELS && endpoint != Endpoint.OTHER;
    }

    @Override
    protected boolean beforeBody(HttpExchange ex, Endpoint endpoint, int index) throws IOException {
        if (endpoint == Endpoint.SUBMIT && contentLength(ex) > MAX_BODY) {
            // checked against Content-Length before the body is read
            record(ex, "api", endpoint, index, new byte[0]);
            error(ex, 413, "Request body too large: the limit is 50 MiB", null);
            return true;
        }
        return false;
    }

    @Override
    protected void handle(HttpExchange ex, Endpoint endpoint, String path, byte[] body, Fault fault)
            throws IOException {
        switch (endpoint) {
            case SUBMIT -> submit(ex, body, fault);
            case POLL -> poll(ex, jobId(path), fault);
            case CONTENT -> content(ex, jobId(path), ex.getRequestURI().getRawQuery(), fault);
            case MODELS -> listModels(ex, fault);
            default -> plain(ex, 404, "Not Found");
        }
    }

    private static String jobId(String path) {
        return path.split("/")[4];
    }

    @Override
    protected void unauthorized(HttpExchange ex, boolean missing) throws IOException {
        send(
                ex,
                401,
                "application/json",
                missing
                        ? "{\"error\":{\"message\":\"Missing Authentication header\",\"code\":401}}"
                        : "{\"error\":{\"message\":\"User not found.\",\"code\":401}}",
                null);
    }

    @Override
    protected String defaultMessage(int status) {
        return switch (status) {
            case 429 -> "Rate limit exceeded";
            case 500 -> "Internal Server Error";
            case 502 -> "Provider returned error";
            case 503 -> "No available provider could handle the request";
            default -> "Error " + status;
        };
    }

    private void submit(HttpExchange ex, byte[] body, Fault fault) throws IOException {
        if (fault != null && !fault.createsJob() && applyBeforeWork(ex, fault)) {
            return;
        }
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 429, "Rate limit exceeded", rateLimitRetryAfter);
            return;
        }
        if (insufficientCredits) {
            error(ex, 402, CREDITS_MESSAGE, null);
            return;
        }
        JsonNode request = jsonObject(body);
        if (request == null) {
            error(ex, 400, "Invalid JSON body", null);
            return;
        }
        Rejection rejection = validate(request);
        if (rejection != null) {
            error(ex, rejection.status, rejection.message, null);
            return;
        }
        Job job = create(request);
        if (applyAfterCreate(ex, fault, 202, "{\"id\":\"" + job.id + "\",\"polling_url\":")) {
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", job.id);
        answer.put("polling_url", pollingUrl(job));
        answer.put("status", "pending");
        if (generationIds) {
            answer.put("generation_id", "gen-" + job.id);
        }
        sendJson(ex, 202, answer, null);
    }

    private record Rejection(int status, String message) {}

    private Rejection validate(JsonNode r) {
        String modelId = r.path("model").asText("");
        if (modelId.isBlank()) {
            return new Rejection(400, "model is required");
        }
        JsonNode model = null;
        for (JsonNode m : models.path("data")) {
            if (m.path("id").asText().equals(modelId)) {
                model = m;
            }
        }
        if (model == null) {
            return new Rejection(unknownModelStatus, "Model " + modelId + " not found");
        }
        if (!model.path("supported_durations").isArray()) {
            return new Rejection(400, "Model " + modelId + " does not generate videos from a prompt");
        }
        if (!r.hasNonNull("prompt")
                || !r.get("prompt").isTextual()
                || r.get("prompt").asText().isBlank()) {
            return new Rejection(400, "prompt is required for " + modelId);
        }
        if (r.has("duration") && !contains(model.get("supported_durations"), r.get("duration"))) {
            return new Rejection(
                    400,
                    "duration " + r.get("duration") + " is not supported by " + modelId + "; supported durations: "
                            + model.get("supported_durations"));
        }
        for (String[] field : new String[][] {
            {"resolution", "supported_resolutions"},
            {"aspect_ratio", "supported_aspect_ratios"},
            {"size", "supported_sizes"}
        }) {
            if (r.has(field[0]) && !contains(model.get(field[1]), r.get(field[0]))) {
                return new Rejection(
                        400,
                        field[0] + " " + r.get(field[0]) + " is not supported by " + modelId + "; supported: "
                                + model.get(field[1]));
            }
        }
        for (JsonNode frame : r.path("frame_images")) {
            if (!contains(model.get("supported_frame_images"), frame.path("frame_type"))) {
                return new Rejection(400, "frame_type " + frame.path("frame_type") + " is not supported by " + modelId);
            }
            String url = frame.path("image_url").path("url").asText("");
            if (!url.startsWith("https://") && !url.startsWith("data:image/")) {
                return new Rejection(400, "frame_images[].image_url.url must be an https or data:image URL");
            }
        }
        for (JsonNode ref : r.path("input_references")) {
            String url = ref.path("image_url").path("url").asText("");
            if (!ref.path("type").asText().equals("image_url")
                    || (!url.startsWith("https://") && !url.startsWith("data:image/"))) {
                return new Rejection(400, "input_references[] must be image_url items with an https or data:image URL");
            }
        }
        if (r.has("generate_audio") && !model.path("generate_audio").isBoolean()) {
            return new Rejection(400, "generate_audio is not supported by " + modelId);
        }
        if (r.has("seed") && !model.path("seed").asBoolean(false)) {
            return new Rejection(400, "seed is not supported by " + modelId);
        }
        if (r.hasNonNull("callback_url")) {
            String callback = r.get("callback_url").asText();
            if (!callback.startsWith("https://") && !(allowHttpCallback && callback.startsWith("http://"))) {
                return new Rejection(400, "callback_url must be an HTTPS URL");
            }
        }
        if (r.hasNonNull("previous_job_id")) {
            Job previous = jobs.get(r.get("previous_job_id").asText());
            if (previous == null) {
                return new Rejection(404, "Job " + r.get("previous_job_id").asText() + " not found");
            }
            if (!previous.model.equals(modelId)) {
                return new Rejection(400, "previous_job_id belongs to another model");
            }
            if (!previous.status().equals("completed")) {
                return new Rejection(409, "Job " + previous.id + " is not completed");
            }
        }
        return null;
    }

    private static boolean contains(JsonNode set, JsonNode value) {
        if (set == null || !set.isArray() || value == null) {
            return false;
        }
        for (JsonNode v : set) {
            if (v.equals(value)
                    || (v.isNumber() && value.isNumber() && v.asLong() == value.asLong() && value.isIntegralNumber())) {
                return true;
            }
        }
        return false;
    }

    private Job create(JsonNode request) {
        String id;
        do {
            StringBuilder b = new StringBuilder(20);
            for (int i = 0; i < 20; i++) {
                b.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
            }
            id = b.toString();
        } while (jobs.containsKey(id));
        // frame_images win over input_references: the job is image-to-video then
        int images = request.path("frame_images").size() > 0
                ? request.path("frame_images").size()
                : request.path("input_references").size();
        return register(new Job(id, request, nextScript(), images, now()));
    }

    private String pollingUrl(Job job) {
        String path = "/api/v1/videos/" + job.id;
        return relativePollingUrl ? path : apiOrigin() + path;
    }

    private void poll(HttpExchange ex, String id, Fault fault) throws IOException {
        Job job = jobOr404(ex, id, fault, "Job " + id + " not found");
        if (job == null) {
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.UNKNOWN_STATUS) {
            ObjectNode doc = JSON.createObjectNode();
            doc.put("id", job.id);
            doc.put("polling_url", pollingUrl(job));
            doc.put("status", fault.text());
            sendJson(ex, 200, doc, null);
            return;
        }
        job.poll(now());
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
            send(ex, 200, "application/json", "{\"id\":\"" + job.id + "\",\"status\":", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.EMPTY) {
            send(ex, 200, "application/json", "", null);
            return;
        }
        sendJson(ex, 200, document(job), null);
    }

    private ObjectNode document(Job job) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", job.id);
        doc.put("polling_url", pollingUrl(job));
        doc.put("status", job.status());
        if (!job.status().equals("pending")) {
            doc.put("generation_id", "gen-" + job.id);
        }
        switch (job.status()) {
            case "completed" -> {
                if (job.script().output() != Script.Output.MISSING) {
                    ArrayNode urls = doc.putArray("unsigned_urls");
                    outputs(job).forEach(urls::add);
                }
                ObjectNode usage = doc.putObject("usage");
                usage.put("cost", cost(job));
                usage.put("is_byok", false);
            }
            case "failed", "cancelled", "expired" -> doc.put("error", error(job));
            default -> {}
        }
        return doc;
    }

    private List<String> outputs(Job job) {
        return switch (job.script().output()) {
            case CONTENT -> List.of(baseUrl() + "/videos/" + job.id + "/content?index=0");
            case RELATIVE_CONTENT -> List.of("/api/v1/videos/" + job.id + "/content?index=0");
            case BASE_RELATIVE_CONTENT -> List.of("videos/" + job.id + "/content?index=0");
            case CDN -> List.of(mediaOrigin() + "/cdn/" + job.id + ".mp4?sig=cdn-signature-" + job.id);
            case EMPTY, MISSING, MODERATED -> List.of();
        };
    }

    private static String error(Job job) {
        return job.error(
                switch (job.status()) {
                    case "cancelled" -> "Job was cancelled";
                    case "expired" -> "Job exceeded maximum time to live";
                    default -> "Generation failed";
                });
    }

    /** The job's cost in USD: fixed by the script, else from the model's pricing SKUs. */
    public BigDecimal cost(Job job) {
        if (job.script().fixedCost() != null) {
            return job.script().fixedCost();
        }
        JsonNode skus = null;
        for (JsonNode m : models.path("data")) {
            if (m.path("id").asText().equals(job.model)) {
                skus = m.path("pricing_skus");
            }
        }
        if (skus == null) {
            return null;
        }
        String res = job.resolution == null ? "" : "_" + job.resolution;
        BigDecimal perSecond;
        if (skus.has("cents_per_video_output_second" + res)) {
            perSecond = new BigDecimal(
                            skus.get("cents_per_video_output_second" + res).asText())
                    .movePointLeft(2);
        } else if (skus.has("duration_seconds" + res)) {
            perSecond = new BigDecimal(skus.get("duration_seconds" + res).asText());
        } else {
            boolean audio = !job.request.has("generate_audio")
                    || job.request.get("generate_audio").asBoolean();
            String key = "duration_seconds_" + (audio ? "with" : "without") + "_audio" + res;
            if (!skus.has(key)) {
                return null;
            }
            perSecond = new BigDecimal(skus.get(key).asText());
        }
        BigDecimal perImage = skus.has("cents_per_image_input")
                ? new BigDecimal(skus.get("cents_per_image_input").asText()).movePointLeft(2)
                : BigDecimal.ZERO;
        return perSecond
                .multiply(BigDecimal.valueOf(job.duration))
                .add(perImage.multiply(BigDecimal.valueOf(job.images)));
    }

    private void content(HttpExchange ex, String id, String query, Fault fault) throws IOException {
        Job job = jobOr404(ex, id, fault, "Job " + id + " not found");
        if (job == null) {
            return;
        }
        int index = 0;
        String value = queryValue(query, "index");
        if (value != null) {
            try {
                index = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                error(ex, 400, "index must be an integer", null);
                return;
            }
        }
        if (!job.status().equals("completed")) {
            error(ex, notReadyContentStatus, "Job " + id + " is not completed", null);
            return;
        }
        if (index != 0) {
            error(ex, 404, "Output " + index + " not found", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.REDIRECT_TO_CDN) {
            send(
                    ex,
                    302,
                    "text/plain",
                    "Found",
                    Map.of("Location", mediaOrigin() + "/cdn/" + job.id + ".mp4?sig=redirected"));
            return;
        }
        streamVideo(ex, fault, false);
    }

    private void listModels(HttpExchange ex, Fault fault) throws IOException {
        if (fault != null && applyBeforeWork(ex, fault)) {
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
            send(ex, 200, "application/json", "{\"data\":[", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.EMPTY) {
            send(ex, 200, "application/json", "", null);
            return;
        }
        sendJson(ex, 200, models, null);
    }

    // ------------------------------------------------------------------------------------------------
    // The CDN server

    @Override
    protected String mediaJobId(String path) {
        return path.matches("/cdn/[A-Za-z0-9]+\\.mp4") ? path.substring(5, path.length() - 4) : null;
    }

    @Override
    protected boolean completed(Job job) {
        return "completed".equals(job.status());
    }

    @Override
    protected void error(HttpExchange ex, int status, String message, Integer retryAfter) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("code", status);
        e.put("message", message);
        e.putObject("metadata");
        error.putNull("user_id");
        Map<String, String> headers = new HashMap<>();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter.toString());
        }
        sendJson(ex, status, error, headers);
    }
}
