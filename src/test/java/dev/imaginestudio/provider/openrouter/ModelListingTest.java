package dev.imaginestudio.provider.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelListingTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static ModelCapabilities find(List<ModelCapabilities> models, String id) {
        return models.stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " missing"));
    }

    @Test
    void theBundledSnapshotOffersGrokExactlyAsOpenRouterDescribesIt() {
        List<ModelCapabilities> models = OpenRouterProvider.snapshot(MAPPER);
        assertEquals(
                List.of("x-ai/grok-imagine-video", "x-ai/grok-imagine-video-1.5", "x-ai/grok-imagine-video-1.5-lite"),
                models.stream().map(ModelCapabilities::id).toList());
        ModelCapabilities grok = find(models, "x-ai/grok-imagine-video");
        assertEquals("openrouter", grok.route());
        assertEquals("x-ai/grok-imagine-video", grok.providerModelId());
        assertEquals("xAI: Grok Imagine Video", grok.name());
        assertEquals(IntStream.rangeClosed(1, 15).boxed().toList(), grok.durations());
        assertEquals(List.of("480p", "720p"), grok.resolutions());
        assertEquals(PixelSizes.GROK_ASPECT_RATIOS, grok.aspectRatios());
        assertSame(PixelSizes.GROK, grok.sizes());
        assertEquals(List.of("first_frame"), grok.frameImages());
        assertEquals(7, grok.maxReferenceImages());
        assertNull(grok.seed());
        assertNull(grok.generateAudio());
        assertTrue(grok.supportsMode(GenerationMode.IMAGE));
        assertTrue(grok.supportsMode(GenerationMode.REFERENCE));
        assertEquals(6, grok.defaultDuration());
        for (String res : List.of("480p", "720p")) {
            for (int d = 1; d <= 15; d++) {
                for (int images = 0; images <= 7; images++) {
                    assertEquals(
                            0,
                            Pricing.GROK
                                    .estimate(res, d, images)
                                    .compareTo(grok.pricing().estimate(res, d, images)));
                }
            }
        }

        ModelCapabilities v15 = find(models, "x-ai/grok-imagine-video-1.5");
        assertEquals(List.of("480p", "720p", "1080p"), v15.resolutions());
        assertNull(v15.sizes());
        assertEquals(7, v15.maxReferenceImages());
        assertEquals(
                0, new BigDecimal("1.51").compareTo(v15.pricing().estimate("1080p", 6, 1, GenerationMode.IMAGE, null)));
        ModelCapabilities lite = find(models, "x-ai/grok-imagine-video-1.5-lite");
        assertEquals(0, new BigDecimal("0.12").compareTo(lite.pricing().estimate("480p", 6, 0)));
        assertEquals(0, new BigDecimal("0.18").compareTo(lite.pricing().estimate("720p", 6, 0)));
        assertEquals(0, new BigDecimal("0.84").compareTo(lite.pricing().estimate("1080p", 6, 0)));
    }

    @Test
    void theFakesListingMapsEveryKindOfRow() throws Exception {
        FakeOpenRouter fake = FakeOpenRouter.start();
        List<ModelCapabilities> models;
        try {
            models = ModelListing.parse(MAPPER.readTree(fake.models().toString()));
        } finally {
            fake.close();
        }
        assertFalse(models.stream().anyMatch(m -> m.id().equals("topaz/video-upscale")), "no durations: not offered");

        ModelCapabilities veo = find(models, "google/veo-3.1");
        assertEquals(List.of(4, 6, 8), veo.durations(), "listed as [8,4,6]; sorted here");
        assertEquals(Boolean.TRUE, veo.seed());
        assertEquals(Boolean.TRUE, veo.generateAudio());
        assertEquals(List.of("first_frame", "last_frame"), veo.frameImages());
        assertEquals(ModelListing.DEFAULT_MAX_REFERENCE_IMAGES, veo.maxReferenceImages());
        assertEquals(0, new BigDecimal("2.4").compareTo(veo.pricing().estimate("720p", 6, 0)));
        assertEquals(
                0, new BigDecimal("1.2").compareTo(veo.pricing().estimate("720p", 6, 0, GenerationMode.TEXT, false)));

        ModelCapabilities seedance = find(models, "bytedance/seedance-2");
        assertEquals(Boolean.FALSE, seedance.generateAudio());
        assertNull(seedance.pricing().estimate("720p", 5, 0), "token pricing: no estimate");
    }

    @Test
    void aSizeTableIsDerivedFromShortSideAndProportions() {
        PixelSizes table = ModelListing.sizeTable(
                List.of("1920x1080", "1080x1920", "1280x720", "junk", "100x0", "2560x1080"),
                List.of("720p", "1080p"),
                List.of("16:9", "9:16", "21:9"));
        assertEquals("1920x1080", table.size("1080p", "16:9").orElseThrow());
        assertEquals("1080x1920", table.size("1080p", "9:16").orElseThrow());
        assertEquals("1280x720", table.size("720p", "16:9").orElseThrow());
        assertTrue(table.size("1080p", "21:9").isEmpty(), "2560x1080 is 64:27, not 21:9 within 1%");
        assertNull(ModelListing.sizeTable(null, List.of("720p"), List.of("16:9")));
        assertNull(ModelListing.sizeTable(List.of("640x480"), List.of("720p"), List.of("4:3")));
    }

    @Test
    void rowsThatCannotMakeAJobAreDropped() throws Exception {
        String listing = """
                {"data":[
                  {"id":"a/no-resolutions","supported_durations":[5],"supported_resolutions":null,"supported_aspect_ratios":["16:9"]},
                  {"id":"a/no-aspects","supported_durations":[5],"supported_resolutions":["720p"],"supported_aspect_ratios":[]},
                  {"id":"a/text-only","supported_durations":[5,10],"supported_resolutions":["720p"],"supported_aspect_ratios":["16:9"],
                   "supported_frame_images":null,"input_modalities":["text"],"generate_audio":"yes","seed":1},
                  {"supported_durations":[5]},
                  "not a row"
                ]}""";
        List<ModelCapabilities> models = ModelListing.parse(MAPPER.readTree(listing));
        assertEquals(
                List.of("a/text-only"),
                models.stream().map(ModelCapabilities::id).toList());
        ModelCapabilities text = models.get(0);
        assertEquals(0, text.maxReferenceImages());
        assertFalse(text.supportsMode(GenerationMode.IMAGE));
        assertNull(text.generateAudio(), "not a boolean: treated as no control");
        assertNull(text.seed());
        assertNull(text.pricing().estimate("720p", 5, 0), "no pricing_skus: unknown");
        assertThrows(IllegalArgumentException.class, () -> ModelListing.parse(MAPPER.readTree("{\"models\":[]}")));
    }

    @Test
    void grokComesFirstWhereverOpenRouterListsIt() throws Exception {
        String row =
                "{\"id\":\"%s\",\"supported_durations\":[5],\"supported_resolutions\":[\"720p\"],\"supported_aspect_ratios\":[\"16:9\"]}";
        String listing = "{\"data\":[" + String.format(row, "a/first") + "," + String.format(row, "b/second") + ","
                + String.format(row, "x-ai/grok-imagine-video") + "," + String.format(row, "c/third") + "]}";
        assertEquals(
                List.of("x-ai/grok-imagine-video", "a/first", "b/second", "c/third"),
                ModelListing.parse(MAPPER.readTree(listing)).stream()
                        .map(ModelCapabilities::id)
                        .toList());
    }
}
