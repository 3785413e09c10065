package dev.imaginestudio.provider.openrouter;

import dev.imaginestudio.common.Money;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenRouter's {@code pricing_skus} into exact {@link Pricing}. The unit is encoded in each key:
 * {@code duration_seconds*} and the mode variants are US dollars per second, {@code cents_*} are US cents
 * (divided by 100 here: reading "7" as dollars is a 100x error), token SKUs cannot be estimated. A key this
 * parser does not know makes the estimate unknown rather than wrong.
 */
final class SkuPricing {

    private static final String RES = "(?:_(\\d+p|\\d+k))?";
    private static final Pattern USD_SECOND = Pattern.compile("duration_seconds" + RES);
    private static final Pattern USD_SECOND_AUDIO = Pattern.compile("duration_seconds_(with|without)_audio" + RES);
    private static final Pattern USD_SECOND_MODE =
            Pattern.compile("(text_to_video|image_to_video|reference)_duration_seconds" + RES);
    private static final Pattern CENTS_SECOND = Pattern.compile("cents_per_video_output_second" + RES);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private SkuPricing() {}

    static Pricing parse(Map<String, String> skus) {
        if (skus == null || skus.isEmpty()) {
            // no price list at all: nothing to estimate from
            return new Pricing(Map.of(), null, null, null, List.of(), Set.of("(no pricing_skus)"));
        }
        Map<String, BigDecimal> byResolution = new HashMap<>();
        BigDecimal anyResolution = null;
        BigDecimal perImage = null;
        BigDecimal minimum = null;
        List<Pricing.VariantRate> variants = new ArrayList<>();
        Set<String> unpriced = new TreeSet<>();
        for (Map.Entry<String, String> sku : skus.entrySet()) {
            String key = sku.getKey().trim().toLowerCase(Locale.ROOT);
            BigDecimal value = amount(sku.getValue());
            if (value == null) {
                unpriced.add(sku.getKey());
                continue;
            }
            Matcher m;
            if ((m = USD_SECOND.matcher(key)).matches()
                    || (m = CENTS_SECOND.matcher(key)).matches()
                    || key.equals("cents_per_second_output")) {
                BigDecimal usd = key.startsWith("cents_") ? cents(value) : value;
                String resolution = key.equals("cents_per_second_output") ? null : resolution(m.group(1));
                if (resolution == null) {
                    anyResolution = max(anyResolution, usd);
                } else {
                    byResolution.merge(resolution, usd, SkuPricing::max);
                }
            } else if ((m = USD_SECOND_AUDIO.matcher(key)).matches()) {
                variants.add(new Pricing.VariantRate(null, m.group(1).equals("with"), resolution(m.group(2)), value));
            } else if ((m = USD_SECOND_MODE.matcher(key)).matches()) {
                GenerationMode mode = switch (m.group(1)) {
                    case "text_to_video" -> GenerationMode.TEXT;
                    case "image_to_video" -> GenerationMode.IMAGE;
                    default -> GenerationMode.REFERENCE;
                };
                variants.add(new Pricing.VariantRate(mode, null, resolution(m.group(2)), value));
            } else if (key.equals("cents_per_image_input")) {
                perImage = max(perImage, cents(value));
            } else if (key.equals("minimum_cents_per_generation")) {
                minimum = max(minimum, cents(value));
            } else {
                // video_tokens*, cents_per_megapixel_second_precise, reference_images and anything new
                unpriced.add(sku.getKey());
            }
        }
        return new Pricing(byResolution, anyResolution, perImage, minimum, variants, unpriced);
    }

    private static BigDecimal amount(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > 64) {
            return null;
        }
        try {
            BigDecimal value = Money.bounded(new BigDecimal(text.trim()));
            return value == null || value.signum() < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal cents(BigDecimal cents) {
        return cents.divide(HUNDRED);
    }

    /** OpenRouter's spelling: {@code 720p}, {@code 1K}. */
    private static String resolution(String group) {
        if (group == null) {
            return null;
        }
        return group.endsWith("k") ? group.substring(0, group.length() - 1) + "K" : group;
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a == null ? b : a.max(b);
    }
}
