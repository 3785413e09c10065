package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.InvalidRequestException.FieldError;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.PixelSizes;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks a request against the chosen model's capabilities and fills in its defaults. */
@ApplicationScoped
public class JobValidator {

    /** xAI's limit, and the tightest of the routes. */
    public static final int MAX_PROMPT_LENGTH = 4096;

    private static final SecureRandom SEEDS = new SecureRandom();

    /** A request that passed every check, with every value decided. */
    public record ValidJob(
            ModelCapabilities model,
            GenerationMode mode,
            String prompt,
            int duration,
            String resolution,
            String aspectRatio,
            int width,
            int height,
            Long seed,
            Boolean generateAudio,
            List<JobRequest.ImageInput> images,
            BigDecimal costEstimate) {}

    private final ModelCatalog catalog;

    JobValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public ValidJob validate(JobRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ModelCapabilities model;
        if (request.model() == null || request.model().isBlank()) {
            model = catalog.defaultModel();
        } else {
            Optional<ModelCapabilities> found = catalog.find(request.model().trim());
            if (found.isEmpty()) {
                throw new InvalidRequestException(
                        "model",
                        "model '" + request.model() + "' is not available; choose one of: "
                                + catalog.models().stream()
                                        .map(ModelCapabilities::id)
                                        .collect(Collectors.joining(", ")));
            }
            model = found.get();
        }

        String prompt = request.prompt() == null ? "" : request.prompt().strip();
        if (prompt.isEmpty()) {
            errors.add(new FieldError("prompt", "prompt is required: describe the video to generate"));
        } else if (unprintable(prompt) != null) {
            errors.add(new FieldError(
                    "prompt",
                    "prompt contains " + unprintable(prompt)
                            + ": only printable text, tabs and line breaks are accepted"));
        } else if (prompt.codePointCount(0, prompt.length()) > MAX_PROMPT_LENGTH) {
            errors.add(new FieldError(
                    "prompt",
                    "prompt is " + prompt.codePointCount(0, prompt.length()) + " characters long; the limit is "
                            + MAX_PROMPT_LENGTH));
        }

        int duration = model.defaultDuration();
        if (request.duration() != null) {
            if (!model.durations().contains(request.duration())) {
                errors.add(new FieldError(
                        "duration",
                        "duration must be one of " + ranges(model.durations()) + " seconds for " + model.id() + ", not "
                                + request.duration()));
            } else {
                duration = request.duration();
            }
        }

        String resolution =
                request.resolution() == null ? null : request.resolution().trim();
        String aspect =
                request.aspectRatio() == null ? null : request.aspectRatio().trim();
        if (resolution != null && !model.resolutions().contains(resolution)) {
            errors.add(new FieldError(
                    "resolution",
                    "resolution must be one of " + String.join(", ", model.resolutions()) + " for " + model.id()
                            + ", not '" + resolution + "'"));
            resolution = null;
        }
        if (aspect != null && !model.aspectRatios().contains(aspect)) {
            errors.add(new FieldError(
                    "aspect_ratio",
                    "aspect_ratio must be one of " + String.join(", ", model.aspectRatios()) + " for " + model.id()
                            + ", not '" + aspect + "'"));
            aspect = null;
        }
        int width = 0;
        int height = 0;
        if (request.size() != null && !request.size().isBlank()) {
            String size = request.size().trim();
            Optional<String[]> parts =
                    model.sizes() == null ? Optional.empty() : model.sizes().parts(size);
            if (parts.isEmpty()) {
                errors.add(new FieldError(
                        "size",
                        "size must be one of "
                                + (model.sizes() == null
                                        ? "(none)"
                                        : String.join(", ", model.sizes().all())) + " for " + model.id() + ", not '"
                                + size + "'"));
            } else if ((resolution != null && !resolution.equals(parts.get()[0]))
                    || (aspect != null && !aspect.equals(parts.get()[1]))) {
                errors.add(
                        new FieldError(
                                "size",
                                "size " + size + " is " + parts.get()[0] + " " + parts.get()[1]
                                        + ", which contradicts the resolution and aspect_ratio given; send size alone or resolution and aspect_ratio"));
            } else {
                resolution = parts.get()[0];
                aspect = parts.get()[1];
            }
        }
        if (resolution == null) {
            resolution = model.defaultResolution();
        }
        if (aspect == null) {
            aspect = model.defaultAspectRatio();
        }
        Optional<String> pixelSize = model.sizeFor(resolution, aspect);
        if (pixelSize.isPresent()) {
            width = PixelSizes.width(pixelSize.get());
            height = PixelSizes.height(pixelSize.get());
        }

        Long seed = request.seed();
        if (seed != null && !model.supportsSeed()) {
            errors.add(new FieldError("seed", "seed is not supported by " + model.id() + "; leave it out"));
        } else if (seed != null && (seed < 0 || seed > 4_294_967_295L)) {
            errors.add(new FieldError("seed", "seed must be a whole number from 0 to 4294967295, not " + seed));
        } else if (seed == null && model.supportsSeed()) {
            // a seed chosen now and stored makes every preview reproducible through remix
            seed = (long) SEEDS.nextInt(Integer.MAX_VALUE);
        }

        Boolean audio = request.generateAudio();
        if (Boolean.TRUE.equals(audio) && model.generateAudio() == null) {
            errors.add(new FieldError(
                    "generate_audio", "generate_audio is not supported by " + model.id() + "; leave it out"));
        }
        if (model.generateAudio() == null) {
            audio = null;
        }

        List<JobRequest.ImageInput> frames =
                request.images().stream().filter(JobRequest.ImageInput::frame).toList();
        List<JobRequest.ImageInput> references =
                request.images().stream().filter(i -> !i.frame()).toList();
        GenerationMode mode = GenerationMode.TEXT;
        List<JobRequest.ImageInput> images = List.of();
        if (!frames.isEmpty()) {
            // as at OpenRouter: first/last frames win over references, which are then ignored
            mode = GenerationMode.IMAGE;
            images = frames;
            checkFrames(model, frames, errors);
        } else if (!references.isEmpty()) {
            mode = GenerationMode.REFERENCE;
            images = references;
            if (model.maxReferenceImages() == 0) {
                errors.add(new FieldError(references.get(0).field(), model.id() + " does not take reference images"));
            } else if (references.size() > model.maxReferenceImages()) {
                errors.add(new FieldError(
                        references.get(model.maxReferenceImages()).field(),
                        "at most " + model.maxReferenceImages() + " reference images are accepted by " + model.id()
                                + ", got " + references.size()));
            }
        }

        if (request.duration() != null
                && model.durations().contains(duration)
                && !model.durationsFor(mode).contains(duration)) {
            // the route allows fewer seconds in this mode (xAI: reference-to-video up to 10 s)
            errors.add(new FieldError(
                    "duration",
                    "duration must be " + ranges(model.durationsFor(mode)) + " seconds for "
                            + mode.name().toLowerCase() + "-to-video with " + model.id() + ", not " + duration));
        }

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        BigDecimal estimate = model.pricing().estimate(resolution, duration, images.size(), mode, audio);
        return new ValidJob(
                model, mode, prompt, duration, resolution, aspect, width, height, seed, audio, images, estimate);
    }

