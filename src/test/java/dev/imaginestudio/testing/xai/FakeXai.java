package dev.imaginestudio.testing.xai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.imaginestudio.testing.fake.FakeJob;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Script;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for xAI's video API ({@code /v1/videos/generations}, {@code /v1/videos/{request_id}}),
 * built from PROVIDERS.md 2 and 5.3 on the shared {@link FakeServer}: validation as documented (prompt up to 4096
 * characters, 1-15 s and reference-to-video 1-10 s, {@code image} xor 1-7 {@code reference_images}), the flat
 * {@code {"code","error"}} error body (or the nested one by knob), {@code pending}/{@code done}/{@code expired}/
 * {@code failed} with failures as HTTP 200, moderation, the cost in {@code usage.cost_in_usd_ticks}, video URLs on a
 * separate {@code vidgen} host that expire by the fake's clock, and xAI's 1 request/second limit (a 429 to any
 * submit or poll arriving under a second after the previous one, by the fake's clock).
 */
public final class FakeXai extends FakeServer<FakeXai.Endpoint, FakeXai.Job, FakeXai> {

    public enum Endpoint {
        SUBMIT,
        POLL,
        VIDGEN,
        OTHER
    }

    public static final String DEFAULT_KEY = "xai-test-key";
    public static final String MODEL = "grok-imagine-video";
    /** 10^10 ticks are one US dollar. */
    public static final BigDecimal TICKS_PER_USD = new BigDecimal("10000000000");

    private static final Set<String> ASPECTS = Set.of("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3");
    private static final Map<String, BigDecimal> USD_PER_SECOND =
            Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.07"));
    private static final BigDecimal USD_PER_IMAGE = new BigDecimal("0.002");

    /** One request as the fake holds it; {@code mode} is text, image or reference. */
    public static final class Job extends FakeJob {
        public final String mode;

        Job(String id, JsonNode request, Script script, int images, String mode, Instant createdAt) {
            super(id, request, script, images, "pending", createdAt);
            this.mode = mode;
        }
    }

    private volatile boolean nestedErrors;
    private volatile boolean pendingAs202;
    private volatile int createdStatus;
    private volatile Duration urlTtl;
    private volatile boolean rateLimit;
    private volatile Instant lastApiRequest;
    private final AtomicInteger rateLimited = new AtomicInteger();

    private FakeXai() {
        super("xai", "/v1", DEFAULT_KEY, Script.of("pending", "pending", "done"), Endpoint.SUBMIT, Endpoint.VIDGEN);
    }

    public static FakeXai start() {
        return new FakeXai().started();
    }

    @Override
    protected void resetKnobs() {
        nestedErrors = false;
        pendingAs202 = false;
        createdStatus = 200;
        urlTtl = Duration.ofHours(1);
        rateLimit = true;
        lastApiRequest = null;
        rateLimited.set(0);
    }

    // ------------------------------------------------------------------------------------------------
    // Knobs

    /** Errors as {@code {"error":{"message","type","code"}}} (what the AI SDK expects) instead of the flat body. */
    public FakeXai nestedErrors(boolean on) {
        this.nestedErrors = on;
        return this;
    }

    /** Pending polls answered with HTTP 202 instead of 200. */
    public FakeXai pendingAs202(boolean on) {
        this.pendingAs202 = on;
        return this;
    }

    /** The status of a successful create: 200 (what clients saw) or 202. */
    public FakeXai createdStatus(int status) {
        this.createdStatus = status;
        return this;
    }

    /** How long a video URL works after the poll that gave it out (1 h by default). */
    public FakeXai urlTtl(Duration ttl) {
        this.urlTtl = ttl;
        return this;
    }

    /** xAI's 1 request/second limit on submits and polls (on by default). */
    public FakeXai rateLimit(boolean on) {
        this.rateLimit = on;
        return this;
    }

    /** How many requests the 1 request/second limit refused. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** The job's cost in ticks: fixed by the script, else 5 (480p) or 7 (720p) cents a second plus 0.2 cents an image. */
    public long ticks(Job job) {
        BigDecimal usd = job.script().fixedCost() != null
                ? job.script().fixedCost()
                : USD_PER_SECOND
                        .get(job.resolution == null ? "480p" : job.resolution)
                        .multiply(BigDecimal.valueOf(job.duration))
                        .add(USD_PER_IMAGE.multiply(BigDecimal.valueOf(job.images)));
        return usd.multiply(TICKS_PER_USD).longValueExact();
    }

    // ------------------------------------------------------------------------------------------------
    // The API

    @Override
    protected Endpoint endpoint(String method, String path) {
        if (path.equals("/v1/videos/generations") && method.equals("POST")) {
            return Endpoint.SUBMIT;
        }
        if (path.matches("/v1/videos/[^/]+") && method.equals("GET")) {
            return Endpoint.POLL;
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
        if (endpoint == Endpoint.OTHER) {
            error(ex, 404, "No such endpoint: " + path, null);
            return;
        }
        if (tooSoon()) {
            rateLimited.incrementAndGet();
            error(ex, 429, "Too many requests: grok-imagine-video allows 1 request per second", 1);
            return;
        }
        if (endpoint == Endpoint.SUBMIT) {
            submit(ex, body, fault);
        } else {
            poll(ex, path.substring("/v1/videos/".length()), fault);
        }
    }

    /** Whether this submit or poll came under a second after the previous one. */
    private synchronized boolean tooSoon() {
        Instant now = now();
        Instant last = lastApiRequest;
        lastApiRequest = now;
        return rateLimit && last != null && Duration.between(last, now).compareTo(Duration.ofSeconds(1)) < 0;
    }

    @Override
    protected String defaultMessage(int status) {
        return status == 500 ? "Internal error" : super.defaultMessage(status);
    }

    @Override
    protected void unauthorized(HttpExchange ex, boolean missing) throws IOException {
        error(ex, 401, missing ? "Missing API key" : "Incorrect API key provided", null);
    }

    @Override
    protected void error(HttpExchange ex, int status, String message, Integer retryAfter) throws IOException {
        String code = switch (status) {
            case 400 -> "invalid-argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission-denied";
            case 404 -> "not-found";
            case 429 -> "resource-exhausted";
            default -> "internal";
        };
        ObjectNode doc = JSON.createObjectNode();
        if (nestedErrors) {
            ObjectNode e = doc.putObject("error");
            e.put("message", message);
            e.put("type", code);
            e.put("code", code);
        } else {
            doc.put("code", code);
            doc.put("error", message);
        }
        Map<String, String> headers = new HashMap<>();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter.toString());
        }
        sendJson(ex, status, doc, headers);
    }

    private void submit(HttpExchange ex, byte[] body, Fault fault) throws IOException {
        if (fault != null && !fault.createsJob() && applyBeforeWork(ex, fault)) {
            return;
        }
        JsonNode request = jsonObject(body);
        if (request == null) {
            error(ex, 400, "Request body is not valid JSON", null);
            return;
        }
        String refusal = validate(request);
        if (refusal != null) {
            error(ex, 400, refusal, null);
            return;
        }
        String mode = request.has("image") ? "image" : request.has("reference_images") ? "reference" : "text";
        int images = mode.equals("image") ? 1 : request.path("reference_images").size();
        Job job = register(new Job(UUID.randomUUID().toString(), request, nextScript(), images, mode, now()));
        if (applyAfterCreate(ex, fault, createdStatus, "{\"request_id\":")) {
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("request_id", job.id);
        sendJson(ex, createdStatus, answer, null);
    }

    /** xAI's documented limits; the message names the field, as xAI's do. */
    private static String validate(JsonNode r) {
        if (!MODEL.equals(r.path("model").asText())) {
            return "Model not found: " + r.path("model").asText("(none)");
        }
        String prompt = r.path("prompt").asText("");
        if (prompt.isBlank()) {
            return "prompt is required";
        }
        if (prompt.length() > 4096) {
            return "prompt must be at most 4096 characters";
        }
        boolean reference = r.has("reference_images");
        if (reference && r.has("image")) {
            return "image and reference_images cannot be used together";
        }
        if (r.has("duration")) {
            int d = r.path("duration").asInt(-1);
            int max = reference ? 10 : 15;
            if (!r.path("duration").isIntegralNumber() || d < 1 || d > max) {
                return "duration must be between 1 and " + max + " seconds"
                        + (reference ? " for reference-to-video" : "");
            }
        }
        if (r.has("aspect_ratio") && !ASPECTS.contains(r.path("aspect_ratio").asText())) {
            return "aspect_ratio " + r.path("aspect_ratio") + " is not supported";
        }
        if (r.has("resolution")
                && !USD_PER_SECOND.containsKey(r.path("resolution").asText())) {
            return "resolution " + r.path("resolution") + " is not supported by " + MODEL;
        }
        if (r.has("image") && !imageUrl(r.get("image"))) {
            return "image.url must be an https or data:image URL";
        }
        if (reference) {
            JsonNode refs = r.get("reference_images");
            if (!refs.isArray() || refs.isEmpty() || refs.size() > 7) {
                return "reference_images takes 1 to 7 images";
            }
            for (JsonNode ref : refs) {
                if (!imageUrl(ref)) {
                    return "reference_images[].url must be an https or data:image URL";
                }
            }
        }
        return null;
    }

    private static boolean imageUrl(JsonNode image) {
        String url = image.path("url").asText("");
        return url.startsWith("https://") || url.startsWith("data:image/");
    }

    private void poll(HttpExchange ex, String id, Fault fault) throws IOException {
        Job job = jobOr404(ex, id, fault, "Request " + id + " not found");
        if (job == null) {
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.UNKNOWN_STATUS) {
            sendJson(ex, 200, JSON.createObjectNode().put("status", fault.text()), null);
            return;
        }
        String status = job.poll(now());
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
            send(ex, 200, "application/json", "{\"status\":", null);
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("status", status);
        switch (status) {
            case "pending" -> doc.put("progress", Math.min(99, job.polls() * 30));
            case "done" -> {
                ObjectNode video = doc.putObject("video");
                Script.Output output = job.script().output();
                if (output == Script.Output.EMPTY) {
                    video.put("url", "");
                } else if (output != Script.Output.MISSING && output != Script.Output.MODERATED) {
                    video.put("url", signedMediaUrl("/xai-vidgen-bucket/xai-video-" + job.id + ".mp4", urlTtl));
                }
                video.put("duration", output == Script.Output.MODERATED ? 0 : job.duration);
                video.put("respect_moderation", output != Script.Output.MODERATED);
                doc.put("model", MODEL);
                doc.putObject("usage").put("cost_in_usd_ticks", ticks(job));
                doc.put("progress", 100);
            }
            case "failed" -> {
                doc.putObject("video").put("duration", 0).put("respect_moderation", true);
                doc.put("model", "");
                ObjectNode error = doc.putObject("error");
                error.put("code", "internal_error");
                error.put("message", job.error("Video generation failed"));
            }
            default -> {}
        }
        sendJson(ex, status.equals("pending") && pendingAs202 ? 202 : 200, doc, null);
    }

    // ------------------------------------------------------------------------------------------------
    // The vidgen host

    @Override
    protected String mediaJobId(String path) {
        String prefix = "/xai-vidgen-bucket/xai-video-";
        return path.startsWith(prefix) && path.endsWith(".mp4")
                ? path.substring(prefix.length(), path.length() - 4)
                : null;
    }

    @Override
    protected boolean completed(Job job) {
        return "done".equals(job.status());
    }
}
