package dev.imaginestudio.provider.local.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/**
 * The "PREVIEW" badge, drawn from a built-in 5x7 dot font so it appears even where no fonts are installed.
 */
final class Badge {
    private static final String TEXT = "PREVIEW";
    private static final String LETTERS = "PREVIW";
    private static final String[] GLYPH_ROWS = {
        // P      R        E        V        I        W
        "11110", "11110", "11111", "10001", "11111", "10001",
        "10001", "10001", "10000", "10001", "00100", "10001",
        "10001", "10001", "10000", "10001", "00100", "10001",
        "11110", "11110", "11110", "10001", "00100", "10101",
        "10000", "10100", "10000", "10001", "00100", "10101",
        "10000", "10010", "10000", "01010", "00100", "10101",
        "10000", "10001", "11111", "00100", "11111", "01010",
    };

    private final BufferedImage image;
    private final int margin;

    Badge(int frameWidth, int frameHeight) {
        int unit = Math.min(frameWidth, frameHeight);
        this.margin = Math.max(6, Math.round(unit * 0.03f));
        this.image = draw(Math.max(2, Math.round(unit / 180f)));
    }

    void paint(Graphics2D g) {
        g.drawImage(image, margin, margin, null);
    }

    Rectangle bounds() {
        return new Rectangle(margin, margin, image.getWidth(), image.getHeight());
    }

    private static BufferedImage draw(int dot) {
        int glyphW = 5 * dot;
        int textW = TEXT.length() * glyphW + (TEXT.length() - 1) * dot;
        int padX = 3 * dot;
        int padY = 2 * dot;
        int lamp = 4 * dot;
        int w = padX + lamp + 2 * dot + textW + padX;
        int h = 7 * dot + 2 * padY;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0, 0, 0, 140));
        g.fill(new RoundRectangle2D.Double(0, 0, w, h, h, h));
        g.setColor(new Color(255, 82, 82, 235));
        g.fill(new Ellipse2D.Double(padX, (h - lamp) / 2.0, lamp, lamp));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(255, 255, 255, 240));
        int x0 = padX + lamp + 2 * dot;
        for (int c = 0; c < TEXT.length(); c++) {
            int glyph = LETTERS.indexOf(TEXT.charAt(c));
            for (int row = 0; row < 7; row++) {
                String bits = GLYPH_ROWS[row * LETTERS.length() + glyph];
                for (int col = 0; col < 5; col++) {
                    if (bits.charAt(col) == '1') {
                        g.fillRect(x0 + c * (glyphW + dot) + col * dot, padY + row * dot, dot, dot);
                    }
                }
            }
        }
        g.dispose();
        return img;
    }
}
