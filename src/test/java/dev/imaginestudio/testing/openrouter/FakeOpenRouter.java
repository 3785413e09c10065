package dev.imaginestudio.testing.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process stand-in for OpenRouter's video API ({@code /api/v1/videos...}), built from PROVIDERS.md 5.2:
 * Bearer auth with OpenRouter's 401 body, validation against its own model catalogue, scripted job timelines,
 * costs from the models' pricing SKUs, the authenticated content endpoint streaming a real MP4, a separate CDN
 * host that refuses any request carrying Authorization, fault injection per endpoint and call index, request
 * recording, and signed webhook delivery. Everything runs on 127.0.0.1 at random ports.
 */
public final class FakeOpenRouter implements AutoCloseable {

    public enum Endpoint {
        SUBMIT, POLL, CONTENT, MODELS, CDN, OTHER
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** One job as the fake holds it. */
    public static final class Job {
        public final String id;
        public final String model;
        public final String prompt;
        public final int duration;
        public final String resolution;
        public final int images;
        public final String callbackUrl;
        public final JsonNode request;
        final Script script;
        final AtomicInteger polls = new AtomicInteger();
        volatile String status = "pending";
        volatile String finalStatus;
        volatile String finalError;

        Job(String id, JsonNode request, Script script, int images) {
            this.id = id;
            this.request = request;
            this.model = request.path("model").asText();
            this.prompt = request.path("prompt").asText(null);
            this.duration = request.path("duration").asInt(0);
            this.resolution = request.hasNonNull("resolution") ? request.get("resolution").asText() : null;
            this.images = images;
            this.callbackUrl = request.hasNonNull("callback_url") ? request.get("callback_url").asText() : null;
            this.script = script;
        }

        public String status() {
            return status;
        }

        public int polls() {
            return polls.get();
        }
    }

    private final HttpServer api;
    private final HttpServer cdn;
    private final ExecutorService executor;
    private final byte[] video;
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final Map<Endpoint, AtomicInteger> calls = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Map<Integer, Fault>> faultsAt = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Deque<Fault>> faultsNext = new EnumMap<>(Endpoint.class);
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> expiredCdnLinks = ConcurrentHashMap.newKeySet();

    private volatile Script defaultScript;
    private volatile JsonNode models;
    private volatile boolean insufficientCredits;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile Integer rateLimitRetryAfter;
    private volatile boolean relativePollingUrl;
    private volatile boolean generationIds;
    private volatile boolean allowHttpCallback;
    private volatile int unknownModelStatus;
    private volatile int notReadyContentStatus;
    private volatile String webhookSecret;
    private volatile Supplier<Instant> clock = Instant::now;

