package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.logging.Logger;

/**
 * OpenRouter's video API over {@link HttpClient}: submit, poll, download and the model list, each answer
 * classified into the outcome the ledger acts on. Nothing here retries: a submit is not idempotent at
 * OpenRouter (a retried POST can create a second paid job), and polls and downloads are retried by the
 * ledger on its own schedule. The API key goes only to the base URL's origin and never into a message.
 */
final class OpenRouterApi {

    /** Wait before a new submit or poll when OpenRouter asks for one without saying how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** A {@code Retry-After} longer than this is capped: the ledger still looks at the job. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** OpenRouter checks the request size before reading it and answers 413 above 50 MiB. */
    static final long MAX_REQUEST_BYTES = 50L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Logger LOG = Logger.getLogger(OpenRouterApi.class);

    /** Everything but the key, which is handed over separately so that no record's toString can show it. */
    record Settings(String baseUrl, Optional<String> httpReferer, Optional<String> title, Duration connectTimeout,
                    Duration requestTimeout) {
    }

    private final URI base;
    /** The base URL as a directory, to resolve relative URLs in OpenRouter's answers against. */
    private final URI baseDir;
    private final String baseText;
    private final String apiKey;
    private final Settings settings;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;

    OpenRouterApi(Settings settings, String apiKey, ObjectMapper mapper, ScheduledExecutorService watchdog) {
        String b = settings.baseUrl().trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.baseText = b;
        this.base = URI.create(b);
        this.baseDir = URI.create(b + "/");
        if (base.getHost() == null || !("https".equalsIgnoreCase(base.getScheme()) || "http".equalsIgnoreCase(base.getScheme()))) {
            throw new IllegalArgumentException("studio.openrouter.base-url must be an http(s) URL, not '" + b + "'");
        }
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.settings = settings;
        this.json = Json.exact(mapper);
        this.watchdog = watchdog;
        if (Boolean.getBoolean("jdk.httpclient.enableAllMethodRetry")) {
            LOG.error("jdk.httpclient.enableAllMethodRetry is set: the JDK may send a POST twice, and a second submit "
                    + "is a second paid job at OpenRouter. Remove that system property.");
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // redirects are followed by hand, deciding for every hop whether it may see the key
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    boolean hasKey() {
        return apiKey != null;
    }

    // ------------------------------------------------------------------------------------------------
    // Submit

    /**
     * Sends one generation. {@code model} (the catalogue row, when known) decides which optional fields may be
     * sent; {@code callbackUrl} is the webhook address or null.
     */
    SubmitOutcome submit(SubmitRequest request, ModelCapabilities model, String callbackUrl) {
        if (apiKey == null) {
            return new SubmitOutcome.Rejected("no API key is configured (set OPENROUTER_API_KEY); nothing was sent");
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload(request, model, callbackUrl));
        } catch (IOException e) {
            return new SubmitOutcome.Rejected("the studio could not prepare the request (" + e.getMessage() + "); nothing was sent");
        }
        if (body.length > MAX_REQUEST_BYTES) {
            return new SubmitOutcome.Rejected("the request with its input images is " + (body.length >> 20)
                    + " MiB, more than the 50 MiB OpenRouter accepts; nothing was sent. Use smaller images.");
        }
        HttpRequest post = own(HttpRequest.newBuilder(resolve("/videos")))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException | SSLHandshakeException e) {
            // no connection was made, so no request reached OpenRouter
            return new SubmitOutcome.RetryLater(DEFAULT_RETRY_AFTER, "could not connect to " + base.getHost() + ": " + reason(e));
        } catch (HttpTimeoutException e) {
            return new SubmitOutcome.Unknown("no answer within " + settings.requestTimeout().toSeconds() + " s after the request was sent");
        } catch (IOException e) {
            return new SubmitOutcome.Unknown("the connection broke after the request was sent: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SubmitOutcome.Unknown("the studio was interrupted while waiting for the answer");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            // the id is what matters: with it the job can be followed, whatever else the answer lacks
            JsonNode answer = parse(response.body());
            String id = Json.text(answer, "id");
            if (id == null || id.isBlank()) {
                return new SubmitOutcome.Unknown("OpenRouter answered HTTP " + status + " with a body that names no job: " + excerpt(response.body()));
            }
            checkPollingUrl(id, Json.text(answer, "polling_url"));
            return new SubmitOutcome.Accepted(id);
        }
        String message = errorMessage(response.body()) + " (HTTP " + status + ")";
        if (status == 429 || status == 503) {
            return new SubmitOutcome.RetryLater(retryAfter(response.headers()).orElse(DEFAULT_RETRY_AFTER), message);
        }
        if (status >= 400 && status < 500 && status != 408) {
            // 400 invalid, 401 key, 402 credits, 403 moderation, 404 model, 409, 413 size: nothing was created
            return new SubmitOutcome.Rejected(message);
        }
        // 408, 500, 502, 504...: OpenRouter may have created (and will bill) the job before failing
        return new SubmitOutcome.Unknown(message);
    }

    VideoRequest payload(SubmitRequest r, ModelCapabilities model, String callbackUrl) throws IOException {
        List<VideoRequest.FrameImage> frames = null;
        List<VideoRequest.ImageReference> references = null;
        GenerationMode mode = r.mode() == null ? GenerationMode.TEXT : r.mode();
        if (mode == GenerationMode.IMAGE && !r.inputs().isEmpty()) {
            frames = List.of(VideoRequest.FrameImage.firstFrame(dataUrl(r.inputs().get(0))));
        } else if (mode == GenerationMode.REFERENCE && !r.inputs().isEmpty()) {
            references = new ArrayList<>();
            for (InputImage image : r.inputs()) {
                references.add(VideoRequest.ImageReference.image(dataUrl(image)));
            }
        }
        // only what the model has a control for: a field whose capability is null is a 400 at OpenRouter
        Long seed = model != null && model.supportsSeed() ? r.seed() : null;
        Boolean audio = model != null && model.generateAudio() != null ? r.generateAudio() : null;
        // resolution and aspect_ratio rather than size: OpenRouter takes either, and what it does with both is unconfirmed
        return new VideoRequest(r.providerModelId(), r.prompt(), r.durationSeconds(), r.resolution(), r.aspectRatio(),
                seed, audio, frames, references, callbackUrl);
    }

    private static String dataUrl(InputImage image) throws IOException {
        return "data:" + image.mimeType() + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(image.file()));
    }

