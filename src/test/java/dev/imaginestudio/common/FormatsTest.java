package dev.imaginestudio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.web.TemplateExtensions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

    @Test
    void moneyKeepsCentsAndSmallerParts() {
        assertEquals("$0.30", Formats.usd(new BigDecimal("0.3")));
        assertEquals("$0.30", Formats.usd(new BigDecimal("0.300000")));
        assertEquals("$0.002", Formats.usd(new BigDecimal("0.002")));
        assertEquals("$1.05", Formats.usd(new BigDecimal("1.05")));
        assertEquals("$12.00", Formats.usd(new BigDecimal("12")));
        assertEquals("—", Formats.usd(null));
    }

    @Test
    void relativeTimesReadLikeSpeech() {
        assertEquals("just now", Formats.ago(NOW.minusSeconds(2), NOW));
        assertEquals("42 s ago", Formats.ago(NOW.minusSeconds(42), NOW));
        assertEquals("3 min ago", Formats.ago(NOW.minusSeconds(200), NOW));
        assertEquals("5 h ago", Formats.ago(NOW.minus(Duration.ofHours(5)), NOW));
        assertEquals("yesterday", Formats.ago(NOW.minus(Duration.ofHours(30)), NOW));
        assertEquals("4 days ago", Formats.ago(NOW.minus(Duration.ofDays(4)), NOW));
        assertEquals("1 Jan 2025", Formats.ago(Instant.parse("2025-01-01T08:00:00Z"), NOW));
        // a clock slightly ahead elsewhere is not "in the future"
        assertEquals("just now", Formats.ago(NOW.plusSeconds(3), NOW));
    }

    @Test
    void elapsedTimesOnTheTimeline() {
        assertEquals("+0.4 s", Formats.since(NOW.plusMillis(400), NOW));
        assertEquals("+42 s", Formats.since(NOW.plusSeconds(42), NOW));
        assertEquals("+3 min 5 s", Formats.since(NOW.plusSeconds(185), NOW));
    }

    @Test
    void pricesInWords() {
        assertEquals("Free", TemplateExtensions.summary(Pricing.FREE));
        assertEquals(
                "$0.05/s at 480p, $0.07/s at 720p; $0.002 per input image", TemplateExtensions.summary(Pricing.GROK));
    }

    @Test
    void longTextIsCutAtAWord() {
        assertEquals("a fox in…", Formats.truncate("a fox in the snow", 10));
        assertEquals("short", Formats.truncate("short", 10));
    }
}
