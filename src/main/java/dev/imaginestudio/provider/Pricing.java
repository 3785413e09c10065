package dev.imaginestudio.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's price in exact US dollars: per output second (by resolution, with a fallback for any
 * resolution), per input image, and a floor per generation. Some models price seconds differently by mode
 * or by audio ({@code variantRates}); some are priced in units the studio cannot estimate (tokens), named in
 * {@code unpricedSkus}, and then {@link #estimate} answers null: the provider's reported cost is the truth.
 */
public record Pricing(
        Map<String, BigDecimal> usdPerSecondByResolution,
        BigDecimal usdPerSecond,
        BigDecimal usdPerInputImage,
        BigDecimal minimumUsd,
        List<VariantRate> variantRates,
        Set<String> unpricedSkus) {

    public static final Pricing FREE = new Pricing(Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /** Grok Imagine Video's published price: 5 cents/s at 480p, 7 at 720p, 0.2 cents per input image. */
    public static final Pricing GROK = new Pricing(
            Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.07")),
            null,
            new BigDecimal("0.002"),
            BigDecimal.ZERO);

    /**
     * A per-second price that applies only to one generation mode and/or only with or without audio; a null
     * {@code mode}, {@code audio} or {@code resolution} matches any.
     */
    public record VariantRate(GenerationMode mode, Boolean audio, String resolution, BigDecimal usdPerSecond) {}

    public Pricing {
        usdPerSecondByResolution = Map.copyOf(usdPerSecondByResolution);
        usdPerInputImage = usdPerInputImage == null ? BigDecimal.ZERO : usdPerInputImage;
        minimumUsd = minimumUsd == null ? BigDecimal.ZERO : minimumUsd;
        variantRates = variantRates == null ? List.of() : List.copyOf(variantRates);
        unpricedSkus = unpricedSkus == null ? Set.of() : Set.copyOf(unpricedSkus);
    }

    public Pricing(
            Map<String, BigDecimal> usdPerSecondByResolution,
            BigDecimal usdPerSecond,
            BigDecimal usdPerInputImage,
            BigDecimal minimumUsd) {
        this(usdPerSecondByResolution, usdPerSecond, usdPerInputImage, minimumUsd, List.of(), Set.of());
    }

    /** The estimated cost of one text-to-video job with the model's default audio, or null when unknown. */
    public BigDecimal estimate(String resolution, int durationSeconds, int inputImages) {
        return estimate(resolution, durationSeconds, inputImages, null, null);
    }

    /**
     * The estimated cost of one job, or null when the price for that resolution (and mode) is unknown.
     * {@code mode} null means text-to-video; {@code audio} null means the model's default, which is priced as
     * with audio where the two differ (the higher price: an estimate should not promise too little).
     */
    public BigDecimal estimate(
            String resolution, int durationSeconds, int inputImages, GenerationMode mode, Boolean audio) {
        if (!unpricedSkus.isEmpty()) {
            return null;
        }
        BigDecimal perSecond =
                variantRate(resolution, mode == null ? GenerationMode.TEXT : mode, audio == null || audio);
        if (perSecond == null) {
            perSecond = usdPerSecondByResolution.getOrDefault(resolution, usdPerSecond);
        }
        if (perSecond == null) {
            return null;
        }
        BigDecimal total = perSecond
                .multiply(BigDecimal.valueOf(durationSeconds))
                .add(usdPerInputImage.multiply(BigDecimal.valueOf(inputImages)));
        return total.max(minimumUsd).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private BigDecimal variantRate(String resolution, GenerationMode mode, boolean audio) {
        return variantRates.stream()
                .filter(r -> r.resolution() == null || r.resolution().equals(resolution))
                .filter(r -> r.audio() == null || r.audio() == audio)
                .filter(r -> modeScore(r.mode(), mode) >= 0)
                .max(Comparator.comparingInt(
                        (VariantRate r) -> modeScore(r.mode(), mode) * 2 + (r.resolution() == null ? 0 : 1)))
                .map(VariantRate::usdPerSecond)
                .orElse(null);
    }

    /** How well a rate's mode fits: exact 2, an image-to-video price for a reference job 1, any 0, else -1. */
    private static int modeScore(GenerationMode rate, GenerationMode wanted) {
        if (rate == null) {
            return 0;
        }
        if (rate == wanted) {
            return 2;
        }
        return wanted == GenerationMode.REFERENCE && rate == GenerationMode.IMAGE ? 1 : -1;
    }

    public boolean free() {
        return this.equals(FREE);
    }
}
