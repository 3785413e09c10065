package dev.imaginestudio.provider.aigateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of AIgateway's {@code POST /v1/videos/generations}. {@code imageUrl} is the first frame of an
 * image-to-video job (a {@code data:} URL of the stored image); {@code webhookUrl} the per-job webhook. Null fields
 * are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerationRequest(
        String model,
        String prompt,
        Integer duration,
        @JsonProperty("aspect_ratio") String aspectRatio,
        String resolution,
        @JsonProperty("image_url") String imageUrl,
        @JsonProperty("webhook_url") String webhookUrl) {

    @Override
    public String toString() {
        // a data: URL is megabytes long
        return "GenerationRequest[" + model + ", " + duration + " s, " + resolution + " " + aspectRatio
                + (imageUrl == null ? "" : ", with a first frame")
                + (webhookUrl == null ? "" : ", webhook " + webhookUrl) + "]";
    }
}
