package dev.imaginestudio.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.imaginestudio.provider.Download;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The HTTP rules every hosted route shares. */
class ProviderHttpTest {

    static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stop() {
        WATCHDOG.shutdownNow();
    }

    static ProviderHttp http(String base, String key) {
        return new ProviderHttp(
                new ProviderHttp.Settings(
                        "Example",
                        "EXAMPLE_API_KEY",
                        "studio.example.base-url",
                        base,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)),
                key,
                new ObjectMapper(),
                WATCHDOG,
                null,
                null);
    }

    static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADateAndCapped() {
        assertEquals(
                Duration.ofSeconds(42),
                ProviderHttp.retryAfter(headers(Map.of("Retry-After", List.of("42"))))
                        .orElseThrow());
        assertEquals(
                ProviderHttp.MAX_RETRY_AFTER,
                ProviderHttp.retryAfter(headers(Map.of("Retry-After", List.of("999999"))))
                        .orElseThrow());
        assertEquals(
                Duration.ZERO,
                ProviderHttp.retryAfter(headers(Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT"))))
                        .orElseThrow());
        assertTrue(ProviderHttp.retryAfter(headers(Map.of("Retry-After", List.of("soon"))))
                .isEmpty());
        assertNull(ProviderHttp.retryAfter(headers(Map.of())).orElse(null));
    }

    @Test
    void theKeyGoesOnlyToTheBaseOrigin() {
        ProviderHttp real = http("https://api.x.ai/v1", "k");
        assertTrue(real.sameOrigin(URI.create("https://api.x.ai:443/v1/videos/abc")));
        assertTrue(real.sameOrigin(URI.create("https://API.x.ai/v1/videos/abc")));
        assertFalse(real.sameOrigin(URI.create("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-1.mp4")));
        assertFalse(real.sameOrigin(URI.create("https://api.x.ai.evil.example/v1/videos/abc")));
        assertFalse(real.sameOrigin(URI.create("http://api.x.ai/v1/videos/abc")));
        assertFalse(real.sameOrigin(URI.create("https://api.x.ai:8443/v1/videos/abc")));
        // and a request to another origin is never sent with it
        ProviderHttp.Unreachable refused = assertThrows(
                ProviderHttp.Unreachable.class, () -> real.get(URI.create("https://media.example.test/v1/jobs/a")));
        assertTrue(refused.getMessage().contains("nothing was sent"), refused.getMessage());
    }

    @Test
    void errorBodiesOfEveryShapeAreRead() {
        ProviderHttp http = http("https://api.example.test/v1", "sk-secret-key");
        // xAI's flat envelope, the nested one all three use, a bare message, and anything else
        assertEquals(
                "Prompt too long",
                http.errorMessage(bytes("{\"code\":\"invalid-argument\",\"error\":\"Prompt too long\"}")));
        assertEquals(
                "Model not found",
                http.errorMessage(bytes(
                        "{\"error\":{\"message\":\"Model not found\",\"type\":\"model_not_found\",\"code\":404}}")));
        assertEquals("Overloaded", http.errorMessage(bytes("{\"message\":\"Overloaded\"}")));
        assertEquals("<html>Bad Gateway</html>", http.errorMessage(bytes("<html>Bad Gateway</html>")));
        assertEquals("no details", http.errorMessage(new byte[0]));
        // the key never comes back out
        assertEquals("bad key [redacted]", http.errorMessage(bytes("{\"error\":\"bad key sk-secret-key\"}")));
        assertFalse(http.toString().contains("sk-secret-key"));
    }

    @Test
    void theKeyIsRedactedBeforeTheTextIsCutAndInEveryEncoding() {
        String key = "test-key-not-real-0123456789";
        ProviderHttp http = http("https://api.example.test/v1", key);
        // a key straddling the 300-character cut of an excerpt
        String nearTheCut = http.excerpt(bytes("x".repeat(290) + " " + key + " trailing words"));
        assertFalse(nearTheCut.contains("test-k"), nearTheCut);
        // JSON-escaped (any character, either case of hex digits) and URL-encoded forms, as a non-JSON body shows them
        String escaped = "\\u0074est-key-not-real-012345678\\u0039";
        String upper = "\\u0074\\u0065\\u0073\\u0074\\u002Dkey-not-real-0123456789";
        String encoded = "test%2Dkey%2dnot-real-0123456789";
        for (String form : new String[] {escaped, upper, encoded}) {
            String excerpt = http.excerpt(bytes("<html>token " + form + " refused</html>"));
            assertEquals("<html>token [redacted] refused</html>", excerpt, form);
        }
        // a text someone else already cut, ending in the key's first characters
        assertEquals("refused token [redacted]", http.redact("refused token test-key-no"));
        assertEquals("refused token [redacted]", http.redact("refused token \\u0074est-k"));
    }

    /**
     * Downloads from hosts other than the provider's own get the input images' address check. Here 127.0.0.1
     * stands for a public address, so 10.0.0.5 plays the private one (it is refused before any connection).
     */
    @Test
    void downloadsAndRedirectsOffTheProvidersOriginMustGoToPublicAddresses() throws Exception {
        HttpServer media = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        media.createContext("/ok.mp4", ex -> {
            ex.getResponseHeaders().add("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, 4);
            try (var out = ex.getResponseBody()) {
                out.write(new byte[] {0, 0, 0, 8});
            }
        });
        media.createContext("/to-private", ex -> {
            ex.getResponseHeaders().add("Location", "http://10.0.0.5/secret.mp4");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        media.start();
        try {
            String other = "http://127.0.0.1:" + media.getAddress().getPort();
            ProviderHttp http = new ProviderHttp(
                    new ProviderHttp.Settings(
                            "Example",
                            "EXAMPLE_API_KEY",
                            "studio.example.base-url",
                            "https://api.example.test/v1",
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(30)),
                    "k",
                    new ObjectMapper(),
                    WATCHDOG,
                    null,
                    null,
                    a -> a.getHostAddress().equals("127.0.0.1"));
            try (Download ok = http.open(URI.create(other + "/ok.mp4"))) {
                assertEquals(4, ok.body().readAllBytes().length);
            }
            IOException direct =
                    assertThrows(IOException.class, () -> http.open(URI.create("http://10.0.0.5/secret.mp4")));
            assertTrue(direct.getMessage().contains("private"), direct.getMessage());
            IOException redirected =
                    assertThrows(IOException.class, () -> http.open(URI.create(other + "/to-private")));
            assertTrue(
                    redirected.getMessage().contains("10.0.0.5")
                            && redirected.getMessage().contains("private"),
                    redirected.getMessage());
        } finally {
            media.stop(0);
        }
    }

    @Test
    void urlsInAnswersAreResolvedAgainstTheBaseAsADirectory() {
        ProviderHttp http = http("https://api.example.test/v1", "k");
        assertEquals(
                URI.create("https://api.example.test/v1/jobs/a"),
                http.httpUrl("jobs/a").orElseThrow());
        assertEquals(
                URI.create("https://api.example.test/files/a.mp4"),
                http.httpUrl("/files/a.mp4").orElseThrow());
        assertEquals(
                URI.create("https://media.example.test/a.mp4?sig=1"),
                http.httpUrl(" https://media.example.test/a.mp4?sig=1 ").orElseThrow());
        assertTrue(http.httpUrl("ftp://media.example.test/a.mp4").isEmpty());
        assertTrue(http.httpUrl("").isEmpty());
        assertTrue(http.httpUrl(null).isEmpty());
    }

    @Test
    void aBaseUrlThatIsNoHttpUrlIsRefusedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> http("api.example.test", "k"));
        assertTrue(e.getMessage().contains("studio.example.base-url"), e.getMessage());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
