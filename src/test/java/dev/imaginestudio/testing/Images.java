package dev.imaginestudio.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Test images made on the spot. */
public final class Images {

    /** A real 1x1 lossless WebP. */
    public static final String WEBP_1X1_BASE64 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

    private Images() {}

    /** An image filled with one colour. */
    public static BufferedImage solid(int width, int height, Color color) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** Four coloured quadrants: red, green, blue, yellow (clockwise from top left). */
    public static BufferedImage quadrants(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(Color.GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(Color.YELLOW);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return img;
    }

    /**
     * A gradient under random noise of {@code amplitude} (0-255): photo-like in that it does not compress well, so a
     * 1920x1080 JPEG with amplitude 100 is about 1 MB and a PNG is several MB.
     */
    public static BufferedImage noisy(int width, int height, int amplitude, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(2 * amplitude + 1) - amplitude;
                int r = clamp(x * 255 / width + n);
                int g = clamp(y * 255 / height + n);
                int b = clamp(128 + n);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String dataUrl(byte[] bytes, String mime) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    public static String pngDataUrl(BufferedImage img) {
        return dataUrl(encode(img, "png"), "image/png");
    }

    /** Mean colour of a rectangle. */
    public static Color mean(BufferedImage img, int x0, int y0, int w, int h) {
        long r = 0;
        long g = 0;
        long b = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                r += (rgb >> 16) & 0xff;
                g += (rgb >> 8) & 0xff;
                b += rgb & 0xff;
            }
        }
        long n = (long) w * h;
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }
}
