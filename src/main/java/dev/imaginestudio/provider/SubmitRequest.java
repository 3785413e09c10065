package dev.imaginestudio.provider;

import java.util.List;

/**
 * What the ledger asks a provider to generate. {@code providerModelId} is the model id in the provider's own
 * namespace; {@code inputs} are the studio's stored copies of the input images, in order.
 */
public record SubmitRequest(
        String jobId,
        String providerModelId,
        GenerationMode mode,
        String prompt,
        int durationSeconds,
        String resolution,
        String aspectRatio,
        int width,
        int height,
        Long seed,
        Boolean generateAudio,
        List<InputImage> inputs,
        String callbackUrl) {

    public SubmitRequest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    public String size() {
        return width + "x" + height;
    }
}
