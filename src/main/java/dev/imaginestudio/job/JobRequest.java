package dev.imaginestudio.job;

import java.util.List;

/**
 * A request for a new job as the API or the create form received it; every field but the prompt may be
 * missing and is then filled with the model's default.
 */
public record JobRequest(
        String model,
        String prompt,
        Integer duration,
        String resolution,
        String aspectRatio,
        String size,
        Long seed,
        Boolean generateAudio,
        List<ImageInput> images) {

    public JobRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public JobRequest(String model, String prompt, Integer duration, String resolution, String aspectRatio,
                      String size, Long seed, Boolean generateAudio) {
        this(model, prompt, duration, resolution, aspectRatio, size, seed, generateAudio, List.of());
    }

    /**
     * One input image: given as a URL ({@code data:} or https) or as uploaded bytes. {@code field} names it
     * in error messages, e.g. {@code frame_images[0]}; {@code role} is {@code first_frame}, {@code last_frame}
     * or {@code reference}.
     */
    public record ImageInput(String field, String role, String url, byte[] bytes) {

        public static final String REFERENCE = "reference";

        public boolean frame() {
            return !REFERENCE.equals(role);
        }
    }
}
