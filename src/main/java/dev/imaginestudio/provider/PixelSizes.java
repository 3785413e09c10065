package dev.imaginestudio.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A model's table of pixel sizes per resolution and aspect ratio. */
public final class PixelSizes {

    /** Grok Imagine Video's sizes, in the order its catalogue lists them. */
    public static final PixelSizes GROK = new PixelSizes(Map.ofEntries(
            Map.entry("480p|16:9", "854x480"), Map.entry("720p|16:9", "1280x720"),
            Map.entry("480p|9:16", "480x854"), Map.entry("720p|9:16", "720x1280"),
            Map.entry("480p|1:1", "480x480"), Map.entry("720p|1:1", "720x720"),
            Map.entry("480p|4:3", "640x480"), Map.entry("720p|4:3", "960x720"),
            Map.entry("480p|3:4", "480x640"), Map.entry("720p|3:4", "720x960"),
            Map.entry("480p|3:2", "720x480"), Map.entry("720p|3:2", "1080x720"),
            Map.entry("480p|2:3", "480x720"), Map.entry("720p|2:3", "720x1080")));

    public static final List<String> GROK_ASPECT_RATIOS = List.of("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3");

    private final Map<String, String> byKey;

    public PixelSizes(Map<String, String> byResolutionAndAspect) {
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byResolutionAndAspect));
    }

    public Optional<String> size(String resolution, String aspectRatio) {
        return Optional.ofNullable(byKey.get(resolution + "|" + aspectRatio));
    }

    /** The resolution and aspect ratio ({@code [resolution, aspect]}) that a {@code WxH} size stands for. */
    public Optional<String[]> parts(String size) {
        return byKey.entrySet().stream()
                .filter(e -> e.getValue().equals(size))
                .map(e -> e.getKey().split("\\|"))
                .findFirst();
    }

    public List<String> all() {
        return new ArrayList<>(byKey.values()).stream().distinct().sorted().toList();
    }

    public static int width(String size) {
        return Integer.parseInt(size.substring(0, size.indexOf('x')));
    }

    public static int height(String size) {
        return Integer.parseInt(size.substring(size.indexOf('x') + 1));
    }
}
