package dev.imaginestudio.job;

import dev.imaginestudio.common.Formats;
import dev.imaginestudio.common.InvalidRequestException.FieldError;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.provider.VideoProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The create form as the page shows it: the values the user typed (kept verbatim, also when invalid), the
 * chosen model's options, the live estimate and the errors per field.
 */
public final class CreateForm {

    /** Fields that have their own place on the form; errors about any other field are shown above it. */
    private static final Set<String> FIELDS = Set.of(
            "prompt", "model", "duration", "resolution", "aspect_ratio", "seed", "mode", "first_frame", "references");

    /**
     * An input image held by the form, by id: {@code value} is what the form posts back ({@code upload:<id>} for a
     * staged upload, {@code job:<id>/<position>} for an image an earlier job stored), {@code preview} what an img
     * shows. The image itself never travels with the form again.
     */
    public record InputValue(String value, String preview) {

        static InputValue of(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.strip();
            if (v.startsWith("job:")) {
                String[] p = v.substring(4).split("/", 2);
                return p.length == 2 && p[0].matches("[A-Za-z0-9_-]{1,32}") && p[1].matches("\\d{1,2}")
                        ? new InputValue(v, "/api/v1/videos/" + p[0] + "/inputs/" + p[1])
                        : null;
            }
            if (v.startsWith("upload:") && v.substring(7).matches("[A-Za-z0-9]{20}")) {
                return new InputValue(v, "/uploads/" + v.substring(7));
            }
            return null;
        }
    }

    /** One tab of the mode picker. */
    public record ModeChoice(GenerationMode mode, String label, boolean checked) {

        /** The form's value: text, image or reference. */
        public String value() {
            return formValue(mode);
        }
    }