    private static void checkFrames(
            ModelCapabilities model, List<JobRequest.ImageInput> frames, List<FieldError> errors) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JobRequest.ImageInput frame : frames) {
            String type = frame.role();
            if (!"first_frame".equals(type) && !"last_frame".equals(type)) {
                errors.add(new FieldError(
                        frame.field(), "frame_type must be first_frame or last_frame, not '" + type + "'"));
            } else if (!model.frameImages().contains(type)) {
                errors.add(new FieldError(
                        frame.field(),
                        type + " is not supported by " + model.id()
                                + (model.frameImages().isEmpty()
                                        ? "; it takes no frame images"
                                        : "; it supports " + String.join(", ", model.frameImages()))));
            } else if (!seen.add(type)) {
                errors.add(new FieldError(frame.field(), "only one " + type + " image can be given"));
            }
        }
        if (errors.isEmpty() && !seen.contains("first_frame")) {
            errors.add(new FieldError(frames.get(0).field(), "image-to-video needs a first_frame image"));
        }
    }

    /** "1-15" for a run of whole numbers, else the list. */
    static String ranges(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        boolean contiguous = sorted.get(sorted.size() - 1) - sorted.get(0) == sorted.size() - 1;
        if (contiguous && sorted.size() > 2) {
            return sorted.get(0) + "-" + sorted.get(sorted.size() - 1);
        }
        return sorted.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * What in {@code text} a prompt must not contain, described for the user, or null: control characters other than
     * tab and line breaks (NUL breaks PostgreSQL, ESC reaches terminals), bidirectional overrides and isolates (they
     * disguise what a prompt says) and unpaired surrogates (not text at all: JSON readers refuse the whole list).
     */
    static String unprintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "a broken character (an unpaired surrogate) at position " + (i + 1);
            }
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
            boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (control || bidi) {
                return String.format(
                        "the %s U+%04X at position %d",
                        control ? "control character" : "direction override", (int) c, text.codePointCount(0, i) + 1);
            }
        }
        return null;
    }
}
