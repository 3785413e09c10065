package dev.imaginestudio.provider.local;

import dev.imaginestudio.media.MediaStore;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Rational;
import org.jcodec.scale.AWTUtil;

/**
 * Renders preview clips as H.264 MP4s with JCodec: exactly the requested pixel size, {@value #FPS} fps, the
 * requested number of seconds, and the same frames for the same spec (seed included). Text mode animates a
 * scene whose colours and shapes come from the prompt; image mode moves a camera over the first frame;
 * reference mode travels through the reference images. Every frame carries a small "PREVIEW" mark.
 */
public final class PreviewRenderer {

    public static final int FPS = 24;

    public enum Mode { TEXT, IMAGE, REFERENCE }

    /** What to render; {@code images} are the stored input files (first frame, or the references in order). */
    public record Spec(Mode mode, String prompt, int width, int height, int durationSeconds, long seed, List<Path> images) {
    }

    /** Called after each encoded frame. */
    public interface Progress {
        void frames(int done, int total);
    }

    /** Renders the clip to a temporary file beside {@code output}, then moves it into place. */
    public void render(Spec spec, Path output, Progress progress) throws IOException {
        if (spec.width() <= 0 || spec.height() <= 0 || spec.width() % 2 != 0 || spec.height() % 2 != 0) {
            throw new IOException("the pixel size must be positive and even, not " + spec.width() + "x" + spec.height());
        }
        int total = Math.max(1, spec.durationSeconds()) * FPS;
        Scene scene = switch (spec.mode()) {
            case TEXT -> new TextScene(spec);
            case IMAGE -> new CameraMove(load(spec.images(), 1).get(0), spec.seed());
            case REFERENCE -> new Journey(load(spec.images(), Integer.MAX_VALUE));
        };
        Files.createDirectories(output.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(output.toAbsolutePath().getParent(), ".render-", ".mp4");
        try {
            try (SeekableByteChannel ch = NIOUtils.writableChannel(temp.toFile())) {
                SequenceEncoder encoder = SequenceEncoder.createWithFps(ch, new Rational(FPS, 1));
                BufferedImage frame = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
                for (int i = 0; i < total; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IOException("the render was stopped");
                    }
                    Graphics2D g = frame.createGraphics();
                    try {
                        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                        scene.draw(g, spec.width(), spec.height(), i, total);
                        previewMark(g, spec.width(), spec.height());
                    } finally {
                        g.dispose();
                    }
                    encoder.encodeNativeFrame(AWTUtil.fromBufferedImageRGB(frame));
                    progress.frames(i + 1, total);
                }
                encoder.finish();
            }
            MediaStore.moveIntoPlace(temp, output);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static List<BufferedImage> load(List<Path> files, int max) throws IOException {
        if (files == null || files.isEmpty()) {
            throw new IOException("this mode needs at least one input image");
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Path f : files.subList(0, Math.min(max, files.size()))) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new IOException("the input image " + f.getFileName() + " cannot be read");
            }
            images.add(img);
        }
        return images;
    }

    /** A small rounded "PREVIEW" label in the top left corner, so nobody mistakes the clip for model output. */
    private static void previewMark(Graphics2D g, int w, int h) {
        int size = Math.max(9, Math.min(w, h) / 36);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = g.getFontMetrics();
        String text = "PREVIEW";
        int pad = size / 2;
        int bw = fm.stringWidth(text) + pad * 2;
        int bh = fm.getAscent() + pad;
        int x = Math.max(6, w / 60);
        int y = Math.max(6, h / 60);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
        g.setColor(Color.BLACK);
        g.fill(new RoundRectangle2D.Double(x, y, bw, bh, bh * 0.6, bh * 0.6));
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(new Color(255, 255, 255, 230));
        g.drawString(text, x + pad, y + pad / 2 + fm.getAscent() - 1);
    }

