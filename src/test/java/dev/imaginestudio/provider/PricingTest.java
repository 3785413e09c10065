package dev.imaginestudio.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void grokCostsFiveCentsASecondAt480pAndSevenAt720pPlusAFifthOfACentPerImage() {
        assertEquals(new BigDecimal("0.05"), Pricing.GROK.estimate("480p", 1, 0));
        assertEquals(new BigDecimal("0.3"), Pricing.GROK.estimate("480p", 6, 0));
        assertEquals(new BigDecimal("1.05"), Pricing.GROK.estimate("720p", 15, 0));
        assertEquals(new BigDecimal("0.714"), Pricing.GROK.estimate("720p", 10, 7));
    }

    @Test
    void anUnpricedResolutionHasNoEstimate() {
        assertNull(Pricing.GROK.estimate("1080p", 5, 0));
    }

    @Test
    void theMinimumPerGenerationApplies() {
        Pricing p = new Pricing(Map.of(), new BigDecimal("0.01"), null, new BigDecimal("0.10"));
        assertEquals(new BigDecimal("0.1"), p.estimate("480p", 2, 0));
    }

    @Test
    void previewsAreFree() {
        assertEquals(0, Pricing.FREE.estimate("720p", 15, 7).signum());
    }
}
