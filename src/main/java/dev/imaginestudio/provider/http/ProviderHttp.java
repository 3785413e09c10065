package dev.imaginestudio.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.media.AddressGuard;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
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
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.jboss.logging.Logger;

/**
 * What every hosted route does over {@link HttpClient}, written once: the submit that is never repeated and
 * whose every outcome is classified, polls and other requests that may fail, downloads that follow redirects by
 * hand, and the rules about the API key: it goes only to the base URL's origin (scheme, host and port) and never
 * into a message, a log line or an exception. Nothing here retries; the ledger does, on its own schedule.
 */
public final class ProviderHttp {

    /** A {@code Retry-After} longer than this is capped: the ledger still looks at the job. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /** How much of a body an excerpt reads: enough that the key is found whole before the text is cut to 300. */
    private static final int EXCERPT_SOURCE_BYTES = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(ProviderHttp.class);

    /**
     * A route's connection settings. {@code name} is how messages call the provider ("xAI"), {@code keyVariable}
     * the environment variable holding its key, {@code baseUrlKey} the configuration key of {@code baseUrl};
     * {@code defaultRetryAfter} is the wait when the provider asks for one without saying how long.
     */
    public record Settings(
            String name,
            String keyVariable,
            String baseUrlKey,
            String baseUrl,
            Duration connectTimeout,
            Duration requestTimeout,
            Duration defaultRetryAfter) {}

    /** Turns a provider's error answer into the message a user reads. */
    @FunctionalInterface
    public interface Explain {
        /** {@code body} is the parsed answer (or null), {@code message} what it says, already redacted. */
        String explain(int status, JsonNode body, String message);

        /** "message (HTTP 402)". */
        Explain PLAIN = (status, body, message) -> message + " (HTTP " + status + ")";
    }

    /** The body of a submit, built only once the key is known to be there. */
    @FunctionalInterface
    public interface Payload {
        Object build() throws IOException;
    }

    /** Reads an answer to a poll; null when it cannot (an unreadable body, or a status it does not handle). */
    @FunctionalInterface
    public interface PollReader {
        PollOutcome read(int status, JsonNode body);
    }

    /** A request that got no HTTP answer; the message says why and is free of the key. */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** A non-2xx answer to a download. */
    public static final class Refused extends IOException {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Settings settings;
    private final URI base;
    /** The base URL as a directory, to resolve relative URLs in answers against. */
    private final URI baseDir;

    private final String baseText;
    private final String apiKey;
    private final Pattern keyPattern;
    private final ObjectMapper json;
    private final HttpClient http;
    private final OutputDownload downloads;
    private final Consumer<HttpRequest.Builder> ownHeaders;
    private final Explain explain;

    /**
     * @param ownHeaders further headers only the provider's origin may see (attribution headers), or null
     * @param explain    how error answers read, or null for {@link Explain#PLAIN}
     */
    public ProviderHttp(
            Settings settings,
            String apiKey,
            ObjectMapper mapper,
            ScheduledExecutorService watchdog,
            Consumer<HttpRequest.Builder> ownHeaders,
            Explain explain) {
        this(settings, apiKey, mapper, watchdog, ownHeaders, explain, AddressGuard::isPublic);
    }

