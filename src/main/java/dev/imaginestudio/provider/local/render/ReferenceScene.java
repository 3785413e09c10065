package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.Drawing.smoothstep;
import static dev.imaginestudio.provider.local.render.PreviewRenderer.FPS;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;

/** REFERENCE mode: the images in order, each with its own gentle move, cross-fading at the boundaries. */
final class ReferenceScene implements Scene {
    private final List<KenBurns> shots;
    private final double duration;
    private final double segment;
    private final double fade;

    ReferenceScene(List<KenBurns> shots, int durationSeconds) {
        this.shots = List.copyOf(shots);
        this.duration = durationSeconds;
        this.segment = duration / shots.size();
        this.fade = Math.min(0.6, segment * 0.3);
    }

    @Override
    public void paint(Graphics2D g, int frame, int total) {
        KenBurns first = shots.get(0);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, first.width, first.height);
        double t = (frame + 0.5) / FPS;
        int index = Math.min(shots.size() - 1, (int) (t / segment));
        double intoSegment = t - index * segment;
        // The fade into shot i+1 is centred on the boundary: it starts fade/2 before and ends fade/2 after.
        if (index > 0 && intoSegment < fade / 2) {
            double alpha = smoothstep((intoSegment + fade / 2) / fade);
            paintShot(g, index - 1, t);
            paintShot(g, index, t, alpha);
        } else if (index < shots.size() - 1 && segment - intoSegment < fade / 2) {
            double alpha = smoothstep((intoSegment - (segment - fade / 2)) / fade);
            paintShot(g, index, t);
            paintShot(g, index + 1, t, alpha);
        } else {
            paintShot(g, index, t);
        }
    }

    private void paintShot(Graphics2D g, int i, double t) {
        double start = Math.max(0, i * segment - fade / 2);
        double end = Math.min(duration, (i + 1) * segment + fade / 2);
        shots.get(i).paint(g, smoothstep((t - start) / (end - start)));
    }

    private void paintShot(Graphics2D g, int i, double t, double alpha) {
        if (alpha <= 0) return;
        Graphics2D faded = (Graphics2D) g.create();
        try {
            faded.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.min(1, alpha)));
            paintShot(faded, i, t);
        } finally {
            faded.dispose();
        }
    }
}
