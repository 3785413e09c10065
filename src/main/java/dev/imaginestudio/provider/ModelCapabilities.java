package dev.imaginestudio.provider;

import java.util.List;
import java.util.Optional;

/**
 * What one model on one route accepts, in OpenRouter's vocabulary. {@code id} is the model id clients use
 * with the studio (it names the route too); {@code providerModelId} is what the provider itself calls it.
 * {@code generateAudio} and {@code seed} are null when the model has no such control: sending the field
 * to such a model is a 400 at OpenRouter.
 */
public record ModelCapabilities(
        String id,
        String route,
        String providerModelId,
        String name,
        String description,
        List<Integer> durations,
        List<String> resolutions,
        List<String> aspectRatios,
        PixelSizes sizes,
        List<String> frameImages,
        int maxReferenceImages,
        Boolean generateAudio,
        Boolean seed,
        Pricing pricing) {

    public ModelCapabilities {
        durations = List.copyOf(durations);
        resolutions = List.copyOf(resolutions);
        aspectRatios = List.copyOf(aspectRatios);
        frameImages = List.copyOf(frameImages);
    }

    public boolean supportsSeed() {
        return Boolean.TRUE.equals(seed);
    }

    public boolean supportsMode(GenerationMode mode) {
        return switch (mode) {
            case TEXT -> true;
            case IMAGE -> frameImages.contains("first_frame");
            case REFERENCE -> maxReferenceImages > 0;
        };
    }

    /** Pixel size for a resolution and aspect ratio, when the model has a fixed table. */
    public Optional<String> sizeFor(String resolution, String aspectRatio) {
        return sizes == null ? Optional.empty() : sizes.size(resolution, aspectRatio);
    }

    public int defaultDuration() {
        return durations.contains(6) ? 6 : durations.get(0);
    }

    public String defaultResolution() {
        return resolutions.contains("480p") ? "480p" : resolutions.get(0);
    }

    public String defaultAspectRatio() {
        return aspectRatios.contains("16:9") ? "16:9" : aspectRatios.get(0);
    }
}