    /** @param publicAddress which addresses count as public, for downloads from hosts other than the provider's */
    ProviderHttp(
            Settings settings,
            String apiKey,
            ObjectMapper mapper,
            ScheduledExecutorService watchdog,
            Consumer<HttpRequest.Builder> ownHeaders,
            Explain explain,
            Predicate<InetAddress> publicAddress) {
        String b = settings.baseUrl().trim();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.baseText = b;
        this.base = URI.create(b);
        this.baseDir = URI.create(b + "/");
        if (base.getHost() == null || !isHttp(base)) {
            throw new IllegalArgumentException(settings.baseUrlKey() + " must be an http(s) URL, not '" + b + "'");
        }
        this.settings = settings;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.keyPattern = KeyPattern.of(this.apiKey);
        this.json = Json.exact(mapper);
        this.ownHeaders = ownHeaders == null ? x -> {} : ownHeaders;
        this.explain = explain == null ? Explain.PLAIN : explain;
        if (Boolean.getBoolean("jdk.httpclient.enableAllMethodRetry")) {
            LOG.errorf(
                    "jdk.httpclient.enableAllMethodRetry is set: the JDK may send a POST twice, and a second submit "
                            + "is a second paid job at %s. Remove that system property.",
                    settings.name());
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // redirects are followed by hand, deciding for every hop whether it may see the key
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.downloads = new OutputDownload(this, http, watchdog, publicAddress, base.getHost());
    }

    public boolean hasKey() {
        return apiKey != null;
    }

    public String name() {
        return settings.name();
    }

    public Settings settings() {
        return settings;
    }

    /** The mapper every route reads and writes with: exact decimals, duplicate keys refused. */
    public ObjectMapper json() {
        return json;
    }

    // ------------------------------------------------------------------------------------------------
    // Submit

    /**
     * Sends one generation, once. Without a key nothing is sent. An answer in the 2xx range is an acceptance when
     * {@code idOf} finds a job id in it; 429 and 503 prove nothing was created (try again later); other 4xx are
     * refusals; anything else (5xx, 408, a timeout or a broken connection after sending) may have created and
     * billed the job and is {@link SubmitOutcome.Unknown}.
     */
    public SubmitOutcome submit(URI uri, Payload payload, long maxBytes, Function<JsonNode, String> idOf) {
        if (apiKey == null) {
            return new SubmitOutcome.Rejected(
                    "no API key is configured (set " + settings.keyVariable() + "); nothing was sent");
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload.build());
        } catch (IOException e) {
            return new SubmitOutcome.Rejected(
                    "the studio could not prepare the request (" + reason(e) + "); nothing was sent");
        }
        if (body.length > maxBytes) {
            return new SubmitOutcome.Rejected(
                    "the request with its input images is " + (body.length >> 20) + " MiB, more than the "
                            + (maxBytes >> 20) + " MiB " + name() + " accepts; nothing was sent. Use smaller images.");
        }
        HttpRequest post = own(HttpRequest.newBuilder(uri))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException | SSLHandshakeException e) {
            // no connection was made, so no request reached the provider
            return new SubmitOutcome.RetryLater(
                    settings.defaultRetryAfter(), "could not connect to " + base.getHost() + ": " + reason(e));
        } catch (HttpTimeoutException e) {
            return new SubmitOutcome.Unknown(
                    "no answer within " + settings.requestTimeout().toSeconds() + " s after the request was sent");
        } catch (IOException e) {
            return new SubmitOutcome.Unknown("the connection broke after the request was sent: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SubmitOutcome.Unknown("the studio was interrupted while waiting for the answer");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            // the id is what matters: with it the job can be followed, whatever else the answer lacks
            String id = idOf.apply(parse(response.body()));
            if (id == null || id.isBlank()) {
                return new SubmitOutcome.Unknown(name() + " answered HTTP " + status
                        + " with a body that names no job: " + excerpt(response.body()));
            }
            return new SubmitOutcome.Accepted(id);
        }
        String message = message(status, response.body());
        if (status == 429 || status == 503) {
            return new SubmitOutcome.RetryLater(
                    retryAfter(response.headers()).orElse(settings.defaultRetryAfter()), message);
        }
        if (status >= 400 && status < 500 && status != 408) {
            // 400 invalid, 401 key, 402 credits, 403 moderation, 404 model, 409, 413 size: nothing was created
            return new SubmitOutcome.Rejected(message);
        }
        // 408, 500, 502, 504...: the provider may have created (and will bill) the job before failing
        return new SubmitOutcome.Unknown(message);
    }

    // ------------------------------------------------------------------------------------------------
    // Other requests

    /** A GET with the key (the base origin only), expecting JSON. */
    public HttpResponse<byte[]> get(URI uri) throws Unreachable {
        return call("GET", uri);
    }

