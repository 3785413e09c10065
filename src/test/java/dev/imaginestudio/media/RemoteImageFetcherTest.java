package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fetcher against a local server. The guard here admits 127.0.0.1 only, standing in for "a public host",
 * so every other address plays the part of a private one.
 */
class RemoteImageFetcherTest {

    private static final Predicate<InetAddress> LOOPBACK_ONLY =
            a -> a.getHostAddress().equals("127.0.0.1");

    private HttpServer server;
    private String base;
    private final byte[] image = new byte[5000];
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<String> hostHeader = new AtomicReference<>();
    private final CountDownLatch stalledRequests = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image.png", this::serveImage);
        server.createContext("/named.png", ex -> {
            hostHeader.set(ex.getRequestHeaders().getFirst("Host"));
            serveImage(ex);
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

    private void serveImage(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        ex.sendResponseHeaders(200, image.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(image);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        if (stalling != null) {
            stalling.close();
        }
    }

    private ServerSocket stalling;

    /**
     * A raw server that answers every connection with headers promising {@code length} bytes, then sends one byte
     * every {@code everyMillis} (never, when 0) and does not close the connection until the test ends.
     */
    private String stallingServer(long everyMillis) throws Exception {
        stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!stalling.isClosed()) {
                try {
                    Socket s = stalling.accept();
                    Thread serve = new Thread(() -> {
                        try (s) {
                            s.getInputStream().read(new byte[4096]);
                            stalledRequests.countDown();
                            OutputStream out = s.getOutputStream();
                            out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\nstart"
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            while (!stalling.isClosed()) {
                                Thread.sleep(everyMillis == 0 ? 50 : everyMillis);
                                if (everyMillis > 0) {
                                    out.write('x');
                                    out.flush();
                                }
                            }
                        } catch (Exception ignored) {
                            // the client gave up: that is the point
                        }
                    });
                    serve.setDaemon(true);
                    serve.start();
                } catch (Exception closed) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        return "http://127.0.0.1:" + stalling.getLocalPort();
    }

    private RemoteImageFetcher fetcher() {
        return new RemoteImageFetcher(false, LOOPBACK_ONLY, Duration.ofMillis(500));
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
        var e = assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/to-private"), 10_000));
        assertTrue(e.getMessage().contains("10.0.0.5"), e.getMessage());
    }

    @Test
    void refusesAPrivateHostBeforeConnecting() {
        var e = assertThrows(
                RemoteImageFetcher.Refused.class,
                () -> fetcher().fetch(URI.create("http://localhost6.invalid.test/x.png"), 10_000));
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
        var f = assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create("http://[::1]:1/x.png"), 10_000));
        assertTrue(f.getMessage().contains("private"), f.getMessage());
    }

    @Test
    void refusesEndlessRedirects() {
        var e = assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/loop"), 10_000));
        assertTrue(e.getMessage().contains("redirects"), e.getMessage());
    }

    @Test
    void capsTheSizeWhetherDeclaredOrNot() {
        assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/image.png"), 4999));
        assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/chunked.png"), 20_000));
    }

    @Test
    void reportsErrorsAndTimeouts() {
        var e = assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/missing.png"), 10_000));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        var t = assertThrows(
                RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(base + "/slow.png"), 10_000));
        assertTrue(t.getMessage().contains("did not answer"), t.getMessage());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBodyThatStallsAfterTheHeadersIsRefused() throws Exception {
        assertRefused(stallingServer(0) + "/image.png", "stopped sending");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBodyThatTricklesIsRefusedAtTheDeadline() throws Exception {
        // a byte every 50 ms is never idle for long, but 5000 of them would take minutes
        assertRefused(stallingServer(50) + "/image.png", "took longer than");
    }

    private void assertRefused(String url, String because) {
        var e = assertThrows(RemoteImageFetcher.Refused.class, () -> fetcher().fetch(URI.create(url), 10_000));
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFetchBeyondTheConcurrencyLimitIsRefusedAsBusy() throws Exception {
        String stalled = stallingServer(0);
        RemoteImageFetcher single = new RemoteImageFetcher(
                false,
                LOOPBACK_ONLY,
                new RemoteImageFetcher.Limits(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(25),
                        1,
                        Duration.ofMillis(100)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> first = pool.submit(() -> single.fetch(URI.create(stalled + "/image.png"), 10_000));
            stalledRequests.await();
            var busy = assertThrows(
                    RemoteImageFetcher.Busy.class, () -> single.fetch(URI.create(base + "/image.png"), 10_000));
            assertTrue(busy.getMessage().contains("already fetching 1 image"), busy.getMessage());
            // the stalled server goes away, the first fetch fails, and its slot is free again
            stalling.close();
            var failed = assertThrows(ExecutionException.class, first::get);
            assertInstanceOf(IOException.class, failed.getCause());
            assertArrayEquals(image, single.fetch(URI.create(base + "/image.png"), 10_000));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectsToTheAddressThatWasCheckedNotToANewAnswerForTheName() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // the first answer passes the check; a second lookup, as a client resolving again would make, is private
        RemoteImageFetcher.Resolver rebinding = host -> host.equals("images.example.test")
                ? new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.5")}
                : InetAddress.getAllByName(host);
        RemoteImageFetcher pinned = new RemoteImageFetcher(
                false,
                LOOPBACK_ONLY,
                new RemoteImageFetcher.Limits(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofSeconds(1)),
                rebinding,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        String named = "images.example.test:" + server.getAddress().getPort();
        assertArrayEquals(image, pinned.fetch(URI.create("http://" + named + "/named.png"), 10_000));
        assertEquals(named, hostHeader.get());
        assertEquals(1, lookups.get());
    }

    /**
     * https to the checked address: the certificate must be valid for the host name of the URL (which is also sent
     * as SNI), not for the address the socket went to.
     */
    @Test
    void httpsChecksTheCertificateAgainstTheNameWhileConnectingToTheCheckedAddress() throws Exception {
        Path dir = Files.createTempDirectory("image-tls");
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "image",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=images.example.test",
                        "-ext",
                        "SAN=dns:images.example.test",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        KeyStore keys = KeyStore.getInstance(store.toFile(), "changeit".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("image", keys.getCertificate("image"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/image.png", this::serveImage);
        https.start();
        try {
            RemoteImageFetcher.Resolver local = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            RemoteImageFetcher strict = new RemoteImageFetcher(
                    true,
                    LOOPBACK_ONLY,
                    new RemoteImageFetcher.Limits(
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(10),
                            2,
                            Duration.ofSeconds(1)),
                    local,
                    clientTls.getSocketFactory());
            int port = https.getAddress().getPort();
            assertArrayEquals(
                    image, strict.fetch(URI.create("https://images.example.test:" + port + "/image.png"), 10_000));
            // same address, same certificate, but a name it is not for
            assertThrows(
                    SSLHandshakeException.class,
                    () -> strict.fetch(URI.create("https://other.example.test:" + port + "/image.png"), 10_000));
        } finally {
            https.stop(0);
        }
    }

    @Test
    void theStudiosFetcherTakesHttpsOnly() {
        RemoteImageFetcher strict = new RemoteImageFetcher(true, AddressGuard::isPublic, Duration.ofSeconds(1));
        var e = assertThrows(
                RemoteImageFetcher.Refused.class, () -> strict.fetch(URI.create(base + "/image.png"), 10_000));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
        var f = assertThrows(
                RemoteImageFetcher.Refused.class,
                () -> strict.fetch(URI.create("https://127.0.0.1/image.png"), 10_000));
        assertTrue(f.getMessage().contains("private"), f.getMessage());
    }
}
