package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /videos}. Null fields are left out: OpenRouter answers 400 to a field the model has
 * no capability for (Grok and {@code seed} or {@code generate_audio}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VideoRequest(
        String model,
        String prompt,
        Integer duration,
        String resolution,
        @JsonProperty("aspect_ratio") String aspectRatio,
        Long seed,
        @JsonProperty("generate_audio") Boolean generateAudio,
        @JsonProperty("frame_images") List<FrameImage> frameImages,
        @JsonProperty("input_references") List<ImageReference> inputReferences,
        @JsonProperty("callback_url") String callbackUrl) {

    record ImageUrl(String url) {
        @Override
        public String toString() {
            // data: URLs are megabytes long
            return "ImageUrl[" + (url.length() > 48 ? url.substring(0, 48) + "…" : url) + "]";
        }
    }

    /** An image-to-video frame; {@code frameType} is {@code first_frame} or {@code last_frame}. */
    record FrameImage(
            String type,
            @JsonProperty("image_url") ImageUrl imageUrl,
            @JsonProperty("frame_type") String frameType) {
        static FrameImage firstFrame(String url) {
            return new FrameImage("image_url", new ImageUrl(url), "first_frame");
        }
    }

    /** A reference-to-video image. */
    record ImageReference(
            String type, @JsonProperty("image_url") ImageUrl imageUrl) {
        static ImageReference image(String url) {
            return new ImageReference("image_url", new ImageUrl(url));
        }
    }
}