    private FakeOpenRouter(byte[] video) throws IOException {
        this.video = video;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openrouter");
            t.setDaemon(true);
            return t;
        });
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        this.api = HttpServer.create(loopback, 64);
        this.api.createContext("/", this::handleApi);
        this.api.setExecutor(executor);
        this.cdn = HttpServer.create(loopback, 64);
        this.cdn.createContext("/", this::handleCdn);
        this.cdn.setExecutor(executor);
        reset();
        api.start();
        cdn.start();
    }

    /** Starts a fake on random loopback ports, serving a real one-second MP4. */
    public static FakeOpenRouter start() {
        try {
            return new FakeOpenRouter(TestVideos.oneSecond());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }

    /** Forgets every job, recording, fault and knob: back to a healthy OpenRouter that knows {@link #DEFAULT_KEY}. */
    public synchronized void reset() {
        jobs.clear();
        recorded.clear();
        for (Endpoint e : Endpoint.values()) {
            calls.put(e, new AtomicInteger());
            faultsAt.put(e, new ConcurrentHashMap<>());
            faultsNext.put(e, new ArrayDeque<>());
        }
        scripts.clear();
        keys.clear();
        keys.add(DEFAULT_KEY);
        expiredCdnLinks.clear();
        defaultScript = Script.happy();
        models = loadModels();
        insufficientCredits = false;
        rateLimited.set(0);
        rateLimitRetryAfter = null;
        relativePollingUrl = false;
        generationIds = false;
        allowHttpCallback = false;
        unknownModelStatus = 404;
        notReadyContentStatus = 400;
        webhookSecret = null;
        clock = Instant::now;
    }

    private static JsonNode loadModels() {
        try (InputStream in = FakeOpenRouter.class.getResourceAsStream("/testing/openrouter/fake-models.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Addresses

    /** {@code http://127.0.0.1:<port>/api/v1}: what the studio's base URL is set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort() + "/api/v1";
    }

    /** The origin of the CDN host, e.g. {@code http://127.0.0.1:<port>}. */
    public String cdnOrigin() {
        return "http://127.0.0.1:" + cdn.getAddress().getPort();
    }

    public byte[] video() {
        return video.clone();
    }

    // ------------------------------------------------------------------------------------------------
    // Knobs

    /** The timeline of the next job created (then the default again). */
    public synchronized FakeOpenRouter nextJob(Script script) {
        scripts.addLast(script);
        return this;
    }

    public FakeOpenRouter defaultScript(Script script) {
        this.defaultScript = script;
        return this;
    }

    /** A fault for the next call of {@code endpoint} that has none at its index (several queue up). */
    public synchronized FakeOpenRouter inject(Endpoint endpoint, Fault fault) {
        faultsNext.get(endpoint).addLast(fault);
        return this;
    }

    /** The same fault for the next {@code times} calls. */
    public synchronized FakeOpenRouter inject(Endpoint endpoint, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faultsNext.get(endpoint).addLast(fault);
        }
        return this;
    }

    /** A fault for the call number {@code callIndex} (0-based, counted since {@link #reset}) of {@code endpoint}. */
    public FakeOpenRouter injectAt(Endpoint endpoint, int callIndex, Fault fault) {
        faultsAt.get(endpoint).put(callIndex, fault);
        return this;
    }

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

    public FakeOpenRouter acceptKey(String key) {
        keys.add(key);
        return this;
    }

    /** The workspace signing secret; webhooks are unsigned without one. */
    public FakeOpenRouter webhookSecret(String secret) {
        this.webhookSecret = secret;
        return this;
    }

    /** The fake's sense of now (webhook timestamps). */
    public FakeOpenRouter clock(Supplier<Instant> clock) {
        this.clock = clock;
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

    /** CDN links of this job answer 404 from now on, as expired provider URLs do. */
    public FakeOpenRouter expireCdnLink(String jobId) {
        expiredCdnLinks.add(jobId);
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // Jobs and recordings

    public Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new IllegalArgumentException("the fake has no job " + id + "; it has " + jobs.keySet());
        }
        return job;
    }

    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Jobs created from a request whose prompt is {@code prompt}. */
    public List<Job> jobsWithPrompt(String prompt) {
        return jobs.values().stream().filter(j -> prompt.equals(j.prompt)).toList();
    }

    /** Ends a job now: {@code completed}, {@code failed}, {@code cancelled} or {@code expired}. */
    public void finish(String id, String status, String error) {
        Job job = job(id);
        job.finalStatus = status;
        job.finalError = error;
        job.status = status;
    }

    /** OpenRouter no longer knows the job (polls answer 404). */
    public void forget(String id) {
        jobs.remove(id);
    }

    public List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    /** Forgets the recorded requests only. */
    public void clearRequests() {
        recorded.clear();
    }

    public List<Recorded> requests(Endpoint endpoint) {
        return recorded.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /** The submits whose JSON body has this prompt. */
    public List<Recorded> submitsWithPrompt(String prompt) {
        return requests(Endpoint.SUBMIT).stream().filter(r -> {
            try {
                return prompt.equals(r.json().path("prompt").asText(null));
            } catch (UncheckedIOException e) {
                return false;
            }
        }).toList();
    }

    /** Requests (polls, downloads) about one job. */
    public List<Recorded> requestsFor(String jobId, Endpoint endpoint) {
        return requests(endpoint).stream().filter(r -> r.path().contains("/" + jobId)).toList();
    }

    public List<Recorded> requestsMatching(Predicate<Recorded> p) {
        return recorded.stream().filter(p).toList();
    }

    // ------------------------------------------------------------------------------------------------
    // Webhooks

    /** The envelope OpenRouter posts for the job's current (terminal) state. */
    public byte[] webhookBody(String jobId) {
        Job job = job(jobId);
        ObjectNode data = JSON.createObjectNode();
        data.put("id", job.id);
        data.put("status", job.status);
        boolean completed = job.status.equals("completed");
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
        envelope.put("type", "video.generation." + job.status);
        envelope.put("created_at", DateTimeFormatter.ISO_INSTANT.format(clock.get().truncatedTo(ChronoUnit.MILLIS)));
        envelope.set("data", data);
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts the job's webhook to {@code target}, signed as {@code how}; returns the HTTP status of the answer. */
    public int deliverWebhook(String jobId, URI target, Webhook how) {
        return deliverWebhook(jobId, target, how, jobId + "-" + job(jobId).status);
    }

    public int deliverWebhook(String jobId, URI target, Webhook how, String idempotencyKey) {
        byte[] body = webhookBody(jobId);
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-OpenRouter-Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        long now = clock.get().getEpochSecond();
        switch (how) {
            case VALID -> b.header("X-OpenRouter-Signature", signature(requireSecret(), now, body));
            case STALE -> b.header("X-OpenRouter-Signature", signature(requireSecret(), now - 301, body));
            case BAD_SIGNATURE -> b.header("X-OpenRouter-Signature", signature(requireSecret() + "-not", now, body));
            case UNSIGNED -> {
            }
        }
        try {
            return webhookClient.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String requireSecret() {
        if (webhookSecret == null) {
            throw new IllegalStateException("set webhookSecret(...) before delivering signed webhooks");
        }
        return webhookSecret;
    }

    /** {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "," + body)>}. */
    public static String signature(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ",").getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The API server

    private void handleApi(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Endpoint endpoint = endpoint(method, path);
            int index = calls.get(endpoint).getAndIncrement();
            if (endpoint == Endpoint.SUBMIT && contentLength(ex) > MAX_BODY) {
                // checked against Content-Length before the body is read
                record(ex, "api", endpoint, index, new byte[0]);
                error(ex, 413, "Request body too large: the limit is 50 MiB", null);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            record(ex, "api", endpoint, index, body);
            if (endpoint != Endpoint.MODELS && endpoint != Endpoint.OTHER && !authorized(ex)) {
                return;
            }
            Fault fault = fault(endpoint, index);
            switch (endpoint) {
                case SUBMIT -> submit(ex, body, fault);
                case POLL -> poll(ex, jobId(path), fault);
                case CONTENT -> content(ex, jobId(path), ex.getRequestURI().getRawQuery(), fault);
                case MODELS -> listModels(ex, fault);
                default -> plain(ex, 404, "Not Found");
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or a fault closed the connection
        } finally {
            ex.close();
        }
    }

    private static Endpoint endpoint(String method, String path) {
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

    private static String jobId(String path) {
        return path.split("/")[4];
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            send(ex, 401, "application/json", "{\"error\":{\"message\":\"Missing Authentication header\",\"code\":401}}", null);
            return false;
        }
        if (!keys.contains(auth.substring(7).trim())) {
            send(ex, 401, "application/json", "{\"error\":{\"message\":\"User not found.\",\"code\":401}}", null);
            return false;
        }
        return true;
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
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            error(ex, 400, "Invalid JSON body", null);
            return;
        }
        if (request == null || !request.isObject()) {
            error(ex, 400, "Invalid JSON body", null);
            return;
        }
        Rejection rejection = validate(request);
        if (rejection != null) {
            error(ex, rejection.status, rejection.message, null);
            return;
        }
        Job job = create(request);
        if (fault != null && fault.createsJob()) {
            switch (fault.kind()) {
                case STATUS -> {
                    error(ex, fault.status(), fault.message() == null ? "Internal Server Error" : fault.message(), fault.retryAfterSeconds());
                    return;
                }
                case DROP_AFTER_CREATE -> {
                    drop(ex);
                    return;
                }
                case SLOW -> sleep(fault.delay());
                case MALFORMED -> {
                    send(ex, 202, "application/json", "{\"id\":\"" + job.id + "\",\"polling_url\":", null);
                    return;
                }
                case EMPTY -> {
                    send(ex, 202, "application/json", "", null);
                    return;
                }
                default -> {
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", job.id);
        answer.put("polling_url", pollingUrl(job));
        answer.put("status", "pending");
        if (generationIds) {
            answer.put("generation_id", "gen-" + job.id);
        }
        send(ex, 202, "application/json", JSON.writeValueAsString(answer), null);
    }

    private record Rejection(int status, String message) {
    }

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
        if (!r.hasNonNull("prompt") || !r.get("prompt").isTextual() || r.get("prompt").asText().isBlank()) {
            return new Rejection(400, "prompt is required for " + modelId);
        }
        if (r.has("duration") && !contains(model.get("supported_durations"), r.get("duration"))) {
            return new Rejection(400, "duration " + r.get("duration") + " is not supported by " + modelId
                    + "; supported durations: " + model.get("supported_durations"));
        }
        for (String[] field : new String[][] {{"resolution", "supported_resolutions"}, {"aspect_ratio", "supported_aspect_ratios"},
                {"size", "supported_sizes"}}) {
            if (r.has(field[0]) && !contains(model.get(field[1]), r.get(field[0]))) {
                return new Rejection(400, field[0] + " " + r.get(field[0]) + " is not supported by " + modelId
                        + "; supported: " + model.get(field[1]));
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
            if (!ref.path("type").asText().equals("image_url") || (!url.startsWith("https://") && !url.startsWith("data:image/"))) {
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
            if (!previous.status.equals("completed")) {
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
            if (v.equals(value) || (v.isNumber() && value.isNumber() && v.asLong() == value.asLong() && value.isIntegralNumber())) {
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
        Script script;
        synchronized (this) {
            script = scripts.isEmpty() ? defaultScript : scripts.pollFirst();
        }
        // frame_images win over input_references: the job is image-to-video then
        int images = request.path("frame_images").size() > 0 ? request.path("frame_images").size()
                : request.path("input_references").size();
        Job job = new Job(id, request, script, images);
        jobs.put(id, job);
        return job;
    }

    private String pollingUrl(Job job) {
        String path = "/api/v1/videos/" + job.id;
        return relativePollingUrl ? path : "http://127.0.0.1:" + api.getAddress().getPort() + path;
    }

    private void poll(HttpExchange ex, String id, Fault fault) throws IOException {
        if (fault != null && applyBeforeWork(ex, fault)) {
            return;
        }
        Job job = jobs.get(id);
        if (job == null) {
            error(ex, 404, "Job " + id + " not found", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.UNKNOWN_STATUS) {
            ObjectNode doc = JSON.createObjectNode();
            doc.put("id", job.id);
            doc.put("polling_url", pollingUrl(job));
            doc.put("status", fault.text());
            send(ex, 200, "application/json", JSON.writeValueAsString(doc), null);
            return;
        }
        if (job.finalStatus == null && !job.script.manual()) {
            job.status = job.script.statusAt(job.polls.get());
        }
        job.polls.incrementAndGet();
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
            send(ex, 200, "application/json", "{\"id\":\"" + job.id + "\",\"status\":", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.EMPTY) {
            send(ex, 200, "application/json", "", null);
            return;
        }
        send(ex, 200, "application/json", JSON.writeValueAsString(document(job)), null);
    }

    private ObjectNode document(Job job) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", job.id);
        doc.put("polling_url", pollingUrl(job));
        doc.put("status", job.status);
        if (!job.status.equals("pending")) {
            doc.put("generation_id", "gen-" + job.id);
        }
        switch (job.status) {
            case "completed" -> {
                if (job.script.output() != Script.Output.MISSING) {
                    ArrayNode urls = doc.putArray("unsigned_urls");
                    outputs(job).forEach(urls::add);
                }
                ObjectNode usage = doc.putObject("usage");
                usage.put("cost", cost(job));
                usage.put("is_byok", false);
            }
            case "failed", "cancelled", "expired" -> doc.put("error", error(job));
            default -> {
            }
        }
        return doc;
    }

    private List<String> outputs(Job job) {
        return switch (job.script.output()) {
            case CONTENT -> List.of(baseUrl() + "/videos/" + job.id + "/content?index=0");
            case RELATIVE_CONTENT -> List.of("/api/v1/videos/" + job.id + "/content?index=0");
            case BASE_RELATIVE_CONTENT -> List.of("videos/" + job.id + "/content?index=0");
            case CDN -> List.of(cdnOrigin() + "/cdn/" + job.id + ".mp4?sig=cdn-signature-" + job.id);
            case EMPTY, MISSING -> List.of();
        };
    }

    private String error(Job job) {
        if (job.finalError != null) {
            return job.finalError;
        }
        return switch (job.status) {
            case "cancelled" -> job.script.error() != null ? job.script.error() : "Job was cancelled";
            case "expired" -> job.script.error() != null ? job.script.error() : "Job exceeded maximum time to live";
            default -> job.script.error() != null ? job.script.error() : "Generation failed";
        };
    }

    /** The job's cost in USD: fixed by the script, else from the model's pricing SKUs. */
    public BigDecimal cost(Job job) {
        if (job.script.fixedCost() != null) {
            return job.script.fixedCost();
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
            perSecond = new BigDecimal(skus.get("cents_per_video_output_second" + res).asText()).movePointLeft(2);
        } else if (skus.has("duration_seconds" + res)) {
            perSecond = new BigDecimal(skus.get("duration_seconds" + res).asText());
        } else {
            boolean audio = !job.request.has("generate_audio") || job.request.get("generate_audio").asBoolean();
            String key = "duration_seconds_" + (audio ? "with" : "without") + "_audio" + res;
            if (!skus.has(key)) {
                return null;
            }
            perSecond = new BigDecimal(skus.get(key).asText());
        }
        BigDecimal perImage = skus.has("cents_per_image_input")
                ? new BigDecimal(skus.get("cents_per_image_input").asText()).movePointLeft(2) : BigDecimal.ZERO;
        return perSecond.multiply(BigDecimal.valueOf(job.duration)).add(perImage.multiply(BigDecimal.valueOf(job.images)));
    }

    private void content(HttpExchange ex, String id, String query, Fault fault) throws IOException {
        if (fault != null && applyBeforeWork(ex, fault)) {
            return;
        }
        Job job = jobs.get(id);
        if (job == null) {
            error(ex, 404, "Job " + id + " not found", null);
            return;
        }
        int index = 0;
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("index=")) {
                    try {
                        index = Integer.parseInt(part.substring(6));
                    } catch (NumberFormatException e) {
                        error(ex, 400, "index must be an integer", null);
                        return;
                    }
                }
            }
        }
        if (!job.status.equals("completed")) {
            error(ex, notReadyContentStatus, "Job " + id + " is not completed", null);
            return;
        }
        if (index != 0) {
            error(ex, 404, "Output " + index + " not found", null);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.REDIRECT_TO_CDN) {
            send(ex, 302, "text/plain", "Found", Map.of("Location", cdnOrigin() + "/cdn/" + job.id + ".mp4?sig=redirected"));
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
        send(ex, 200, "application/json", JSON.writeValueAsString(models), null);
    }

    // ------------------------------------------------------------------------------------------------
    // The CDN server

    private void handleCdn(HttpExchange ex) {
        try {
            int index = calls.get(Endpoint.CDN).getAndIncrement();
            byte[] body = ex.getRequestBody().readAllBytes();
            record(ex, "cdn", Endpoint.CDN, index, body);
            if (ex.getRequestHeaders().containsKey("Authorization")) {
                send(ex, 403, "application/json", "{\"error\":\"this host takes no credentials\"}", null);
                return;
            }
            Fault fault = fault(Endpoint.CDN, index);
            if (fault != null && applyBeforeWork(ex, fault)) {
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (!path.matches("/cdn/[A-Za-z0-9]+\\.mp4")) {
                plain(ex, 404, "Not Found");
                return;
            }
            String id = path.substring(5, path.length() - 4);
            Job job = jobs.get(id);
            if (job == null || expiredCdnLinks.contains(id) || !"completed".equals(job.status)) {
                plain(ex, 404, "NoSuchKey");
                return;
            }
            streamVideo(ex, fault, true);
        } catch (IOException | RuntimeException e) {
            // client went away, or a fault closed the connection
        } finally {
            ex.close();
        }
    }

    /** Sends the MP4 (chunked from the API, with a Content-Length from the CDN), or the download fault. */
    private void streamVideo(HttpExchange ex, Fault fault, boolean fixedLength) throws IOException {
        if (fault != null && fault.kind() == Fault.Kind.CONTENT_TYPE) {
            send(ex, 200, fault.text(), "<html><body>Not a video</body></html>", null);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "video/mp4");
        if (fault != null && (fault.kind() == Fault.Kind.TRUNCATE || fault.kind() == Fault.Kind.STALL)) {
            ex.sendResponseHeaders(200, video.length);
            OutputStream out = ex.getResponseBody();
            out.write(video, 0, video.length / 2);
            out.flush();
            if (fault.kind() == Fault.Kind.STALL) {
                sleep(fault.delay());
            }
            drop(ex);
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.EMPTY) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, fixedLength ? video.length : 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int off = 0; off < video.length; off += 8192) {
                out.write(video, off, Math.min(8192, video.length - off));
                out.flush();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Machinery

    private synchronized Fault fault(Endpoint endpoint, int index) {
        Fault at = faultsAt.get(endpoint).remove(index);
        if (at != null) {
            return at;
        }
        return faultsNext.get(endpoint).pollFirst();
    }

    /**
     * Applies a fault that comes before any work (an HTTP error, a dropped connection, a delay).
     *
     * @return true when the exchange is finished
     */
    private boolean applyBeforeWork(HttpExchange ex, Fault fault) throws IOException {
        switch (fault.kind()) {
            case STATUS -> {
                String message = fault.message() != null ? fault.message() : switch (fault.status()) {
                    case 429 -> "Rate limit exceeded";
                    case 502 -> "Provider returned error";
                    case 503 -> "No available provider could handle the request";
                    default -> "Error " + fault.status();
                };
                error(ex, fault.status(), message, fault.retryAfterSeconds());
                return true;
            }
            case DROP -> {
                drop(ex);
                return true;
            }
            case SLOW -> {
                sleep(fault.delay());
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** Closes the connection without (the rest of) a response. */
    private static void drop(HttpExchange ex) {
        ex.close();
        throw new ConnectionDropped();
    }

    private static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super(null, null, false, false);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long contentLength(HttpExchange ex) {
        String value = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void record(HttpExchange ex, String server, Endpoint endpoint, int index, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Headers h = ex.getRequestHeaders();
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            headers.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()));
        }
        recorded.add(new Recorded(server, endpoint, index, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), Map.copyOf(headers), body));
    }

    private static void error(HttpExchange ex, int status, String message, Integer retryAfter) throws IOException {
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
        send(ex, status, "application/json", JSON.writeValueAsString(error), headers);
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain", text, null);
    }

    private static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (headers != null) {
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
