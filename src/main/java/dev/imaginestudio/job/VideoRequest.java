package dev.imaginestudio.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imaginestudio.common.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenRouter's {@code POST /api/v1/videos} body. Every field but the prompt may be left out (the model's default
 * applies); fields the studio does not know are ignored, as OpenRouter's clients may send more than we use. Values
 * are checked by {@link JobValidator}; this record only says what was sent.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record VideoRequest(
        @Schema(description = "A model id from /api/v1/videos/models; the studio's default route when left out")
        String model,

        @Schema(required = true, description = "What the video shows (at most 4,096 characters)")
        String prompt,

        @Schema(description = "Seconds") Integer duration,

        @Schema(description = "480p or 720p, as the model allows")
        String resolution,

        @Schema(description = "Like 16:9") String aspectRatio,

        @Schema(description = "Pixel size like 1280x720; chooses resolution and aspect ratio")
        String size,

        Long seed,
        Boolean generateAudio,

        @Schema(description = "Image-to-video: the first (or last) frame")
        List<ImageReference> frameImages,

        @Schema(description = "Reference-to-video: images the video draws on")
        List<ImageReference> inputReferences) {

    /** {@code {type: "image_url", image_url: {url}, frame_type}}; frame_type only in frame_images. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImageReference(
            String type,
            ImageUrl imageUrl,

            @Schema(description = "first_frame or last_frame (frame_images only)")
            String frameType) {}

    record ImageUrl(
            @Schema(description = "A data: URL or an https URL")
            String url) {}

    /** The job asked for; a reference without a URL or a frame without its frame_type is refused by name. */
    JobRequest toJobRequest() {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        List<JobRequest.ImageInput> images = new ArrayList<>();
        images("frame_images", frameImages, images, errors);
        images("input_references", inputReferences, images, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobRequest(model, prompt, duration, resolution, aspectRatio, size, seed, generateAudio, images);
    }

    private static void images(
            String field,
            List<ImageReference> list,
            List<JobRequest.ImageInput> images,
            List<InvalidRequestException.FieldError> errors) {
        if (list == null) {
            return;
        }
        boolean frames = field.equals("frame_images");
        for (int i = 0; i < list.size(); i++) {
            String name = field + "[" + i + "]";
            ImageReference item = list.get(i);
            if (item != null && item.type() != null && !item.type().equals("image_url")) {
                errors.add(new InvalidRequestException.FieldError(
                        name, name + ": only image_url references are supported, not " + item.type()));
                continue;
            }
            String url = item == null || item.imageUrl() == null
                    ? null
                    : item.imageUrl().url();
            if (url == null || url.isBlank()) {
                errors.add(new InvalidRequestException.FieldError(
                        name, name + ".image_url.url is required (a data: or https URL)"));
                continue;
            }
            String role = JobRequest.ImageInput.REFERENCE;
            if (frames) {
                if (item.frameType() == null) {
                    errors.add(new InvalidRequestException.FieldError(
                            name, name + ".frame_type is required: first_frame or last_frame"));
                    continue;
                }
                role = item.frameType();
            }
            images.add(new JobRequest.ImageInput(name, role, url, null));
        }
    }
}