    /** A request without a body to the provider's own API ({@code GET}, {@code DELETE}, a bodiless {@code POST}). */
    public HttpResponse<byte[]> call(String method, URI uri) throws Unreachable {
        if (!sameOrigin(uri)) {
            throw new Unreachable(where(uri) + " is not " + name() + "'s API; nothing was sent");
        }
        HttpRequest request = own(HttpRequest.newBuilder(uri))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Unreachable(name() + " did not answer within "
                    + settings.requestTimeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new Unreachable("could not reach " + name() + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    /** A request that never carries the key (a public listing); the caller adds every header itself. */
    public HttpResponse<byte[]> sendWithoutKey(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * One poll about the provider's {@code noun} ("job", "request") {@code id}. Without a key or without an answer the
     * job's state is unavailable for now; a 404 means the provider no longer knows it ({@code provider_lost}, with
     * {@code advice} for the user); every other answer goes to {@code reader}. What the reader cannot read is
     * unavailable: a 2xx as unreadable, any other status with the provider's message and Retry-After.
     */
    public PollOutcome poll(URI uri, String noun, String id, String advice, PollReader reader) {
        if (apiKey == null) {
            return PollOutcome.unavailable("no API key is configured (set " + settings.keyVariable() + ")", null);
        }
        HttpResponse<byte[]> response;
        try {
            response = get(uri);
        } catch (Unreachable e) {
            return PollOutcome.unavailable(e.getMessage(), null);
        }
        int status = response.statusCode();
        if (status == 404) {
            return PollOutcome.failed(
                    "provider_lost",
                    name() + " no longer knows the " + noun + " " + id + ": " + message(status, response.body()) + ". "
                            + advice);
        }
        PollOutcome outcome = reader.read(status, parse(response.body()));
        if (outcome != null) {
            return outcome;
        }
        if (status >= 200 && status < 300) {
            return PollOutcome.unavailable(name() + "'s answer could not be read: " + excerpt(response.body()), null);
        }
        return pollRefused(response);
    }

    /** A poll that got an answer it cannot use: unavailable for now, with the provider's Retry-After on 429 and 5xx. */
    private PollOutcome pollRefused(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Duration after =
                status == 429 || status >= 500 ? retryAfter(response.headers()).orElse(null) : null;
        return PollOutcome.unavailable(name() + " answered " + message(status, response.body()), after);
    }

    /** What an error answer says, as the user reads it. */
    public String message(int status, byte[] body) {
        return redact(explain.explain(status, parse(body), errorMessage(body)));
    }

    // ------------------------------------------------------------------------------------------------
    // Download

    /**
     * Opens an output, following up to five redirects; the key goes only to hops on the base origin, and hops
     * elsewhere must be on public addresses (see {@link OutputDownload}). A non-2xx
     * answer is a {@link Refused}; an answer that is not a video is refused too. The body is closed when no byte
     * arrives for the request timeout.
     */
    public Download open(URI start) throws IOException {
        return downloads.open(start);
    }

    // ------------------------------------------------------------------------------------------------
    // Addresses and the key

    /** Adds what only the provider itself may see: the key, and the route's own headers. */
    public HttpRequest.Builder own(HttpRequest.Builder b) {
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        ownHeaders.accept(b);
        return b;
    }

    /** Same scheme, host and port as the configured base URL: the only place the key may go. */
    public boolean sameOrigin(URI uri) {
        return uri.getScheme() != null
                && uri.getHost() != null
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

    /** {@code path} below the base URL, e.g. {@code resolve("/videos/generations")}. */
    public URI resolve(String path) {
        return URI.create(baseText + path);
    }

    /**
     * A URL from an answer as an absolute http(s) URL, a relative one resolved against the base URL as a directory;
     * empty when it is none.
     */
    public Optional<URI> httpUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = baseDir.resolve(new URI(url.trim()));
            return isHttp(uri) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isHttp(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    }

    /** A job id as one path segment. */
    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Scheme, host and path of a URL: never its query, which on a CDN is often a signature. */
    public static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A stored input image as a {@code data:} URL. */
    public static String dataUrl(InputImage image) throws IOException {
        return "data:" + image.mimeType() + ";base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(image.file()));
    }

    // ------------------------------------------------------------------------------------------------
    // Reading answers

    /** The body as JSON, or null when it is empty or not JSON. */
    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What an error body says: a string {@code error} (OpenRouter's poll, xAI's flat {@code {"code","error"}}),
     * an {@code error.message} (the nested envelope all three use), a top-level {@code message}, else an excerpt.
     */
    public String errorMessage(byte[] body) {
        JsonNode root = parse(body);
        if (root != null && root.isObject()) {
            JsonNode error = root.get("error");
            if (error != null && error.isTextual() && !error.asText().isBlank()) {
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

    /** The first 300 characters of a body, on one line, without the key. */
    public String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty)";
        }
        // the key is removed before the cut: cut first, and a key across the cut would leave its prefix behind
        String text = redact(new String(body, 0, Math.min(body.length, EXCERPT_SOURCE_BYTES), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .replaceAll("[\\p{Cntrl}]", "")
                .trim());
        return text.length() > 300 || body.length > EXCERPT_SOURCE_BYTES
                ? text.substring(0, Math.min(300, text.length())) + "…"
                : text;
    }

    /** Why a request failed, from the most telling message in the chain, without the key. */
    public String reason(Throwable e) {
        if (e instanceof ConnectException
                && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        Throwable t = e;
        while (t.getCause() != null
                && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String message = t.getMessage() == null || t.getMessage().isBlank()
                ? t.getClass().getSimpleName()
                : t.getMessage();
        return redact(message);
    }

    /**
     * Belt and braces: whatever text leaves a route, the key is not in it, neither as written nor JSON-escaped
     * ({@code \u0073k-...}) nor URL-encoded ({@code sk%2D...}) as a body that is no JSON shows it, nor its first
     * characters at the end of a text someone already cut short.
     */
    public String redact(String text) {
        return keyPattern == null || text == null
                ? text
                : keyPattern.matcher(text).replaceAll("[redacted]");
    }

    /** {@code Retry-After} in seconds, or as an HTTP date; capped at {@link #MAX_RETRY_AFTER}. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value =
                headers.firstValue("Retry-After").map(String::trim).filter(v -> !v.isEmpty());
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

    @Override
    public String toString() {
        return "ProviderHttp[" + name() + " at " + baseText + ", key " + (apiKey == null ? "absent" : "hidden") + "]";
    }
}
