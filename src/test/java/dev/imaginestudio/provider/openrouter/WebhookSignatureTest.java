package dev.imaginestudio.provider.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String SECRET = "whsec_abc";
    static final byte[] BODY = "{\"type\":\"video.generation.completed\",\"data\":{\"id\":\"abc123\"}}".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    final WebhookSignature signature = new WebhookSignature(SECRET);

    @Test
    void aSignatureOverTimestampCommaRawBodyIsGood() {
        String header = FakeOpenRouter.signature(SECRET, NOW.getEpochSecond(), BODY);
        assertNull(signature.verify(header, BODY, NOW));
        // the studio's own signer and the fake's agree
        assertEquals(header, signature.header(NOW.getEpochSecond(), BODY));
    }

    @Test
    void aKnownVectorMatches() {
        // printf '%s' '1790000000,<body>' | openssl dgst -sha256 -hmac 'whsec_abc'
        String expected = "t=1790000000,v1=a38e3d30002cfd67ddb8e2447d9091304ccf164aceda33442ba19dea355efa3d";
        assertEquals(expected, signature.header(1_790_000_000L, BODY));
        assertNull(signature.verify(expected, BODY, NOW));
    }

    @Test
    void fiveMinutesEitherWayIsTheLimit() {
        assertNull(signature.verify(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() - 300, BODY), BODY, NOW));
        assertNull(signature.verify(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() + 300, BODY), BODY, NOW));
        assertEquals(WebhookSignature.Failure.STALE,
                signature.verify(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() - 301, BODY), BODY, NOW));
        assertEquals(WebhookSignature.Failure.STALE,
                signature.verify(FakeOpenRouter.signature(SECRET, NOW.getEpochSecond() + 301, BODY), BODY, NOW));
    }

    @Test
    void anythingElseIsRefused() {
        long t = NOW.getEpochSecond();
        assertEquals(WebhookSignature.Failure.MISSING, signature.verify(null, BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISSING, signature.verify(" ", BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, signature.verify("v1=abcdef", BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, signature.verify("t=" + t, BODY, NOW));
        assertEquals(WebhookSignature.Failure.MALFORMED, signature.verify("t=soon,v1=ab", BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISMATCH,
                signature.verify(FakeOpenRouter.signature("another-secret", t, BODY), BODY, NOW));
        assertEquals(WebhookSignature.Failure.MISMATCH, signature.verify(FakeOpenRouter.signature(SECRET, t, BODY),
                "{\"type\": \"video.generation.completed\",\"data\":{\"id\":\"abc123\"}}".getBytes(StandardCharsets.UTF_8), NOW));
        // a signature for another timestamp, with the timestamp swapped
        String other = FakeOpenRouter.signature(SECRET, t - 10, BODY);
        assertEquals(WebhookSignature.Failure.MISMATCH, signature.verify(other.replace("t=" + (t - 10), "t=" + t), BODY, NOW));
    }

    @Test
    void oneGoodSignatureAmongSeveralIsEnough() {
        long t = NOW.getEpochSecond();
        String good = FakeOpenRouter.signature(SECRET, t, BODY);
        String header = "t=" + t + ",v1=" + "0".repeat(64) + "," + good.substring(good.indexOf("v1="));
        assertNull(signature.verify(header, BODY, NOW));
        assertNull(signature.verify(good.toUpperCase().replace("T=", "t=").replace("V1=", "v1="), BODY, NOW));
    }

    @Test
    void theSecretIsNotInItsToString() {
        assertFalse(signature.toString().contains(SECRET));
    }
}
