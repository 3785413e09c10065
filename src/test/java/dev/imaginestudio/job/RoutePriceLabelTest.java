package dev.imaginestudio.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.provider.Pricing;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The price beside each route's model in the create form's model select. */
class RoutePriceLabelTest {

    @Test
    void aPricePerResolutionStartsFromItsLowestRate() {
        assertEquals("from $0.05/s", CreateForm.price(Pricing.GROK));
    }

    @Test
    void oneRateIsShownAsItIsAndTheFreePreviewAsFree() {
        assertEquals("$0.10/s", CreateForm.price(new Pricing(Map.of(), new BigDecimal("0.1"), null, null)));
        assertEquals("$0.40/s", CreateForm.price(new Pricing(Map.of("720p", new BigDecimal("0.4")), null, null, null)));
        assertEquals("Free", CreateForm.price(Pricing.FREE));
    }

    @Test
    void aRouteThatCannotBeEstimatedSaysSo() {
        assertEquals("price unknown", CreateForm.price(new Pricing(Map.of(), null, null, null)));
        assertEquals(
                "price unknown",
                CreateForm.price(
                        new Pricing(Map.of(), new BigDecimal("0.1"), null, null, List.of(), Set.of("video_tokens"))));
    }
}
