package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns OpenRouter's {@code GET /videos/models} document into the studio's {@link ModelCapabilities}. Rows
 * without {@code supported_durations} (edit, upscale and avatar models) are outside the studio's
 * text/image/reference-to-video surface and are dropped, as are rows without resolutions or aspect ratios,
 * which a job needs.
 */
final class ModelListing {

    /** The model the studio is built around: listed first, so it is the default of the OpenRouter route. */
    static final String GROK = "x-ai/grok-imagine-video";
    /** Reference images accepted by an image-capable model other than Grok (whose limit is published: 7). */
    static final int DEFAULT_MAX_REFERENCE_IMAGES = 3;

    static final int GROK_MAX_REFERENCE_IMAGES = 7;

    private static final Logger LOG = Logger.getLogger(ModelListing.class);

    private ModelListing() {}

    static List<ModelCapabilities> parse(JsonNode root) {
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("the model list has no \"data\" array");
        }
        List<ModelCapabilities> models = new ArrayList<>();
        for (JsonNode row : data) {
            try {
                map(row).ifPresent(models::add);
            } catch (RuntimeException e) {
                LOG.warnf("skipping an unreadable OpenRouter model row (%s): %s", Json.text(row, "id"), e.getMessage());
            }
        }
        // OpenRouter's order otherwise (not guaranteed to mean anything)
        models.sort(java.util.Comparator.comparing(m -> !m.id().equals(GROK)));
        return List.copyOf(models);
    }

    static Optional<ModelCapabilities> map(JsonNode row) {
        String id = Json.text(row, "id");
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        List<Integer> durations = Json.intList(row, "supported_durations");
        List<String> resolutions = Json.textList(row, "supported_resolutions");
        List<String> aspects = Json.textList(row, "supported_aspect_ratios");
        if (durations == null
                || durations.isEmpty()
                || resolutions == null
                || resolutions.isEmpty()
                || aspects == null
                || aspects.isEmpty()) {
            LOG.debugf(
                    "OpenRouter model %s is not a text/image-to-video model with durations, resolutions and aspect ratios; not offered",
                    id);
            return Optional.empty();
        }
        durations = durations.stream().filter(d -> d > 0).distinct().sorted().toList();
        List<String> frames = Optional.ofNullable(Json.textList(row, "supported_frame_images"))
                .orElse(List.of());
        List<String> modalities = Json.textList(row, "input_modalities");
        // input_modalities is not in the OpenAPI schema: without it, accepting frame images means accepting images
        boolean images = modalities != null ? modalities.contains("image") : !frames.isEmpty();
        int maxReferences = !images
                ? 0
                : id.startsWith("x-ai/grok-imagine-video") ? GROK_MAX_REFERENCE_IMAGES : DEFAULT_MAX_REFERENCE_IMAGES;
        Map<String, String> skus = new LinkedHashMap<>();
        JsonNode pricing = row.get("pricing_skus");
        if (pricing != null && pricing.isObject()) {
            pricing.fields()
                    .forEachRemaining(e -> skus.put(
                            e.getKey(),
                            e.getValue().isNull() ? null : e.getValue().asText()));
        }
        String name = Optional.ofNullable(Json.text(row, "name")).orElse(id);
        String description = Optional.ofNullable(Json.text(row, "description")).orElse("");
        return Optional.of(new ModelCapabilities(
                id,
                OpenRouterProvider.ROUTE,
                id,
                name,
                description,
                durations,
                resolutions,
                aspects,
                sizeTable(Json.textList(row, "supported_sizes"), resolutions, aspects),
                frames,
                maxReferences,
                Json.bool(row, "generate_audio"),
                Json.bool(row, "seed"),
                SkuPricing.parse(skus)));
    }

    /**
     * Which listed {@code WxH} size stands for which resolution and aspect ratio: the short side names the
     * resolution ({@code 720} is {@code 720p}), the proportions the nearest listed aspect ratio. The result is
     * {@link PixelSizes#GROK} itself when it is Grok's table; null when the model lists no usable size.
     */
    static PixelSizes sizeTable(List<String> sizes, List<String> resolutions, List<String> aspects) {
        if (sizes == null || sizes.isEmpty()) {
            return null;
        }
        Map<String, String> table = new LinkedHashMap<>();
        for (String size : sizes) {
            if (size == null || !size.matches("\\d{1,5}x\\d{1,5}")) {
                continue;
            }
            int w = PixelSizes.width(size);
            int h = PixelSizes.height(size);
            if (w == 0 || h == 0) {
                continue;
            }
            String resolution = Math.min(w, h) + "p";
            if (!resolutions.contains(resolution)) {
                continue;
            }
            aspect(w, h, aspects).ifPresent(a -> table.putIfAbsent(resolution + "|" + a, size));
        }
        if (table.isEmpty()) {
            return null;
        }
        boolean grok = table.size() == PixelSizes.GROK.all().size()
                && table.entrySet().stream().allMatch(e -> {
                    String[] key = e.getKey().split("\\|");
                    return PixelSizes.GROK
                            .size(key[0], key[1])
                            .filter(e.getValue()::equals)
                            .isPresent();
                });
        return grok ? PixelSizes.GROK : new PixelSizes(table);
    }

    private static Optional<String> aspect(int w, int h, List<String> aspects) {
        double ratio = (double) w / h;
        String best = null;
        double bestError = 0.01;
        for (String a : aspects) {
            String[] parts = a.split(":");
            if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+") || parts[1].equals("0")) {
                continue;
            }
            double wanted = Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
            double error = Math.abs(ratio - wanted) / wanted;
            if (error < bestError) {
                best = a;
                bestError = error;
            }
        }
        return Optional.ofNullable(best);
    }
}