    /** A mode as the form carries it: text, image or reference. */
    static String formValue(GenerationMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The mode a form posted; anything unknown (or nothing) is text to video. */
    static GenerationMode formMode(String value) {
        for (GenerationMode m : GenerationMode.values()) {
            if (formValue(m).equals(value)) {
                return m;
            }
        }
        return GenerationMode.TEXT;
    }

    /** One choice of the aspect ratio picker: a rectangle of that shape and the pixel size it gives. */
    public record AspectOption(String value, String size, int boxWidth, int boxHeight, boolean checked) {

        /** An id-safe form of the ratio: "16-9". */
        public String key() {
            return value.replace(':', '-');
        }

        public String sizeLabel() {
            return size == null ? "" : Formats.dims(size);
        }
    }

    /** The live cost estimate and the pixel size the current choices give. */
    public record Estimate(String cost, String detail, String size, boolean free) {

        public String sizeLabel() {
            return size == null ? "" : Formats.dims(size);
        }
    }

    /** A generation mode and whether the chosen model offers it. */
    public record ModeHint(String label, boolean supported, boolean available, String note) {}

    /** The models of one route, an optgroup of the model select. */
    public record RouteGroup(String label, List<ModelOption> options) {}

    /** One option of the model select, e.g. "Grok Imagine Video — via xAI · from $0.05/s". */
    public record ModelOption(String id, String label, boolean selected) {}

    /** Every enabled route's models, in the configured route order. */
    public final List<RouteGroup> routes;

    public final ModelCapabilities model;
    public final String prompt;
    public final String duration;
    public final String resolution;
    public final String aspectRatio;
    public final String seed;
    /** The job this form was prefilled from, or null. */
    public final String remixOf;
    /** The active tab; a mode the model does not offer falls back to text. */
    public final GenerationMode mode;

    public final InputValue firstFrame;
    public final List<InputValue> references;
    /** Why a remix could not keep everything of the earlier job (its model is gone), or null. */
    public final String remixNote;

    private final Map<String, List<String>> errors;

    /** The images a form carries, whatever its mode: switching tabs loses nothing. */
    record Inputs(GenerationMode mode, String firstFrame, List<String> references) {

        static final Inputs NONE = new Inputs(GenerationMode.TEXT, null, List.of());

        /** As a form posts them: the mode by its form value. */
        Inputs(String mode, String firstFrame, List<String> references) {
            this(formMode(mode), firstFrame, references);
        }

        Inputs {
            mode = mode == null ? GenerationMode.TEXT : mode;
            references = references == null
                    ? List.of()
                    : references.stream().filter(r -> r != null && !r.isBlank()).toList();
        }
    }

    private CreateForm(
            List<RouteGroup> routes,
            ModelCapabilities model,
            String prompt,
            String duration,
            String resolution,
            String aspectRatio,
            String seed,
            String remixOf,
            String remixNote,
            Inputs inputs,
            Map<String, List<String>> errors) {
        this.mode = model.supportsMode(inputs.mode()) ? inputs.mode() : GenerationMode.TEXT;
        this.firstFrame = InputValue.of(inputs.firstFrame());
        this.references = inputs.references().stream()
                .map(InputValue::of)
                .filter(java.util.Objects::nonNull)
                .toList();
        this.routes = routes;
        this.model = model;
        this.prompt = prompt == null ? "" : prompt;
        this.duration = duration;
        this.resolution = resolution;
        this.aspectRatio = aspectRatio;
        this.seed = seed == null ? "" : seed;
        this.remixOf = remixOf;
        this.remixNote = remixNote;
        this.errors = errors;
    }

    /**
     * A form for prefilling (first visit, remix, a change of model): values the model cannot take are replaced
     * by its defaults, silently, since the user did not submit anything yet.
     */
    static CreateForm prefill(
            ModelCatalog catalog,
            String modelId,
            String prompt,
            String duration,
            String resolution,
            String aspectRatio,
            String seed,
            String remixOf) {
        return prefill(catalog, modelId, prompt, duration, resolution, aspectRatio, seed, remixOf, Inputs.NONE);
    }

    static CreateForm prefill(
            ModelCatalog catalog,
            String modelId,
            String prompt,
            String duration,
            String resolution,
            String aspectRatio,
            String seed,
            String remixOf,
            Inputs inputs) {
        ModelCapabilities model =
                catalog.find(modelId == null ? null : modelId.trim()).orElseGet(catalog::defaultModel);
        String d = String.valueOf(model.defaultDuration());
        Integer parsed = parseInt(duration);
        if (parsed != null && model.durations().contains(parsed)) {
            d = String.valueOf(parsed);
        }
        String r =
                resolution != null && model.resolutions().contains(resolution) ? resolution : model.defaultResolution();
        String a = aspectRatio != null && model.aspectRatios().contains(aspectRatio)
                ? aspectRatio
                : model.defaultAspectRatio();
        String s = model.supportsSeed() && seed != null ? seed.strip() : "";
        String note = null;
        if (remixOf != null && modelId != null && !model.id().equals(modelId.trim())) {
            note = "The model of that job, " + modelId.trim() + ", is not available now (its route is switched off); "
                    + "the form uses " + model.name() + " (" + model.id() + ") instead.";
        }
        return new CreateForm(routes(catalog, model), model, prompt, d, r, a, s, remixOf, note, inputs, Map.of());
    }

    /** The form as submitted, with the errors that kept it from becoming a job. Nothing is replaced. */
    static CreateForm rejected(
            ModelCatalog catalog,
            String modelId,
            String prompt,
            String duration,
            String resolution,
            String aspectRatio,
            String seed,
            Inputs inputs,
            List<FieldError> errors) {
        ModelCapabilities model =
                catalog.find(modelId == null ? null : modelId.trim()).orElseGet(catalog::defaultModel);
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldError e : errors) {
            // references[3] is shown with the references
            String field =
                    e.field().contains("[") ? e.field().substring(0, e.field().indexOf('[')) : e.field();
            byField.computeIfAbsent(field, f -> new ArrayList<>()).add(humane(e.field(), e.message()));
        }
        return new CreateForm(
                routes(catalog, model),
                model,
                prompt,
                duration,
                resolution,
                aspectRatio,
                seed,
                null,
                null,
                inputs,
                byField);
    }

