package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.Drawing.applyQualityHints;
import static dev.imaginestudio.provider.local.render.Drawing.withAlpha;
import static dev.imaginestudio.provider.local.render.PreviewRenderer.FPS;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * TEXT mode: a softly lit sky with drifting glows, parallax hills and rising sparks, coloured after the
 * prompt, under a slow camera drift. The prompt's words are never drawn: a video shared with its prompt hidden
 * must not show it.
 */
final class TextScene implements Scene {
    private final int width;
    private final int height;
    private final int marginX;
    private final int marginY;
    private final BufferedImage sky;
    private final BufferedImage farHills;
    private final BufferedImage nearHills;
    private final Glow[] glows;
    private final Spark[] sparks;
    private final Color sparkColor;
    private final double driftPeriodX;
    private final double driftPeriodY;
    private final double driftPhaseX;
    private final double driftPhaseY;

    private record Glow(
            BufferedImage sprite,
            double cx,
            double cy,
            double ax,
            double ay,
            double fx,
            double fy,
            double px,
            double py,
            boolean front) {}

    private record Spark(double x, double y, double speed, double sway, double phase, double size) {}

    TextScene(String prompt, int width, int height, SplittableRandom random) {
        this.width = width;
        this.height = height;
        this.marginX = Math.max(8, Math.round(width * 0.05f));
        this.marginY = Math.max(8, Math.round(height * 0.05f));
        Palette palette = Palette.of(prompt, random);
        double unit = Math.min(width, height);

        this.sky = paintSky(palette, width + 2 * marginX, height + 2 * marginY, random);
        // Hills are taller than the frame so the vertical drift never uncovers the sky beneath them.
        this.farHills =
                paintHills(width + 4 * marginX, height + 2 * marginY, height, 0.64, 0.06, palette.farHill, random);
        this.nearHills =
                paintHills(width + 6 * marginX, height + 2 * marginY, height, 0.79, 0.05, palette.nearHill, random);

        Color[] glowColors = palette.glows;
        int glowCount = 5 + random.nextInt(3);
        this.glows = new Glow[glowCount];
        for (int i = 0; i < glowCount; i++) {
            double radius = unit * (0.12 + 0.22 * random.nextDouble());
            Color c = glowColors[i % glowColors.length];
            glows[i] = new Glow(
                    glowSprite((int) Math.ceil(radius), c, 0.45 + 0.25 * random.nextDouble()),
                    width * (0.1 + 0.8 * random.nextDouble()),
                    height * (0.15 + 0.55 * random.nextDouble()),
                    width * (0.05 + 0.15 * random.nextDouble()),
                    height * (0.04 + 0.12 * random.nextDouble()),
                    2 * Math.PI / (7 + 9 * random.nextDouble()),
                    2 * Math.PI / (6 + 10 * random.nextDouble()),
                    random.nextDouble() * 2 * Math.PI,
                    random.nextDouble() * 2 * Math.PI,
                    i % 3 == 0);
        }
        int sparkCount = 28 + random.nextInt(16);
        this.sparks = new Spark[sparkCount];
        for (int i = 0; i < sparkCount; i++) {
            sparks[i] = new Spark(
                    random.nextDouble(),
                    random.nextDouble(),
                    0.02 + 0.05 * random.nextDouble(),
                    0.004 + 0.01 * random.nextDouble(),
                    random.nextDouble() * 2 * Math.PI,
                    unit * (0.003 + 0.006 * random.nextDouble()));
        }
        this.sparkColor = palette.spark;
        this.driftPeriodX = 9 + 6 * random.nextDouble();
        this.driftPeriodY = 11 + 7 * random.nextDouble();
        this.driftPhaseX = random.nextDouble() * 2 * Math.PI;
        this.driftPhaseY = random.nextDouble() * 2 * Math.PI;
    }

    @Override
    public void paint(Graphics2D g, int frame, int total) {
        double t = (double) frame / FPS;
        double dx = 0.85 * marginX * Math.sin(2 * Math.PI * t / driftPeriodX + driftPhaseX);
        double dy = 0.85 * marginY * Math.sin(2 * Math.PI * t / driftPeriodY + driftPhaseY);

        g.drawImage(sky, (int) Math.round(-marginX - dx), (int) Math.round(-marginY - dy), null);
        for (Glow glow : glows) if (!glow.front) paintGlow(g, glow, t, dx, dy);
        // Nearer layers move further for the same camera drift, which is what reads as depth.
        g.drawImage(farHills, (int) Math.round(-2 * marginX - 1.5 * dx), (int) Math.round(-0.6 * dy), null);
        for (Glow glow : glows) if (glow.front) paintGlow(g, glow, t, dx, dy);
        g.drawImage(nearHills, (int) Math.round(-3 * marginX - 2.4 * dx), (int) Math.round(-0.3 * dy), null);
        paintSparks(g, t, dx, dy);
    }

