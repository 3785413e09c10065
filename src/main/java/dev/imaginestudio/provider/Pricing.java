package dev.imaginestudio.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A route's price in exact US dollars: per output second (by resolution, with a fallback for any
 * resolution), per input image, and a floor per generation.
 */
public record Pricing(Map<String, BigDecimal> usdPerSecondByResolution, BigDecimal usdPerSecond,
                      BigDecimal usdPerInputImage, BigDecimal minimumUsd) {

    public static final Pricing FREE = new Pricing(Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /** Grok Imagine Video's published price: 5 cents/s at 480p, 7 at 720p, 0.2 cents per input image. */
    public static final Pricing GROK = new Pricing(
            Map.of("480p", new BigDecimal("0.05"), "720p", new BigDecimal("0.07")),
            null, new BigDecimal("0.002"), BigDecimal.ZERO);

    public Pricing {
        usdPerSecondByResolution = Map.copyOf(usdPerSecondByResolution);
        usdPerInputImage = usdPerInputImage == null ? BigDecimal.ZERO : usdPerInputImage;
        minimumUsd = minimumUsd == null ? BigDecimal.ZERO : minimumUsd;
    }

    /** The estimated cost of one job, or null when the price for that resolution is unknown. */
    public BigDecimal estimate(String resolution, int durationSeconds, int inputImages) {
        BigDecimal perSecond = usdPerSecondByResolution.getOrDefault(resolution, usdPerSecond);
        if (perSecond == null) {
            return null;
        }
        BigDecimal total = perSecond.multiply(BigDecimal.valueOf(durationSeconds))
                .add(usdPerInputImage.multiply(BigDecimal.valueOf(inputImages)));
        return total.max(minimumUsd).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    public boolean free() {
        return this.equals(FREE);
    }
}