    /**
     * A message as the form shows it: a leading field name becomes its label ("first_frame: ..." reads
     * "First frame: ...", "references[1]: ..." reads "Reference image 2: ...").
     */
    static String humane(String field, String message) {
        String m = message;
        if (m.startsWith(field + ": ")) {
            m = label(field) + ": " + m.substring(field.length() + 2);
        }
        return m.replace("first_frame", "first frame")
                .replace("last_frame", "last frame")
                .replace("aspect_ratio", "aspect ratio");
    }

    static String label(String field) {
        if (field.startsWith("references[")) {
            Integer n = parseInt(field.substring("references[".length(), field.length() - 1));
            return n == null ? "Reference image" : "Reference image " + (n + 1);
        }
        return switch (field) {
            case "first_frame" -> "First frame";
            case "references" -> "Reference images";
            case "aspect_ratio" -> "Aspect ratio";
            default ->
                field.isEmpty()
                        ? field
                        : Character.toUpperCase(field.charAt(0))
                                + field.substring(1).replace('_', ' ');
        };
    }

    /** A route's models each labelled with its route and price, so the same model on two routes is told apart. */
    static List<RouteGroup> routes(ModelCatalog catalog, ModelCapabilities selected) {
        List<RouteGroup> groups = new ArrayList<>();
        for (VideoProvider p : catalog.enabledProviders()) {
            List<ModelOption> options = p.models().stream()
                    .map(m -> new ModelOption(
                            m.id(),
                            m.name() + (m.name().equals(p.displayName()) ? "" : " — via " + p.displayName()) + " · "
                                    + price(m.pricing()),
                            m.id().equals(selected.id())))
                    .toList();
            if (!options.isEmpty()) {
                groups.add(new RouteGroup(p.displayName(), options));
            }
        }
        return groups;
    }

    /** "Free", "$0.05/s", or "from $0.05/s" when the rate depends on resolution or mode. */
    static String price(Pricing p) {
        if (p.free()) {
            return "Free";
        }
        List<BigDecimal> rates = new ArrayList<>(p.usdPerSecondByResolution().values());
        if (p.usdPerSecond() != null) {
            rates.add(p.usdPerSecond());
        }
        p.variantRates().forEach(r -> rates.add(r.usdPerSecond()));
        if (rates.isEmpty() || !p.unpricedSkus().isEmpty()) {
            return "price unknown";
        }
        BigDecimal lowest = rates.stream().min(BigDecimal::compareTo).orElseThrow();
        boolean varies = rates.stream().anyMatch(r -> r.compareTo(lowest) != 0);
        return (varies ? "from " : "") + Formats.usd(lowest) + "/s";
    }

