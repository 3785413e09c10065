package dev.imaginestudio.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A model in OpenRouter's {@code /api/v1/videos/models} shape, plus the studio's route and reference limit. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record VideoModel(
        String id,
        String canonicalSlug,
        String name,
        String description,
        long created,
        List<String> supportedResolutions,
        List<String> supportedAspectRatios,
        List<String> supportedSizes,
        List<Integer> supportedDurations,
        List<String> supportedFrameImages,
        Boolean generateAudio,
        Boolean seed,
        List<String> allowedPassthroughParameters,

        @Schema(
                description =
                        "USD per unit of each SKU, in the names of OpenRouter's duration_seconds SKUs; null where "
                                + "the studio cannot price it")
        Map<String, String> pricingSkus,

        String route,
        int maxReferenceImages) {}
