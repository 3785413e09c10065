package dev.imaginestudio.web;

import dev.imaginestudio.common.Formats;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.Pricing;
import io.quarkus.qute.TemplateExtension;
import java.util.List;

/** Formatting of provider facts for pages: a route's prices and a model's durations, in words. */
@TemplateExtension
public final class TemplateExtensions {

    private TemplateExtensions() {}

    /** An amount as pages write money: {@code $0.30}, {@code $0.002}. */
    public static String usd(java.math.BigDecimal amount) {
        return Formats.usd(amount);
    }

    /** A route's price in words: "Free", "$0.05/s at 480p, $0.07/s at 720p; $0.002 per input image". */
    public static String summary(Pricing p) {
        if (p.free()) {
            return "Free";
        }
        StringBuilder b = new StringBuilder();
        p.usdPerSecondByResolution().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append(b.isEmpty() ? "" : ", ")
                        .append(Formats.usd(e.getValue()))
                        .append("/s at ")
                        .append(e.getKey()));
        if (p.usdPerSecond() != null) {
            b.append(b.isEmpty() ? "" : ", ")
                    .append(Formats.usd(p.usdPerSecond()))
                    .append("/s");
            if (!p.usdPerSecondByResolution().isEmpty()) {
                b.append(" otherwise");
            }
        }
        if (p.usdPerInputImage().signum() > 0) {
            b.append("; ").append(Formats.usd(p.usdPerInputImage())).append(" per input image");
        }
        if (p.minimumUsd().signum() > 0) {
            b.append("; at least ").append(Formats.usd(p.minimumUsd())).append(" a job");
        }
        return b.toString();
    }

    /** A model's durations as "1–15 s" when they run without gaps, else "6, 10 s". */
    public static String durationRange(ModelCapabilities m) {
        List<Integer> d = m.durations().stream().sorted().toList();
        if (d.isEmpty()) {
            return "";
        }
        if (d.size() > 2 && d.get(d.size() - 1) - d.get(0) == d.size() - 1) {
            return d.get(0) + "–" + d.get(d.size() - 1) + " s";
        }
        return d.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + " s";
    }
}
