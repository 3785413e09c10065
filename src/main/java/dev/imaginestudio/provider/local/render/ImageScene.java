package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.Drawing.smoothstep;

import java.awt.Color;
import java.awt.Graphics2D;

/** IMAGE mode: one continuous eased camera move over the first-frame image. */
final class ImageScene implements Scene {
    private final KenBurns shot;

    ImageScene(KenBurns shot) {
        this.shot = shot;
    }

    @Override
    public void paint(Graphics2D g, int frame, int total) {
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, shot.width, shot.height);
        shot.paint(g, smoothstep(total <= 1 ? 0 : (double) frame / (total - 1)));
    }
}
