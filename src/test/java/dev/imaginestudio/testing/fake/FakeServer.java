package dev.imaginestudio.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
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
 * What every fake provider is built on (PROVIDERS.md 5.1): two in-process HTTP servers on 127.0.0.1 at random
 * ports (the provider's API, and a separate media host that refuses any request carrying Authorization and serves
 * signed URLs that expire by the fake's clock), Bearer auth against a set of keys, jobs with scripted timelines,
 * faults per endpoint and call index, and every request recorded with the fake's time. A subclass adds the
 * provider's paths, documents and error envelope.
 *
 * @param <E> the provider's endpoints
 * @param <J> its jobs
 * @param <F> the subclass itself, so knobs chain
 */
public abstract class FakeServer<E extends Enum<E>, J extends FakeJob, F extends FakeServer<E, J, F>>
        implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();
    /** What the fake signs its media URLs with; the studio never sees it. */
    private static final String MEDIA_SECRET = "fake-media-signing-secret";

    private final String name;
    private final String defaultKey;
    private final String basePath;
    private final Script happy;
    private final E submitEndpoint;
    private final E mediaEndpoint;
    private final HttpServer api;
    private final HttpServer media;
    private final ExecutorService executor;
    private final byte[] video;
    private final HttpClient webhookClient =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected final Map<String, J> jobs = new ConcurrentHashMap<>();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final Map<E, AtomicInteger> calls;
    private final Map<E, Map<Integer, Fault>> faultsAt;
    private final Map<E, Deque<Fault>> faultsNext;
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> expiredMedia = ConcurrentHashMap.newKeySet();
    private volatile Script defaultScript;
    private volatile Supplier<Instant> clock = Instant::now;
    /** The signing secret of webhooks the fake delivers (providers that have them). */
    private volatile String webhookSecret;

    /**
     * @param basePath the API's base path ({@code /v1}); {@code happy} the default timeline; {@code submitEndpoint}
     *                 and {@code mediaEndpoint} the endpoints of submits and of the media host
     */
    protected FakeServer(
            String name, String basePath, String defaultKey, Script happy, E submitEndpoint, E mediaEndpoint) {
        this.name = name;
        this.basePath = basePath;
        this.defaultKey = defaultKey;
        this.happy = happy;
        this.submitEndpoint = submitEndpoint;
        this.mediaEndpoint = mediaEndpoint;
        Class<E> endpoints = mediaEndpoint.getDeclaringClass();
        this.calls = new EnumMap<>(endpoints);
        this.faultsAt = new EnumMap<>(endpoints);
        this.faultsNext = new EnumMap<>(endpoints);
        this.video = TestVideos.oneSecond();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            this.api = HttpServer.create(loopback, 64);
            this.api.createContext("/", this::handleApi);
            this.api.setExecutor(executor);
            this.media = HttpServer.create(loopback, 64);
            this.media.createContext("/", this::handleMedia);
            this.media.setExecutor(executor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets and starts both servers; the subclass's factory calls it once. */
    protected final F started() {
        reset();
        api.start();
        media.start();
        return self();
    }

    @SuppressWarnings("unchecked")
    protected final F self() {
        return (F) this;
    }

    @Override
    public void close() {
        api.stop(0);
        media.stop(0);
        executor.shutdownNow();
    }

    /** The provider's happy timeline, in its words: the default for jobs without a script of their own. */
    public Script happy() {
        return happy;
    }

    /** Forgets every job, recording, fault and knob: back to a healthy provider that knows the default key. */
    public final synchronized F reset() {
        jobs.clear();
        recorded.clear();
        for (E e : endpoints()) {
            calls.put(e, new AtomicInteger());
            faultsAt.put(e, new ConcurrentHashMap<>());
            faultsNext.put(e, new ArrayDeque<>());
        }
        scripts.clear();
        keys.clear();
        keys.add(defaultKey);
        expiredMedia.clear();
        defaultScript = happy;
        clock = Instant::now;
        webhookSecret = null;
        resetKnobs();
        return self();
    }

    private List<E> endpoints() {
        return List.of(mediaEndpoint.getDeclaringClass().getEnumConstants());
    }

    // ------------------------------------------------------------------------------------------------
    // What a provider adds

    /** Which endpoint a request is. */
    protected abstract E endpoint(String method, String path);

    /** Whether the endpoint wants the Bearer key. */
    protected abstract boolean needsKey(E endpoint);

    /** Answers a request that passed auth; {@code fault} is the one injected for this call, or null. */
    protected abstract void handle(HttpExchange ex, E endpoint, String path, byte[] body, Fault fault)
            throws IOException;

    /** Answers with the provider's error envelope. */
    protected abstract void error(HttpExchange ex, int status, String message, Integer retryAfter) throws IOException;

    /** Answers a request without ({@code missing}) or with an unknown key. */
    protected abstract void unauthorized(HttpExchange ex, boolean missing) throws IOException;

    /** The job a media path names, or null when it names none. */
    protected abstract String mediaJobId(String path);

    /** Whether a job has finished with a video. */
    protected abstract boolean completed(J job);

    /** The provider's own knobs back to their defaults (called by {@link #reset}). */
    protected void resetKnobs() {}

    /** A chance to answer before the body is read (OpenRouter's 413 on Content-Length); true when answered. */
    protected boolean beforeBody(HttpExchange ex, E endpoint, int index) throws IOException {
        return false;
    }

    /** The message of an injected HTTP error that brings none. */
    protected String defaultMessage(int status) {
        return "Error " + status;
    }

    // ------------------------------------------------------------------------------------------------
    // Addresses

    /** What the studio's base URL is set to: the API's origin and base path. */
    public String baseUrl() {
        return apiOrigin() + basePath;
    }

    /** The key the fake accepts from the start. */
    public String defaultKey() {
        return defaultKey;
    }

    /** The API's origin, {@code http://127.0.0.1:<port>}. */
    public String apiOrigin() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    /** The media host's origin, e.g. {@code http://127.0.0.1:<port>}. */
    public String mediaOrigin() {
        return "http://127.0.0.1:" + media.getAddress().getPort();
    }

    /** The MP4 every completed job serves. */
    public byte[] video() {
        return video.clone();
    }

    /**
     * A URL for {@code path} on the media host, signed by the fake and valid for {@code ttl} from now (by the fake's
     * clock): {@code ...?expires=<unix>&sig=<hex>}.
     */
    protected String signedMediaUrl(String path, Duration ttl) {
        long expires = now().plus(ttl).getEpochSecond();
        return mediaOrigin() + path + "?expires=" + expires + "&sig="
                + hmacHex(MEDIA_SECRET, path + "?expires=" + expires, new byte[0]);
    }

    // ------------------------------------------------------------------------------------------------
    // Knobs

    /** The timeline of the next job created (then the default again). */
    public synchronized F nextJob(Script script) {
        scripts.addLast(script);
        return self();
    }

    public F defaultScript(Script script) {
        this.defaultScript = script;
        return self();
    }

    /** A fault for the next call of {@code endpoint} that has none at its index (several queue up). */
    public synchronized F inject(E endpoint, Fault fault) {
        faultsNext.get(endpoint).addLast(fault);
        return self();
    }

    /** The same fault for the next {@code times} calls. */
    public synchronized F inject(E endpoint, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faultsNext.get(endpoint).addLast(fault);
        }
        return self();
    }

    /** A fault for the call number {@code callIndex} (0-based, counted since {@link #reset}) of {@code endpoint}. */
    public F injectAt(E endpoint, int callIndex, Fault fault) {
        faultsAt.get(endpoint).put(callIndex, fault);
        return self();
    }

    /** The webhook signing secret; webhooks are unsigned without one. */
    public F webhookSecret(String secret) {
        this.webhookSecret = secret;
        return self();
    }

    protected String requireSecret() {
        if (webhookSecret == null) {
            throw new IllegalStateException("set webhookSecret(...) before delivering signed webhooks");
        }
        return webhookSecret;
    }

    public F acceptKey(String key) {
        keys.add(key);
        return self();
    }

    /** The fake's sense of now: recorded instants, media URL expiry, webhook timestamps, pacing rules. */
    public F clock(Supplier<Instant> clock) {
        this.clock = clock;
        return self();
    }

    public Instant now() {
        return clock.get();
    }

    /** Media links of this job answer 404 from now on, as a removed file does. */
    public F expireMedia(String jobId) {
        expiredMedia.add(jobId);
        return self();
    }

    // ------------------------------------------------------------------------------------------------
    // Jobs and recordings

    public J job(String id) {
        J job = jobs.get(id);
        if (job == null) {
            throw new IllegalArgumentException("the fake " + name + " has no job " + id + "; it has " + jobs.keySet());
        }
        return job;
    }

    public List<J> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Jobs created from a request whose prompt is {@code prompt}. */
    public List<J> jobsWithPrompt(String prompt) {
        return jobs.values().stream().filter(j -> prompt.equals(j.prompt)).toList();
    }

    /** Ends a job now, with the provider's word for how. */
    public void finish(String id, String status, String error) {
        job(id).finish(status, error);
    }

    /** The provider no longer knows the job (polls answer 404). */
    public void forget(String id) {
        jobs.remove(id);
    }

    protected synchronized Script nextScript() {
        return scripts.isEmpty() ? defaultScript : scripts.pollFirst();
    }

    /**
     * The job a request is about, once the injected fault (if any) has had its turn; null when the exchange is
     * answered already: by the fault, or with a 404 saying {@code notFound}.
     */
    protected J jobOr404(HttpExchange ex, String id, Fault fault, String notFound) throws IOException {
        if (fault != null && applyBeforeWork(ex, fault)) {
            return null;
        }
        J job = id == null ? null : jobs.get(id);
        if (job == null) {
            error(ex, 404, notFound, null);
        }
        return job;
    }

    protected J register(J job) {
        jobs.put(job.id, job);
        return job;
    }

    public List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    /** Forgets the recorded requests only. */
    public void clearRequests() {
        recorded.clear();
    }

    public List<Recorded> requests(E endpoint) {
        return recorded.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /** Requests (polls, downloads) about one job. */
    public List<Recorded> requestsFor(String jobId, E endpoint) {
        return requests(endpoint).stream()
                .filter(r -> r.path().contains("/" + jobId) || r.path().contains(jobId + "."))
                .toList();
    }

    public List<Recorded> requestsMatching(Predicate<Recorded> p) {
        return recorded.stream().filter(p).toList();
    }

    /** The submits whose JSON body has this prompt. */
    public List<Recorded> submitsWithPrompt(String prompt) {
        return withPrompt(submitEndpoint, prompt);
    }

    /** The requests to {@code endpoint} whose JSON body has this prompt. */
    public List<Recorded> withPrompt(E endpoint, String prompt) {
        return requests(endpoint).stream()
                .filter(r -> {
                    try {
                        return prompt.equals(r.json().path("prompt").asText(null));
                    } catch (UncheckedIOException e) {
                        return false;
                    }
                })
                .toList();
    }

    // ------------------------------------------------------------------------------------------------
    // The servers

    private void handleApi(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getRawPath();
            E endpoint = endpoint(ex.getRequestMethod(), path);
            int index = calls.get(endpoint).getAndIncrement();
            if (beforeBody(ex, endpoint, index)) {
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            record(ex, "api", endpoint, index, body);
            if (needsKey(endpoint) && !authorized(ex)) {
                return;
            }
            handle(ex, endpoint, path, body, fault(endpoint, index));
        } catch (IOException | RuntimeException e) {
            // the client went away, or a fault closed the connection
        } finally {
            ex.close();
        }
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            unauthorized(ex, true);
            return false;
        }
        if (!keys.contains(auth.substring(7).trim())) {
            unauthorized(ex, false);
            return false;
        }
        return true;
    }

    private void handleMedia(HttpExchange ex) {
        try {
            int index = calls.get(mediaEndpoint).getAndIncrement();
            byte[] body = ex.getRequestBody().readAllBytes();
            record(ex, "media", mediaEndpoint, index, body);
            if (ex.getRequestHeaders().containsKey("Authorization")) {
                send(ex, 403, "application/json", "{\"error\":\"this host takes no credentials\"}", null);
                return;
            }
            Fault fault = fault(mediaEndpoint, index);
            if (fault != null && applyBeforeWork(ex, fault)) {
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String id = mediaJobId(path);
            J job = id == null ? null : jobs.get(id);
            if (job == null || expiredMedia.contains(id) || !completed(job)) {
                plain(ex, 404, "NoSuchKey");
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            String expires = queryValue(query, "expires");
            if (expires != null) {
                String expected = hmacHex(MEDIA_SECRET, path + "?expires=" + expires, new byte[0]);
                if (!expected.equals(queryValue(query, "sig"))) {
                    plain(ex, 403, "SignatureDoesNotMatch");
                    return;
                }
                if (now().getEpochSecond() > Long.parseLong(expires)) {
                    plain(ex, 403, "Request has expired");
                    return;
                }
            }
            streamVideo(ex, fault, true);
        } catch (IOException | RuntimeException e) {
            // client went away, or a fault closed the connection
        } finally {
            ex.close();
        }
    }

    protected static String queryValue(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Sends the MP4 (chunked, or with a Content-Length), or the download fault. */
    protected void streamVideo(HttpExchange ex, Fault fault, boolean fixedLength) throws IOException {
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

    private synchronized Fault fault(E endpoint, int index) {
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
    protected boolean applyBeforeWork(HttpExchange ex, Fault fault) throws IOException {
        switch (fault.kind()) {
            case STATUS -> {
                error(
                        ex,
                        fault.status(),
                        fault.message() != null ? fault.message() : defaultMessage(fault.status()),
                        fault.retryAfterSeconds());
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

    /**
     * Applies a submit's fault that strikes once the job was created (a 5xx, a dropped connection, a slow, malformed
     * or empty acceptance); {@code status} is the status of an acceptance, {@code truncated} a body cut short.
     *
     * @return true when the exchange is finished
     */
    protected boolean applyAfterCreate(HttpExchange ex, Fault fault, int status, String truncated) throws IOException {
        if (fault == null || !fault.createsJob()) {
            return false;
        }
        switch (fault.kind()) {
            case STATUS -> {
                error(
                        ex,
                        fault.status(),
                        fault.message() != null ? fault.message() : defaultMessage(fault.status()),
                        fault.retryAfterSeconds());
                return true;
            }
            case DROP_AFTER_CREATE -> {
                drop(ex);
                return true;
            }
            case SLOW -> {
                sleep(fault.delay());
                return false;
            }
            case MALFORMED -> {
                send(ex, status, "application/json", truncated, null);
                return true;
            }
            case EMPTY -> {
                send(ex, status, "application/json", "", null);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Closes the connection without (the rest of) a response. */
    protected static void drop(HttpExchange ex) {
        ex.close();
        throw new ConnectionDropped();
    }

    private static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super(null, null, false, false);
        }
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static long contentLength(HttpExchange ex) {
        String value = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    protected void record(HttpExchange ex, String server, E endpoint, int index, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Headers h = ex.getRequestHeaders();
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            headers.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()));
        }
        recorded.add(new Recorded(
                server,
                endpoint,
                index,
                now(),
                ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(),
                Map.copyOf(headers),
                body));
    }

    /** Reads a request body as a JSON object; null when it is not one. */
    protected static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    protected static void plain(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain", text, null);
    }

    protected static void sendJson(HttpExchange ex, int status, Object document, Map<String, String> headers)
            throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(document), headers);
    }

    protected static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers)
            throws IOException {
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

    /** Posts a webhook as the provider would; returns the HTTP status of the answer. */
    protected int post(URI target, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return webhookClient
                    .send(b.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex HMAC-SHA256 keyed with {@code secret} over {@code prefix} then {@code body}. */
    public static String hmacHex(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instants of recorded requests, in order. */
    public static List<Instant> instants(List<Recorded> requests) {
        List<Instant> at = new ArrayList<>();
        for (Recorded r : requests) {
            at.add(r.at());
        }
        at.sort(null);
        return at;
    }
}
