package dev.imaginestudio.provider.local.render;

import java.awt.Color;
import java.util.Locale;
import java.util.SplittableRandom;

/** Colours for the TEXT scene: from recognised words where possible, otherwise from a hash of the words. */
final class Palette {
    final Color skyTop;
    final Color skyMiddle;
    final Color horizon;
    final Color sun;
    final Color[] glows;
    final Color farHill;
    final Color nearHill;
    final Color spark;

    // Hue (in turns) suggested by words; the first recognised word wins.
    private static final String[][] HUES = {
        {"0.01", "red", "fire", "flame", "lava", "rose", "blood", "heart", "volcano", "ruby"},
        {"0.06", "sunset", "sunrise", "orange", "autumn", "fall", "warm", "dusk", "dawn", "amber", "copper"},
        {"0.11", "desert", "sand", "gold", "golden", "honey", "wheat", "dune", "savanna", "sun", "sunny"},
        {"0.30", "forest", "tree", "trees", "jungle", "grass", "meadow", "green", "leaf", "moss", "garden"},
        {"0.50", "ice", "snow", "winter", "glacier", "frozen", "arctic", "mint", "cyan", "teal", "aurora"},
        {"0.57", "ocean", "sea", "water", "wave", "waves", "river", "lake", "rain", "blue", "sky", "beach"},
        {"0.66", "night", "space", "galaxy", "star", "stars", "moon", "cosmic", "nebula", "midnight"},
        {"0.78", "neon", "cyber", "cyberpunk", "synthwave", "purple", "violet", "dream", "magic", "lavender"},
        {"0.92", "pink", "cherry", "blossom", "sakura", "candy", "love", "flamingo"},
    };
    private static final double COOL_HUE = 0.68;

    private Palette(double hue, boolean dark) {
        // Skies shade from the prompt's hue at the horizon towards blue-violet overhead, whichever way
        // round the colour wheel is shorter: orange becomes magenta then purple, green becomes teal.
        double towardsCool = COOL_HUE - hue;
        towardsCool -= Math.rint(towardsCool);
        double shift = Math.max(-0.2, Math.min(0.2, towardsCool));
        float v = dark ? 0.42f : 1f;
        skyTop = hsb(hue + shift, 0.72, 0.30 * v);
        skyMiddle = hsb(hue + shift * 0.45, 0.62, 0.70 * v);
        horizon = hsb(hue, 0.42, dark ? 0.62 : 1.0);
        sun = hsb(hue, dark ? 0.06 : 0.18, 1.0);
        glows = new Color[] {
            hsb(hue - 0.04, 0.55, 1.0),
            hsb(hue + shift * 0.7, 0.5, 1.0),
            hsb(hue, 0.22, 1.0),
            hsb(hue + 0.08, 0.45, 1.0)
        };
        farHill = mix(skyMiddle, Color.BLACK, 0.45);
        nearHill = mix(skyTop, Color.BLACK, 0.6);
        spark = hsb(hue, 0.12, 1.0);
    }

    static Palette of(String prompt, SplittableRandom random) {
        String[] words = prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        double hue = Double.NaN;
        boolean dark = false;
        int wordHash = 0;
        for (String word : words) {
            if (word.isEmpty()) continue;
            wordHash = 31 * wordHash + word.hashCode();
            if (word.equals("night") || word.equals("dark") || word.equals("midnight") || word.equals("space")) {
                dark = true;
            }
            if (Double.isNaN(hue)) hue = hueFor(word);
        }
        if (Double.isNaN(hue)) {
            hue = ((wordHash * 0x9E3779B9) >>> 8) / (double) (1 << 24);
        }
        // A small seeded nudge so different seeds of one prompt are related but not identical.
        hue += (random.nextDouble() - 0.5) * 0.05;
        return new Palette(hue - Math.floor(hue), dark);
    }

    private static double hueFor(String word) {
        for (String[] row : HUES) {
            for (int i = 1; i < row.length; i++) {
                if (row[i].equals(word)) return Double.parseDouble(row[0]);
            }
        }
        return Double.NaN;
    }

    private static Color hsb(double hue, double saturation, double brightness) {
        return Color.getHSBColor((float) (hue - Math.floor(hue)), (float) saturation, (float) brightness);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
