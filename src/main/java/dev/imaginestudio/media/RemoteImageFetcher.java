package dev.imaginestudio.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Fetches one input image from a URL a user gave, once, with a size cap and a timeout. Every hop (the URL
 * and each redirect) must be https to a host whose every address passes the guard. The JVM's DNS cache
 * (30 s) makes the client connect to the addresses that were checked.
 */
final class RemoteImageFetcher {

    /** Why a URL was refused; the message is shown to the user. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final boolean httpsOnly;
    private final Predicate<InetAddress> allowed;
    private final Duration timeout;

    RemoteImageFetcher(boolean httpsOnly, Predicate<InetAddress> allowed, Duration timeout) {
        this.httpsOnly = httpsOnly;
        this.allowed = allowed;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    byte[] fetch(URI url, long maxBytes) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            check(current);
            HttpRequest request = HttpRequest.newBuilder(current).timeout(timeout).GET()
                    .header("Accept", "image/png,image/jpeg,image/webp").build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (java.net.http.HttpTimeoutException e) {
                throw new Refused("the image server did not answer within " + timeout.toSeconds() + " s");
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                response.body().close();
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new Refused("the image URL redirects nowhere"));
                current = current.resolve(location);
                continue;
            }
            if (status != 200) {
                response.body().close();
                throw new Refused("the image URL answered HTTP " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                response.body().close();
                throw new Refused("the image is larger than " + maxBytes / (1024 * 1024) + " MiB");
            }
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (body.length > maxBytes) {
                    throw new Refused("the image is larger than " + maxBytes / (1024 * 1024) + " MiB");
                }
                return body;
            }
        }
        throw new Refused("the image URL redirects more than " + MAX_REDIRECTS + " times");
    }

    private void check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && (httpsOnly || !scheme.equals("http"))) {
            throw new Refused("only https image URLs are accepted, not " + (scheme.isEmpty() ? "this URL" : scheme + ":"));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("the image URL has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new Refused("image URLs with credentials are not accepted");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the image host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!allowed.test(a)) {
                throw new Refused("the image host " + host + " is a local or private address (" + a.getHostAddress()
                        + "); only public hosts are fetched");
            }
        }
    }
}