    /**
     * Polls go to {@code <base>/videos/<id>} (never to another host with the key); a {@code polling_url} that
     * says otherwise is only logged. It is absolute in OpenRouter's answers, relative in its OpenAPI example.
     */
    private void checkPollingUrl(String id, String pollingUrl) {
        if (pollingUrl == null) {
            return;
        }
        try {
            URI polling = baseDir.resolve(new URI(pollingUrl.trim()));
            if (!polling.equals(jobUri(id))) {
                LOG.debugf("OpenRouter's polling_url for %s is %s; polling %s", id, polling, jobUri(id));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOG.debugf("OpenRouter's polling_url for %s is not a URL; polling %s", id, jobUri(id));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Poll

    PollOutcome poll(String providerJobId) {
        if (apiKey == null) {
            return PollOutcome.unavailable("no API key is configured (set OPENROUTER_API_KEY)", null);
        }
        HttpRequest get = own(HttpRequest.newBuilder(jobUri(providerJobId)))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return PollOutcome.unavailable("OpenRouter did not answer within " + settings.requestTimeout().toSeconds() + " s", null);
        } catch (IOException e) {
            return PollOutcome.unavailable("could not reach OpenRouter: " + reason(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PollOutcome.unavailable("interrupted", null);
        }
        int status = response.statusCode();
        if (status == 200) {
            VideoJob job = VideoJob.from(parse(response.body()));
            if (job == null) {
                return PollOutcome.unavailable("OpenRouter's answer could not be read: " + excerpt(response.body()), null);
            }
            return outcome(providerJobId, job);
        }
        String message = errorMessage(response.body()) + " (HTTP " + status + ")";
        if (status == 404) {
            return PollOutcome.failed("provider_lost", "OpenRouter no longer knows the job " + providerJobId + ": " + message
                    + ". It may have been removed or expired there; check your OpenRouter activity before retrying.");
        }
        Duration after = status == 429 || status >= 500 ? retryAfter(response.headers()).orElse(null) : null;
        return PollOutcome.unavailable("OpenRouter answered " + message, after);
    }

    private PollOutcome outcome(String providerJobId, VideoJob job) {
        return switch (job.status()) {
            case "pending" -> PollOutcome.pending();
            case "in_progress" -> PollOutcome.running(null);
            case "completed" -> PollOutcome.completed(outputs(providerJobId, job), job.cost());
            case "failed" -> ended(PollOutcome.State.FAILED, "failed", job,
                    "OpenRouter reported the job failed without giving a reason");
            case "cancelled" -> ended(PollOutcome.State.CANCELLED, "cancelled", job, "Job was cancelled");
            case "expired" -> ended(PollOutcome.State.EXPIRED, "expired", job, "Job exceeded maximum time to live");
            default -> {
                // the status is an open enum: an unknown word is not an end, but worth a look
                LOG.warnf("OpenRouter job %s has the unknown status '%s'; treating it as still running", providerJobId,
                        excerpt(job.status().getBytes(StandardCharsets.UTF_8)));
                yield PollOutcome.running(null);
            }
        };
    }

    private PollOutcome ended(PollOutcome.State state, String category, VideoJob job, String fallback) {
        String message = job.error() == null || job.error().isBlank() ? fallback : redact(job.error());
        return new PollOutcome(state, null, List.of(), job.cost(), category, message, null);
    }

    /** The usable output URLs; the content endpoint stands in for listed URLs that are not http(s) URLs. */
    private List<URI> outputs(String providerJobId, VideoJob job) {
        List<URI> outputs = new ArrayList<>();
        for (String url : job.unsignedUrls()) {
            try {
                URI uri = baseDir.resolve(new URI(url.trim()));
                if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                    outputs.add(uri);
                    continue;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through
            }
            LOG.warnf("OpenRouter job %s lists an output that is not an http(s) URL; using its content endpoint instead", providerJobId);
            outputs.add(contentUri(providerJobId, outputs.size()));
        }
        return outputs;
    }

    // ------------------------------------------------------------------------------------------------
    // Download

    /**
     * Opens an output. When a URL on another host (a CDN) has gone (403, 404, 410), OpenRouter's own content
     * endpoint is asked instead.
     */
    Download download(String providerJobId, URI location) throws IOException {
        try {
            return open(location);
        } catch (Refused e) {
            if (sameOrigin(location) || !(e.status == 403 || e.status == 404 || e.status == 410)) {
                throw e;
            }
            LOG.infof("OpenRouter job %s: %s; trying OpenRouter's content endpoint", providerJobId, e.getMessage());
            return open(contentUri(providerJobId, 0));
        }
    }

    private Download open(URI start) throws IOException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw new IOException("the output location is not an http(s) URL");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                    .header("Accept", "video/mp4, video/*, application/octet-stream").GET();
            if (sameOrigin(uri)) {
                own(b);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new IOException(where(uri) + " did not answer within " + settings.requestTimeout().toSeconds() + " s");
            } catch (IOException e) {
                throw new IOException("could not download from " + where(uri) + ": " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading");
            }
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String next = response.headers().firstValue("Location").orElse(null);
                response.body().close();
                if (next == null) {
                    throw new IOException(where(uri) + " answered HTTP " + status + " without a Location");
                }
                try {
                    uri = uri.resolve(new URI(next.trim()));
                } catch (URISyntaxException e) {
                    throw new IOException(where(uri) + " redirected to something that is not a URL");
                }
                continue;
            }
            if (status < 200 || status >= 300) {
                byte[] error;
                try (InputStream in = response.body()) {
                    error = in.readNBytes(4096);
                }
                throw new Refused(status, where(uri) + " answered HTTP " + status + ": " + errorMessage(error));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.startsWith("video/") && !mediaType.equals("application/octet-stream")) {
                response.body().close();
                throw new IOException(where(uri) + " sent " + (mediaType.isEmpty() ? "no content type" : mediaType) + ", not a video");
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Download(IdleTimeoutInputStream.watch(response.body(), settings.requestTimeout(), watchdog),
                    mediaType, length);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + where(start));
    }

    /** A non-2xx answer to a download. */
    static final class Refused extends IOException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Model list

    /** {@code GET /videos/models} (no key needed, none sent); throws when it cannot be fetched or read. */
    List<ModelCapabilities> models() throws IOException, InterruptedException {
        Duration timeout = settings.requestTimeout().compareTo(Duration.ofSeconds(15)) < 0 ? settings.requestTimeout() : Duration.ofSeconds(15);
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve("/videos/models")).timeout(timeout)
                .header("Accept", "application/json").GET();
        settings.httpReferer().ifPresent(v -> b.header("HTTP-Referer", v));
        settings.title().ifPresent(v -> b.header("X-OpenRouter-Title", v));
        HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + errorMessage(response.body()));
        }
        JsonNode root = parse(response.body());
        if (root == null) {
            throw new IOException("the model list is not JSON");
        }
        return ModelListing.parse(root);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers

    /** Adds what only OpenRouter itself may see: the key, and the attribution headers. */
    private HttpRequest.Builder own(HttpRequest.Builder b) {
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        settings.httpReferer().ifPresent(v -> b.header("HTTP-Referer", v));
        settings.title().ifPresent(v -> {
            b.header("X-OpenRouter-Title", v);
            b.header("X-Title", v);
        });
        return b;
    }

    /** Same scheme, host and port as the configured base URL: the only place the key may go. */
    boolean sameOrigin(URI uri) {
        return uri.getScheme() != null && uri.getHost() != null
                && uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost().equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private URI resolve(String path) {
        return URI.create(baseText + path);
    }

    URI jobUri(String providerJobId) {
        return resolve("/videos/" + segment(providerJobId));
    }

    URI contentUri(String providerJobId, int index) {
        return resolve("/videos/" + segment(providerJobId) + "/content?index=" + index);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Scheme, host and path of a URL: never its query, which on a CDN is often a signature. */
    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** OpenRouter's {@code error.message}, else an excerpt of the body. */
    private String errorMessage(byte[] body) {
        JsonNode root = parse(body);
        if (root != null && root.isObject()) {
            JsonNode error = root.get("error");
            if (error != null && error.isTextual()) {
                return redact(error.asText());
            }
            String message = Json.text(error, "message");
            if (message == null) {
                message = Json.text(root, "message");
            }
            if (message != null && !message.isBlank()) {
                return redact(message);
            }
        }
        return body == null || body.length == 0 ? "no details" : excerpt(body);
    }

    private String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty)";
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").replaceAll("[\\p{Cntrl}]", "").trim();
        return redact(body.length > 300 ? text + "…" : text);
    }

    private String reason(Throwable e) {
        if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        return redact(message);
    }

    /** Belt and braces: whatever text leaves this class, the key is not in it. */
    String redact(String text) {
        return apiKey == null || text == null ? text : text.replace(apiKey, "[redacted]");
    }

    /** {@code Retry-After} in seconds, or as an HTTP date; capped at {@link #MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                if (d.isNegative()) {
                    d = Duration.ZERO;
                }
            } catch (RuntimeException unparsable) {
                return Optional.empty();
            }
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }
}
