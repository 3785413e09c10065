package dev.imaginestudio.provider.local.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** Small drawing helpers shared by the scenes and the encoder's canvas. */
final class Drawing {

    private Drawing() {}

    static void applyQualityHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    static double smoothstep(double x) {
        double t = x <= 0 ? 0 : x >= 1 ? 1 : x;
        return t * t * (3 - 2 * t);
    }

    static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int)
                Math.round(Math.max(0, Math.min(1, alpha)) * 255));
    }
}