    /** Draws {@code img} scaled to cover the frame, zoomed by {@code zoom} around a point moved by (dx, dy). */
    private static void cover(Graphics2D g, BufferedImage img, int w, int h, double zoom, double dx, double dy) {
        double scale = Math.max((double) w / img.getWidth(), (double) h / img.getHeight()) * zoom;
        double dw = img.getWidth() * scale;
        double dh = img.getHeight() * scale;
        double x = (w - dw) / 2 + dx * (dw - w) / 2;
        double y = (h - dh) / 2 + dy * (dh - h) / 2;
        AffineTransform t = AffineTransform.getTranslateInstance(x, y);
        t.scale(scale, scale);
        g.drawImage(img, t, null);
    }

    private interface Scene {
        void draw(Graphics2D g, int w, int h, int frame, int total);
    }

    /** Image to video: a slow push-in with a slight drift, starting exactly on the first frame. */
    private record CameraMove(BufferedImage image, long seed) implements Scene {
        @Override
        public void draw(Graphics2D g, int w, int h, int frame, int total) {
            double t = total <= 1 ? 0 : (double) frame / (total - 1);
            double ease = t * t * (3 - 2 * t);
            double driftX = (seed % 2 == 0 ? 1 : -1) * 0.5 * ease;
            double driftY = ((seed / 2) % 2 == 0 ? 1 : -1) * 0.3 * ease;
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            cover(g, image, w, h, 1.0 + 0.12 * ease, driftX, driftY);
        }
    }

