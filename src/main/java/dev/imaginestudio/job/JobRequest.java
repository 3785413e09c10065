package dev.imaginestudio.job;

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
        Boolean generateAudio) {
}