    private void paintGlow(Graphics2D g, Glow glow, double t, double dx, double dy) {
        double x = glow.cx + glow.ax * Math.sin(glow.fx * t + glow.px) - dx;
        double y = glow.cy + glow.ay * Math.sin(glow.fy * t + glow.py) - dy;
        int half = glow.sprite.getWidth() / 2;
        g.drawImage(glow.sprite, (int) Math.round(x) - half, (int) Math.round(y) - half, null);
    }

    private void paintSparks(Graphics2D g, double t, double dx, double dy) {
        Ellipse2D.Double dot = new Ellipse2D.Double();
        for (Spark s : sparks) {
            double y = s.y - s.speed * t;
            y -= Math.floor(y);
            double x = s.x + s.sway * Math.sin(1.3 * t + s.phase);
            double twinkle = 0.5 + 0.5 * Math.sin(2.1 * t + 3 * s.phase);
            // Fading in at the bottom and out near the top means wrapping round never pops.
            float alpha = (float) (twinkle * Math.min(1, y * 3) * Math.min(1, (1 - y) * 6) * 0.85);
            if (alpha <= 0.02f) continue;
            g.setColor(new Color(
                    sparkColor.getRed(), sparkColor.getGreen(), sparkColor.getBlue(), Math.round(alpha * 255)));
            dot.setFrame(x * width - 1.8 * dx - s.size, y * height - 1.2 * dy - s.size, 2 * s.size, 2 * s.size);
            g.fill(dot);
        }
    }

    private static BufferedImage paintSky(Palette p, int w, int h, SplittableRandom random) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        applyQualityHints(g);
        g.setPaint(new LinearGradientPaint(
                0, 0, 0, h, new float[] {0f, 0.45f, 0.8f}, new Color[] {p.skyTop, p.skyMiddle, p.horizon}));
        g.fillRect(0, 0, w, h);
        float cx = (float) (w * (0.25 + 0.5 * random.nextDouble()));
        float cy = (float) (h * (0.52 + 0.08 * random.nextDouble()));
        float haze = (float) (Math.max(w, h) * 0.6);
        g.setPaint(new RadialGradientPaint(cx, cy, haze, new float[] {0f, 0.3f, 1f}, new Color[] {
            withAlpha(p.horizon, 0.8), withAlpha(p.horizon, 0.25), withAlpha(p.horizon, 0)
        }));
        g.fillRect(0, 0, w, h);
        float sun = (float) (Math.min(w, h) * 0.07);
        g.setPaint(new RadialGradientPaint(cx, cy, sun * 1.25f, new float[] {0f, 0.78f, 1f}, new Color[] {
            p.sun, withAlpha(p.sun, 0.95), withAlpha(p.sun, 0)
        }));
        g.fill(new Ellipse2D.Float(cx - sun * 1.25f, cy - sun * 1.25f, sun * 2.5f, sun * 2.5f));
        g.dispose();
        return img;
    }

    private static BufferedImage paintHills(
            int w, int h, int frameHeight, double horizon, double amplitude, Color color, SplittableRandom random) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        applyQualityHints(g);
        double[] freq = new double[3];
        double[] phase = new double[3];
        double[] amp = new double[3];
        for (int i = 0; i < 3; i++) {
            freq[i] = (1.5 + i * 2.3 + random.nextDouble()) * 2 * Math.PI / w;
            phase[i] = random.nextDouble() * 2 * Math.PI;
            amp[i] = frameHeight * amplitude / (1 + i * 1.4);
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(0, h);
        for (int x = 0; x <= w; x += 4) {
            double y = frameHeight * horizon;
            for (int i = 0; i < 3; i++) y += amp[i] * Math.sin(freq[i] * x + phase[i]);
            path.lineTo(x, y);
        }
        path.lineTo(w, h);
        path.closePath();
        g.setPaint(new GradientPaint(
                0, (float) (frameHeight * (horizon - amplitude * 2)), color, 0, frameHeight, color.darker()));
        g.fill(path);
        g.dispose();
        return img;
    }

    private static BufferedImage glowSprite(int radius, Color color, double strength) {
        int size = 2 * radius + 2;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        applyQualityHints(g);
        g.setPaint(new RadialGradientPaint(size / 2f, size / 2f, radius, new float[] {0f, 0.35f, 1f}, new Color[] {
            withAlpha(color, strength), withAlpha(color, strength * 0.45), withAlpha(color, 0)
        }));
        g.fillRect(0, 0, size, size);
        g.dispose();
        return img;
    }
}
