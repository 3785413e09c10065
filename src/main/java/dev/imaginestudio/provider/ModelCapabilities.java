package dev.imaginestudio.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one model on one route accepts, in OpenRouter's vocabulary. {@code id} is the model id clients use
 * with the studio (it names the route too); {@code providerModelId} is what the provider itself calls it.
 * {@code generateAudio} and {@code seed} are null when the model has no such control: sending the field
 * to such a model is a 400 at OpenRouter. {@code durationsByMode} narrows {@code durations} for a generation mode
 * where the route allows fewer (xAI's reference-to-video: 1-10 s); a mode it does not name takes them all.
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
        Pricing pricing,
        Map<GenerationMode, List<Integer>> durationsByMode) {

    public ModelCapabilities {
        durations = List.copyOf(durations);
        durationsByMode = durationsByMode == null ? Map.of() : Map.copyOf(durationsByMode);
        resolutions = List.copyOf(resolutions);
        aspectRatios = List.copyOf(aspectRatios);
        frameImages = List.copyOf(frameImages);
    }

    /** The same durations for every mode. */
    public ModelCapabilities(
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
        this(
                id,
                route,
                providerModelId,
                name,
                description,
                durations,
                resolutions,
                aspectRatios,
                sizes,
                frameImages,
                maxReferenceImages,
                generateAudio,
                seed,
                pricing,
                Map.of());
    }

    /** The durations a job of this mode may have. */
    public List<Integer> durationsFor(GenerationMode mode) {
        return mode == null ? durations : durationsByMode.getOrDefault(mode, durations);
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
