package dev.imaginestudio.provider.local.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A cover-fitted image with a slow eased zoom and pan. The image is pre-scaled once to the frame size at
 * maximum zoom, so each frame is only a mild bilinear downscale (by a factor between 1/MAX_ZOOM and 1),
 * which neither aliases nor blurs.
 */
final class KenBurns {
    static final double MAX_ZOOM = 1.12;
    private final BufferedImage plate;
    // read by the scenes, which paint their black background at the frame size
    final int width;
    final int height;
    private final double panX;
    private final double panY;
    private final double zoomAmount;

    KenBurns(BufferedImage source, int width, int height, double panAngle, double zoomAmount) {
        this.width = width;
        this.height = height;
        this.plate = coverScale(source, (int) Math.ceil(width * MAX_ZOOM), (int) Math.ceil(height * MAX_ZOOM));
        this.panX = Math.cos(panAngle);
        this.panY = Math.sin(panAngle);
        this.zoomAmount = Math.min(MAX_ZOOM - 1, zoomAmount);
    }

    /**
     * The full move over six seconds or more, less for shorter shots: a whole 12% push-in squeezed into
     * a second looks like a lurch, and faster motion also outruns the encoder's short motion search.
     */
    static double zoomFor(double shotSeconds) {
        return (MAX_ZOOM - 1) * Math.max(0.5, Math.min(1, shotSeconds / 6));
    }

    /** u in [0,1] is eased progress: 0 shows the whole cover-fitted image, 1 the zoomed, panned view. */
    void paint(Graphics2D g, double u) {
        double zoom = 1 + zoomAmount * u;
        double pw = plate.getWidth();
        double ph = plate.getHeight();
        double vw = pw / zoom;
        double vh = ph / zoom;
        // Using 80% of the slack keeps the view clear of the plate edge, where bilinear sampling would fade.
        double cx = pw / 2 + panX * 0.8 * (pw - vw) / 2;
        double cy = ph / 2 + panY * 0.8 * (ph - vh) / 2;
        AffineTransform at = new AffineTransform();
        at.scale(width / vw, height / vh);
        at.translate(-(cx - vw / 2), -(cy - vh / 2));
        g.drawImage(plate, at, null);
    }

    /** Crops the centre of source to the target aspect and scales it to exactly tw x th. */
    static BufferedImage coverScale(BufferedImage source, int tw, int th) {
        double targetAspect = (double) tw / th;
        int sw = source.getWidth();
        int sh = source.getHeight();
        int cw = sw;
        int ch = sh;
        if ((double) sw / sh > targetAspect) {
            cw = Math.max(1, (int) Math.round(sh * targetAspect));
        } else {
            ch = Math.max(1, (int) Math.round(sw / targetAspect));
        }
        BufferedImage current = toRgb(source.getSubimage((sw - cw) / 2, (sh - ch) / 2, cw, ch));
        // Halving step by step averages every source pixel; one big bilinear step would skip most of them.
        while (current.getWidth() >= tw * 2 && current.getHeight() >= th * 2) {
            current = resize(
                    current,
                    current.getWidth() / 2,
                    current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return resize(current, tw, th, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage toRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage resize(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
