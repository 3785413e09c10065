package dev.imaginestudio.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenRouter's scheme (comma, one header) and AIgateway's two (dot; one header or two), against the fakes' signers. */
class WebhookSignatureTest {

    static final String SECRET = "whsec_abc";
    static final byte[] BODY =
            "{\"type\":\"video.generation.completed\",\"data\":{\"id\":\"abc123\"}}".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    final WebhookSignature openrouter = new WebhookSignature(SECRET, ",");
    final WebhookSignature aigateway = new WebhookSignature(SECRET, ".");

    @Test
    void aSignatureOverTimestampCommaRawBodyIsGood() {
        String header = FakeOpenRouter.signature(SECRET, NOW.getEpochSecond(), BODY);
        assertNull(openrouter.verifyHeader(header, BODY, NOW));
        // the studio's own signer and the fake's agree
        assertEquals(header, openrouter.header(NOW.getEpochSecond(), BODY));
    }

    @Test
    void knownVectorsMatch() {
        // printf '%s' '1790000000,<body>' | openssl dgst -sha256 -hmac 'whsec_abc'
        String expected = "t=1790000000,v1=a38e3d30002cfd67ddb8e2447d9091304ccf164aceda33442ba19dea355efa3d";
        assertEquals(expected, openrouter.header(1_790_000_000L, BODY));
        assertNull(openrouter.verifyHeader(expected, BODY, NOW));
        // the dot scheme signs other bytes: the comma signature is no good there
        assertEquals(WebhookSignature.Failure.MISMATCH, aigateway.verifyHeader(expected, BODY, NOW));
        assertEquals(FakeServer.hmacHex(SECRET, "1790000000.", BODY), aigateway.hex(1_790_000_000L, BODY));
    }

    @Test
    void aigatewaysTwoHeaderSchemeIsChecked() {
        long t = NOW.getEpochSecond();
        String hex = FakeServer.hmacHex(SECRET, t + ".", BODY);
        assertNull(aigateway.verify(Long.toString(t), List.of(hex), BODY, NOW));
        assertNull(aigateway.verifyHeader("t=" + t + ",v1=" + hex, BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISSING, aigateway.verify(null, List.of(hex), BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISSING, aigateway.verify(Long.toString(t), List.of(), BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, aigateway.verify("yesterday", List.of(hex), BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.STALE,
                aigateway.verify(
                        Long.toString(t - 301), List.of(FakeServer.hmacHex(SECRET, (t - 301) + ".", BODY)), BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.MISMATCH,
                aigateway.verify(Long.toString(t), List.of(hex), "{}".getBytes(StandardCharsets.UTF_8), NOW));
    }

    @Test
    void fiveMinutesEitherWayIsTheLimit() {
        assertNull(
                openrouter.verifyHeader(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() - 300, BODY), BODY, NOW));
        assertNull(
                openrouter.verifyHeader(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() + 300, BODY), BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.STALE,
                openrouter.verifyHeader(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() - 301, BODY), BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.STALE,
                openrouter.verifyHeader(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() + 301, BODY), BODY, NOW));
    }

    @Test
    void anythingElseIsRefused() {
        long t = NOW.getEpochSecond();
        assertEquals(WebhookSignature.Failure.MISSING, openrouter.verifyHeader(null, BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISSING, openrouter.verifyHeader(" ", BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, openrouter.verifyHeader("v1=abcdef", BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, openrouter.verifyHeader("t=" + t, BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, openrouter.verifyHeader("t=soon,v1=ab", BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.MISMATCH,
                openrouter.verifyHeader(FakeOpenRouter.signature("another-secret", t, BODY), BODY, NOW));
        assertEquals(
                WebhookSignature.Failure.MISMATCH,
                openrouter.verifyHeader(
                        FakeOpenRouter.signature(SECRET, t, BODY),
                        "{\"type\": \"video.generation.completed\",\"data\":{\"id\":\"abc123\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        NOW));
        // a signature for another timestamp, with the timestamp swapped
        String other = FakeOpenRouter.signature(SECRET, t - 10, BODY);
        assertEquals(
                WebhookSignature.Failure.MISMATCH,
                openrouter.verifyHeader(other.replace("t=" + (t - 10), "t=" + t), BODY, NOW));
    }

    @Test
    void oneGoodSignatureAmongSeveralIsEnough() {
        long t = NOW.getEpochSecond();
        String good = FakeOpenRouter.signature(SECRET, t, BODY);
        String header = "t=" + t + ",v1=" + "0".repeat(64) + "," + good.substring(good.indexOf("v1="));
        assertNull(openrouter.verifyHeader(header, BODY, NOW));
        assertNull(
                openrouter.verifyHeader(good.toUpperCase().replace("T=", "t=").replace("V1=", "v1="), BODY, NOW));
    }

    @Test
    void theSecretIsNotInItsToString() {
        assertFalse(openrouter.toString().contains(SECRET));
    }
}
