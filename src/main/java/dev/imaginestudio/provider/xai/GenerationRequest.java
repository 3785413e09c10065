package dev.imaginestudio.provider.xai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of xAI's {@code POST /v1/videos/generations}: {@code image} for image-to-video or
 * {@code reference_images} for reference-to-video, never both. Null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GenerationRequest(
        String model,
        String prompt,
        Integer duration,
        @JsonProperty("aspect_ratio") String aspectRatio,
        String resolution,
        ImageUrl image,
        @JsonProperty("reference_images") List<ImageUrl> referenceImages) {

    /** {@code {"url": "<https or data: URL>"}}. */
    record ImageUrl(String url) {
        @Override
        public String toString() {
            // data: URLs are megabytes long
            return "ImageUrl[" + (url.length() > 48 ? url.substring(0, 48) + "…" : url) + "]";
        }
    }
}