    /** Reference to video: each image holds its share of the clip and dissolves into the next near its end. */
    private record Journey(List<BufferedImage> images) implements Scene {
        @Override
        public void draw(Graphics2D g, int w, int h, int frame, int total) {
            int n = images.size();
            double pos = (double) frame * n / total;
            int i = Math.min(n - 1, (int) pos);
            double local = pos - i;
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            cover(g, images.get(i), w, h, 1.0 + 0.06 * local, 0, 0);
            if (i + 1 < n && local > 0.8) {
                float alpha = (float) ((local - 0.8) / 0.2);
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, Math.min(1f, alpha)));
                cover(g, images.get(i + 1), w, h, 1.0, 0, 0);
                g.setComposite(AlphaComposite.SrcOver);
            }
        }
    }

    /**
     * Text to video: a sky, a glowing orb crossing it, drifting lights and rolling hills, coloured by the
     * prompt and seed, with the prompt as a caption.
     */
    private static final class TextScene implements Scene {
        private final Color skyTop;
        private final Color skyBottom;
        private final Color orb;
        private final Color[] hills = new Color[3];
        private final double[][] lights;
        private final double[] hillPhase = new double[3];
        private final List<String> caption;
        private final String prompt;
        private List<String> lines;

        TextScene(Spec spec) {
            this.prompt = spec.prompt() == null ? "" : spec.prompt().strip();
            long hash = 1125899906842597L;
            for (byte b : prompt.toLowerCase().getBytes(StandardCharsets.UTF_8)) {
                hash = 31 * hash + b;
            }
            Random r = new Random(hash ^ (spec.seed() * 0x9E3779B97F4A7C15L));
            float hue = r.nextFloat();
            skyTop = Color.getHSBColor(hue, 0.55f + r.nextFloat() * 0.3f, 0.18f + r.nextFloat() * 0.15f);
            skyBottom = Color.getHSBColor(hue + 0.08f + r.nextFloat() * 0.12f, 0.45f + r.nextFloat() * 0.3f, 0.55f + r.nextFloat() * 0.3f);
            orb = Color.getHSBColor(hue + 0.45f + r.nextFloat() * 0.2f, 0.35f, 1f);
            for (int i = 0; i < 3; i++) {
                hills[i] = Color.getHSBColor(hue + 0.55f + i * 0.04f, 0.5f, 0.32f - i * 0.08f);
                hillPhase[i] = r.nextDouble() * Math.PI * 2;
            }
            lights = new double[18][];
            for (int i = 0; i < lights.length; i++) {
                lights[i] = new double[] {r.nextDouble(), r.nextDouble() * 0.65, 0.004 + r.nextDouble() * 0.012,
                        0.02 + r.nextDouble() * 0.05, r.nextDouble() * Math.PI * 2};
            }
            caption = List.of(prompt.split("\\s+"));
        }

        @Override
        public void draw(Graphics2D g, int w, int h, int frame, int total) {
            double t = (double) frame / FPS;
            double progress = total <= 1 ? 0 : (double) frame / (total - 1);
            g.setPaint(new GradientPaint(0, 0, skyTop, 0, h, skyBottom));
            g.fillRect(0, 0, w, h);

            int m = Math.min(w, h);
            double ox = w * (0.2 + 0.6 * progress);
            double oy = h * (0.42 - 0.18 * Math.sin(Math.PI * progress));
            float radius = (float) (m * 0.11);
            g.setPaint(new RadialGradientPaint((float) ox, (float) oy, radius * 3,
                    new float[] {0f, 0.33f, 1f},
                    new Color[] {orb, new Color(orb.getRed(), orb.getGreen(), orb.getBlue(), 90), new Color(orb.getRed(), orb.getGreen(), orb.getBlue(), 0)}));
            g.fill(new Ellipse2D.Double(ox - radius * 3, oy - radius * 3, radius * 6, radius * 6));

            for (double[] l : lights) {
                double x = ((l[0] + t * l[2]) % 1.0) * w;
                double y = l[1] * h + Math.sin(t * 1.3 + l[4]) * h * 0.02;
                double r = l[3] * m;
                float alpha = (float) (0.25 + 0.2 * Math.sin(t * 2 + l[4]));
                g.setColor(new Color(1f, 1f, 1f, Math.max(0.05f, alpha)));
                g.fill(new Ellipse2D.Double(x - r / 2, y - r / 2, r, r));
            }

            for (int i = 0; i < hills.length; i++) {
                double base = h * (0.62 + i * 0.1);
                double amp = h * (0.06 - i * 0.012);
                double speed = 0.05 + i * 0.05;
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, h);
                for (int step = 0; step <= w + 7; step += 8) {
                    int x = Math.min(step, w);
                    double y = base + amp * Math.sin(x * (2.5 + i) / w * Math.PI + hillPhase[i] + t * speed * Math.PI);
                    p.lineTo(x, y);
                }
                p.lineTo(w, h);
                p.closePath();
                g.setColor(hills[i]);
                g.fill(p);
            }

            if (!prompt.isEmpty()) {
                int size = Math.max(12, m / 22);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
                FontMetrics fm = g.getFontMetrics();
                if (lines == null) {
                    lines = wrap(fm, (int) (w * 0.84), 3);
                }
                int lineHeight = fm.getHeight();
                int y = h - lineHeight * lines.size() - h / 14;
                float alpha = (float) Math.min(1.0, t / 0.4);
                for (String line : lines) {
                    int x = (w - fm.stringWidth(line)) / 2;
                    g.setColor(new Color(0f, 0f, 0f, 0.5f * alpha));
                    g.drawString(line, x + 2, y + fm.getAscent() + 2);
                    g.setColor(new Color(1f, 1f, 1f, 0.95f * alpha));
                    g.drawString(line, x, y + fm.getAscent());
                    y += lineHeight;
                }
            }
            g.setStroke(new BasicStroke(1));
        }

        private List<String> wrap(FontMetrics fm, int width, int maxLines) {
            List<String> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : caption) {
                String next = line.isEmpty() ? word : line + " " + word;
                if (fm.stringWidth(next) <= width || line.isEmpty()) {
                    line = new StringBuilder(next);
                } else {
                    out.add(line.toString());
                    line = new StringBuilder(word);
                    if (out.size() == maxLines) {
                        break;
                    }
                }
            }
            if (out.size() < maxLines && !line.isEmpty()) {
                out.add(line.toString());
            } else if (out.size() == maxLines) {
                String last = out.get(maxLines - 1);
                out.set(maxLines - 1, last + "…");
            }
            for (int i = 0; i < out.size(); i++) {
                String s = out.get(i);
                while (fm.stringWidth(s) > width && s.length() > 2) {
                    s = s.substring(0, s.length() - 2) + "…";
                }
                out.set(i, s);
            }
            return out;
        }
    }
}
