package dev.imaginestudio.provider.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.Pricing;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkuPricingTest {

    private static void assertUsd(String expected, BigDecimal actual) {
        assertUsd(expected, actual, "");
    }

    private static void assertUsd(String expected, BigDecimal actual, String why) {
        assertEquals(
                0,
                new BigDecimal(expected).compareTo(actual),
                () -> "expected " + expected + " USD but was " + actual + " " + why);
    }

    @Test
    void grokCentsPerOutputSecondAreDividedByHundred() {
        Pricing p = SkuPricing.parse(Map.of(
                "cents_per_image_input", "0.2",
                "cents_per_video_output_second_480p", "5",
                "cents_per_video_output_second_720p", "7"));
        assertUsd("0.05", p.usdPerSecondByResolution().get("480p"));
        assertUsd("0.07", p.usdPerSecondByResolution().get("720p"));
        assertUsd("0.002", p.usdPerInputImage());
        assertUsd("0.3", p.estimate("480p", 6, 0));
        assertUsd("0.7", p.estimate("720p", 10, 0));
        // 15 s at 720p with one first frame: 1.05 + 0.002
        assertUsd("1.052", p.estimate("720p", 15, 1, GenerationMode.IMAGE, null));
        // the seven reference images of a reference-to-video job
        assertUsd("0.064", p.estimate("480p", 1, 7, GenerationMode.REFERENCE, null));
        assertNull(p.estimate("1080p", 6, 0), "no price for a resolution the model does not list");
        // exactly the constant the rest of the studio uses for Grok
        assertEquals(0, Pricing.GROK.estimate("720p", 9, 3).compareTo(p.estimate("720p", 9, 3)));
    }

    @Test
    void durationSecondsAreDollarsPerSecondWithOrWithoutResolution() {
        Pricing p = SkuPricing.parse(Map.of("duration_seconds_720p", "0.1", "duration_seconds_1080p", "0.15"));
        assertUsd("0.8", p.estimate("720p", 8, 0));
        assertUsd("1.2", p.estimate("1080p", 8, 0));
        assertNull(p.estimate("480p", 8, 0));

        Pricing any = SkuPricing.parse(Map.of("duration_seconds", "0.25"));
        assertUsd("1.5", any.estimate("480p", 6, 0));
        assertUsd("1.5", any.estimate("4K", 6, 0));
    }

    @Test
    void kResolutionsKeepOpenRoutersSpelling() {
        Pricing p = SkuPricing.parse(Map.of("duration_seconds_1k", "0.2", "duration_seconds_4K", "0.6"));
        assertUsd("0.4", p.estimate("1K", 2, 0));
        assertUsd("1.2", p.estimate("4K", 2, 0));
    }

    @Test
    void audioVariantsPriceWithAudioUnlessAudioIsOff() {
        Pricing p = SkuPricing.parse(Map.of(
                "duration_seconds_with_audio_720p", "0.4",
                "duration_seconds_without_audio_720p", "0.2"));
        assertUsd("3.2", p.estimate("720p", 8, 0, GenerationMode.TEXT, true));
        assertUsd("1.6", p.estimate("720p", 8, 0, GenerationMode.TEXT, false));
        assertUsd("3.2", p.estimate("720p", 8, 0), "unknown audio is estimated at the higher price");
        assertNull(p.estimate("1080p", 8, 0));

        Pricing anyRes =
                SkuPricing.parse(Map.of("duration_seconds_with_audio", "0.5", "duration_seconds_without_audio", "0.3"));
        assertUsd("2", anyRes.estimate("1080p", 4, 0, null, true));
        assertUsd("1.2", anyRes.estimate("1080p", 4, 0, null, false));
    }

    @Test
    void modeVariantsPriceTextImageAndReferenceJobsApart() {
        Pricing p = SkuPricing.parse(Map.of(
                "text_to_video_duration_seconds_720p", "0.1",
                "image_to_video_duration_seconds_720p", "0.12",
                "reference_duration_seconds_768p", "0.3"));
        assertUsd("0.5", p.estimate("720p", 5, 0, GenerationMode.TEXT, null));
        assertUsd("0.6", p.estimate("720p", 5, 1, GenerationMode.IMAGE, null));
        assertUsd("1.5", p.estimate("768p", 5, 2, GenerationMode.REFERENCE, null));
        // a reference job at 720p has no reference price there: the image-to-video price is the closest
        assertUsd("0.6", p.estimate("720p", 5, 2, GenerationMode.REFERENCE, null));
        assertNull(p.estimate("768p", 5, 0, GenerationMode.TEXT, null));
    }

    @Test
    void centsPerSecondOutputAndMinimumPerGeneration() {
        Pricing p = SkuPricing.parse(Map.of("cents_per_second_output", "3", "minimum_cents_per_generation", "20"));
        assertUsd("0.2", p.estimate("720p", 2, 0), "2 s cost 6 cents, below the 20 cent minimum");
        assertUsd("0.3", p.estimate("720p", 10, 0));
    }

    @Test
    void perImageCentsAddToEveryInputImage() {
        Pricing p = SkuPricing.parse(Map.of("cents_per_video_output_second_480p", "8", "cents_per_image_input", "1"));
        assertUsd("0.49", p.estimate("480p", 6, 1, GenerationMode.IMAGE, null));
    }

    @Test
    void tokenAndUnknownSkusMakeTheEstimateUnknown() {
        Pricing tokens = SkuPricing.parse(Map.of("video_tokens", "0.0000025"));
        assertNull(tokens.estimate("720p", 5, 0));
        assertTrue(tokens.unpricedSkus().contains("video_tokens"));

        assertNull(
                SkuPricing.parse(Map.of("duration_seconds_720p", "0.1", "video_tokens_without_audio", "0.000002"))
                        .estimate("720p", 5, 0),
                "a second price beside a token price is not the whole price");
        assertNull(SkuPricing.parse(Map.of("video_tokens_with_video_input", "0.000003"))
                .estimate("720p", 5, 0));
        assertNull(SkuPricing.parse(Map.of("cents_per_megapixel_second_precise", "1.1"))
                .estimate("720p", 5, 0));
        assertNull(SkuPricing.parse(Map.of("per-video-second", "0.1")).estimate("720p", 5, 0));
        assertNull(SkuPricing.parse(Map.of("duration_seconds_720p", "seven")).estimate("720p", 5, 0));
        assertNull(SkuPricing.parse(Map.of()).estimate("720p", 5, 0));
        assertNull(SkuPricing.parse(null).estimate("720p", 5, 0));
    }

    @Test
    void decimalStringsStayExact() {
        Pricing p = SkuPricing.parse(Map.of("duration_seconds", "0.1"));
        // 0.1 * 3 is 0.30000000000000004 in floating point
        assertEquals(new BigDecimal("0.3"), p.estimate("720p", 3, 0));
        Pricing cents = SkuPricing.parse(Map.of("cents_per_video_output_second_720p", "14"));
        assertEquals(new BigDecimal("0.14"), cents.usdPerSecondByResolution().get("720p"));
    }
}
