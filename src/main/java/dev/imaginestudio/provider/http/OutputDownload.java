package dev.imaginestudio.provider.http;

import static dev.imaginestudio.provider.http.ProviderHttp.isHttp;
import static dev.imaginestudio.provider.http.ProviderHttp.where;

import dev.imaginestudio.provider.Download;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The downloads of a {@link ProviderHttp}: redirects followed by hand, the key only for hops on the provider's
 * origin, an address check for every other hop. Kept apart from the API calls because it streams and may leave
 * the provider's origin, which no other request does.
 */
final class OutputDownload {

    private static final int MAX_REDIRECTS = 5;

    private final ProviderHttp owner;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Predicate<InetAddress> publicAddress;
    private final String baseHost;

    OutputDownload(
            ProviderHttp owner,
            HttpClient http,
            ScheduledExecutorService watchdog,
            Predicate<InetAddress> publicAddress,
            String baseHost) {
        this.owner = owner;
        this.http = http;
        this.watchdog = watchdog;
        this.publicAddress = publicAddress;
        this.baseHost = baseHost;
    }

    /** The routes call this through {@link ProviderHttp#open}, which states what it promises. */
    Download open(URI start) throws IOException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (uri.getHost() == null || !isHttp(uri)) {
                throw new IOException("the output location is not an http(s) URL");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(owner.settings().requestTimeout())
                    .header("Accept", "video/mp4, video/*, application/octet-stream")
                    .GET();
            if (owner.sameOrigin(uri)) {
                owner.own(b);
            } else {
                checkAddresses(uri);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new IOException(where(uri) + " did not answer within "
                        + owner.settings().requestTimeout().toSeconds() + " s");
            } catch (IOException e) {
                throw new IOException("could not download from " + where(uri) + ": " + owner.reason(e));
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
                throw new ProviderHttp.Refused(
                        status, where(uri) + " answered HTTP " + status + ": " + owner.errorMessage(error));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.startsWith("video/") && !mediaType.equals("application/octet-stream")) {
                response.body().close();
                throw new IOException(where(uri) + " sent " + (mediaType.isEmpty() ? "no content type" : mediaType)
                        + ", not a video");
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Download(
                    IdleTimeoutInputStream.watch(
                            response.body(), owner.settings().requestTimeout(), watchdog),
                    mediaType,
                    length);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + where(start));
    }

    /**
     * A URL off the provider's origin came from an answer (or a redirect), so it gets the input images' address
     * check: it may not send the studio into the network it runs in. A provider that is itself configured on a
     * private address (a gateway on the local network, a test double) may hand out URLs there too. The check
     * runs just before the client connects; {@link HttpClient} resolves the name again, and the JVM's DNS cache
     * (30 s) is what makes it meet the same answer: unlike input images, these URLs come from the provider, not
     * from a user, so that window is left open rather than downloads being written over raw sockets.
     */
    private void checkAddresses(URI uri) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (java.net.UnknownHostException e) {
            throw new IOException("could not download from " + where(uri) + ": the host does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!publicAddress.test(a) && !privateProvider()) {
                throw new IOException("the output location " + where(uri) + " is a local or private address ("
                        + a.getHostAddress() + "); outputs are downloaded only from public hosts");
            }
        }
    }

    /** Whether the configured base URL's host is itself on a non-public address; false when it does not resolve. */
    private boolean privateProvider() {
        try {
            for (InetAddress a : InetAddress.getAllByName(baseHost)) {
                if (!publicAddress.test(a)) {
                    return true;
                }
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return false;
    }
}
