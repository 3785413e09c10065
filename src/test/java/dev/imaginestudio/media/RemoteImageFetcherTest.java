package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher against a local server. The guard here admits 127.0.0.1 only, standing in for "a public host",
 * so every other address plays the part of a private one.
 */
class RemoteImageFetcherTest {

    private HttpServer server;
    private String base;
    private final byte[] image = new byte[5000];
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image.png", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(image);
            }
        });
        server.createContext("/chunked.png", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(image);
                }
            }
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/image.png");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/to-private", ex -> {
            ex.getResponseHeaders().add("Location", "http://10.0.0.5/secret.png");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/missing.png", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/slow.png", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteImageFetcher fetcher() {
        return new RemoteImageFetcher(false, a -> a.getHostAddress().equals("127.0.0.1"), Duration.ofMillis(500));
    }

    @Test
    void fetchesAnImageOnce() throws Exception {
        assertArrayEquals(image, fetcher().fetch(URI.create(base + "/image.png"), 10_000));
        assertTrue(hits.get() == 1);
    }

    @Test
    void followsARedirectToAnAllowedHost() throws Exception {
        assertArrayEquals(image, fetcher().fetch(URI.create(base + "/moved"), 10_000));
    }

    @Test
    void refusesARedirectIntoAPrivateNetwork() {
        var e = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/to-private"), 10_000));
        assertTrue(e.getMessage().contains("10.0.0.5"), e.getMessage());
    }

    @Test
    void refusesAPrivateHostBeforeConnecting() {
        var e = assertThrows(RemoteImageFetcher.Refused.class,
                () -> fetcher().fetch(URI.create("http://localhost6.invalid.test/x.png"), 10_000));
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
        var f = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create("http://[::1]:1/x.png"), 10_000));
        assertTrue(f.getMessage().contains("private"), f.getMessage());
    }

    @Test
    void refusesEndlessRedirects() {
        var e = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/loop"), 10_000));
        assertTrue(e.getMessage().contains("redirects"), e.getMessage());
    }

    @Test
    void capsTheSizeWhetherDeclaredOrNot() {
        assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/image.png"), 4999));
        assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/chunked.png"), 20_000));
    }

    @Test
    void reportsErrorsAndTimeouts() {
        var e = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/missing.png"), 10_000));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        var t = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/slow.png"), 10_000));
        assertTrue(t.getMessage().contains("did not answer"), t.getMessage());
    }

    @Test
    void theStudiosFetcherTakesHttpsOnly() {
        RemoteImageFetcher strict = new RemoteImageFetcher(true, AddressGuard::isPublic, Duration.ofSeconds(1));
        var e = assertThrows(RemoteImageFetcher.Refused.class, () -> strict.fetch(URI.create(base + "/image.png"), 10_000));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
        var f = assertThrows(RemoteImageFetcher.Refused.class,
                () -> strict.fetch(URI.create("https://127.0.0.1/image.png"), 10_000));
        assertTrue(f.getMessage().contains("private"), f.getMessage());
    }
}