    static Integer parseInt(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // What the template asks

    /** The message(s) about one field, or null. */
    public String error(String field) {
        List<String> messages = errors.get(field);
        return messages == null ? null : String.join(" ", messages);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Errors about fields the form has no place for (for example generate_audio or size). */
    public List<String> otherErrors() {
        return errors.entrySet().stream()
                .filter(e -> !FIELDS.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    public int maxPromptLength() {
        return JobValidator.MAX_PROMPT_LENGTH;
    }

    public int promptLength() {
        return prompt.length();
    }

    /** Whole-number durations in one run (1-15) get a slider; anything else a list. */
    public boolean durationSlider() {
        List<Integer> d = model.durations().stream().sorted().toList();
        return d.size() > 2 && d.get(d.size() - 1) - d.get(0) == d.size() - 1;
    }

    public int minDuration() {
        return model.durations().stream().mapToInt(Integer::intValue).min().orElse(1);
    }

    public int maxDuration() {
        return model.durations().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** The duration to put on the slider: the typed value when it is a number in range, else the default. */
    public int durationValue() {
        Integer d = parseInt(duration);
        return d != null && model.durations().contains(d) ? d : model.defaultDuration();
    }

    public List<AspectOption> aspects() {
        return aspects(model, resolution, aspectRatio);
    }

    static List<AspectOption> aspects(ModelCapabilities model, String resolution, String chosen) {
        String res =
                resolution != null && model.resolutions().contains(resolution) ? resolution : model.defaultResolution();
        List<AspectOption> options = new ArrayList<>();
        for (String a : model.aspectRatios()) {
            String size = model.sizeFor(res, a).orElse(null);
            int[] box = box(a, 44);
            options.add(new AspectOption(a, size, box[0], box[1], a.equals(chosen)));
        }
        return options;
    }

    /** A rectangle of the ratio's shape fitting a square of {@code max} pixels. */
    static int[] box(String ratio, int max) {
        String[] p = ratio.split(":");
        double w = Double.parseDouble(p[0]);
        double h = Double.parseDouble(p[1]);
        return w >= h ? new int[] {max, (int) Math.round(max * h / w)} : new int[] {(int) Math.round(max * w / h), max};
    }

    public Estimate estimate() {
        return estimate(model, resolution, parseInt(duration), aspectRatio, imageCount());
    }

    /** Input images the job would send in the current mode (priced per image by some routes). */
    public int imageCount() {
        return switch (mode) {
            case IMAGE -> firstFrame == null ? 0 : 1;
            case REFERENCE -> references.size();
            case TEXT -> 0;
        };
    }

    public List<ModeChoice> modeChoices() {
        List<ModeChoice> choices = new ArrayList<>();
        choices.add(new ModeChoice(GenerationMode.TEXT, "Text", mode == GenerationMode.TEXT));
        if (model.supportsMode(GenerationMode.IMAGE)) {
            choices.add(new ModeChoice(GenerationMode.IMAGE, "Image", mode == GenerationMode.IMAGE));
        }
        if (model.supportsMode(GenerationMode.REFERENCE)) {
            choices.add(new ModeChoice(GenerationMode.REFERENCE, "Reference", mode == GenerationMode.REFERENCE));
        }
        return choices;
    }

    public int maxReferences() {
        return model.maxReferenceImages();
    }

    static Estimate estimate(ModelCapabilities model, String resolution, Integer duration, String aspect, int images) {
        String res =
                resolution != null && model.resolutions().contains(resolution) ? resolution : model.defaultResolution();
        int seconds = duration != null && model.durations().contains(duration) ? duration : model.defaultDuration();
        String ratio = aspect != null && model.aspectRatios().contains(aspect) ? aspect : model.defaultAspectRatio();
        String size = model.sizeFor(res, ratio).orElse(null);
        if (model.pricing().free()) {
            return new Estimate(
                    "Free (offline preview)", seconds + " s at " + res + ", rendered on this machine", size, true);
        }
        BigDecimal cost = model.pricing().estimate(res, seconds, images);
        if (cost == null) {
            return new Estimate("Price unknown", "The route publishes no price for " + res, size, false);
        }
        BigDecimal perSecond = model.pricing()
                .usdPerSecondByResolution()
                .getOrDefault(res, model.pricing().usdPerSecond());
        String detail = seconds + " s × " + Formats.usd(perSecond) + "/s at " + res
                + (images > 0 && model.pricing().usdPerInputImage().signum() > 0
                        ? " + " + images + " × " + Formats.usd(model.pricing().usdPerInputImage()) + " per image"
                        : "");
        return new Estimate(Formats.usd(cost), detail, size, false);
    }

    /** Which modes the chosen model offers. */
    public List<ModeHint> modes() {
        List<ModeHint> hints = new ArrayList<>();
        hints.add(new ModeHint("Text to video", true, true, null));
        hints.add(new ModeHint(
                "Image to video",
                model.supportsMode(GenerationMode.IMAGE),
                model.supportsMode(GenerationMode.IMAGE),
                model.supportsMode(GenerationMode.IMAGE)
                        ? "animates a first-frame image"
                        : "not offered by this model"));
        hints.add(new ModeHint(
                "Reference to video",
                model.supportsMode(GenerationMode.REFERENCE),
                model.supportsMode(GenerationMode.REFERENCE),
                model.supportsMode(GenerationMode.REFERENCE)
                        ? "grounded in up to " + model.maxReferenceImages() + " reference images"
                        : "not offered by this model"));
        return hints;
    }
}
