package dev.imaginestudio.provider.xai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.http.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Reading xAI's poll documents, as PROVIDERS.md 2.3 records them. */
class VideoStatusTest {

    static final ObjectMapper JSON = Json.exact(new ObjectMapper());

    static VideoStatus read(String json) throws Exception {
        return VideoStatus.from(JSON.readTree(json));
    }

    @Test
    void aDoneDocumentGivesTheUrlAndTheExactCost() throws Exception {
        VideoStatus v = read(
                "{\"status\":\"done\",\"video\":{\"url\":\"https://vidgen.x.ai/xai-vidgen-bucket/xai-video-1.mp4\","
                        + "\"duration\":6,\"respect_moderation\":true},\"model\":\"grok-imagine-video\","
                        + "\"usage\":{\"cost_in_usd_ticks\":500000000},\"progress\":100}");
        assertEquals("done", v.status());
        assertEquals("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-1.mp4", v.url());
        assertEquals(0, new BigDecimal("0.05").compareTo(v.costUsd()));
        assertEquals(new BigDecimal("0.0500000000"), v.costUsd());
    }

    @Test
    void ticksAreExactWhateverTheirSize() {
        assertEquals(new BigDecimal("0.4200000000"), VideoStatus.usd(new BigDecimal("4200000000")));
        assertEquals(
                new BigDecimal("1.05E-8"),
                VideoStatus.usd(new BigDecimal("105")).stripTrailingZeros());
        assertEquals(new BigDecimal("123456789.0123456789"), VideoStatus.usd(new BigDecimal("1234567890123456789")));
    }

    @Test
    void aFailureCarriesXaisCodeAndMessage() throws Exception {
        VideoStatus v =
                read("{\"status\":\"failed\",\"video\":{\"duration\":0,\"respect_moderation\":true},\"model\":\"\","
                        + "\"error\":{\"code\":\"internal_error\",\"message\":\"Something broke\"}}");
        assertEquals("failed", v.status());
        assertEquals("internal_error", v.errorCode());
        assertEquals("Something broke", v.errorMessage());
        assertNull(v.url());
    }

    @Test
    void moderationIsRead() throws Exception {
        VideoStatus v = read("{\"status\":\"done\",\"video\":{\"duration\":0,\"respect_moderation\":false}}");
        assertEquals(Boolean.FALSE, v.respectModeration());
        assertNull(v.url());
    }

    @Test
    void aDocumentWithAVideoButNoStatusIsDoneAndOneWithNeitherIsNoDocument() throws Exception {
        assertEquals(
                "done",
                read("{\"video\":{\"url\":\"https://vidgen.x.ai/a.mp4\"}}").status());
        assertNull(read("{\"request_id\":\"f5f35814\"}"));
        assertNull(read("[]"));
        assertFalse(read("{\"status\":\"pending\",\"progress\":40}").status().isEmpty());
        assertEquals(40, read("{\"status\":\"pending\",\"progress\":40}").progress());
    }
}
