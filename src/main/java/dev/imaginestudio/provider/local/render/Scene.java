package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.ImageFiles.readImage;

import dev.imaginestudio.provider.local.render.PreviewRenderer.Spec;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Paints frame {@code frame} of {@code total}; must depend on nothing but its arguments and fixed state. */
interface Scene {
    void paint(Graphics2D g, int frame, int total);

    /** The scene for the spec's mode; seeded from the spec's seed and prompt, so one spec always gives one scene. */
    static Scene create(Spec spec) throws IOException {
        long mixed = spec.seed() ^ ((long) spec.prompt().hashCode() * 0x9E3779B97F4A7C15L);
        SplittableRandom random = new SplittableRandom(mixed);
        return switch (spec.mode()) {
            case TEXT -> new TextScene(spec.prompt(), spec.width(), spec.height(), random);
            case IMAGE -> {
                BufferedImage image =
                        readImage(spec.images().get(0), (int) Math.ceil(spec.width() * KenBurns.MAX_ZOOM), (int)
                                Math.ceil(spec.height() * KenBurns.MAX_ZOOM));
                yield new ImageScene(new KenBurns(
                        image,
                        spec.width(),
                        spec.height(),
                        random.nextDouble() * 2 * Math.PI,
                        KenBurns.zoomFor(spec.durationSeconds())));
            }
            case REFERENCE -> {
                List<KenBurns> shots = new ArrayList<>();
                double angle = random.nextDouble() * 2 * Math.PI;
                for (Path p : spec.images()) {
                    BufferedImage image = readImage(p, (int) Math.ceil(spec.width() * KenBurns.MAX_ZOOM), (int)
                            Math.ceil(spec.height() * KenBurns.MAX_ZOOM));
                    shots.add(new KenBurns(
                            image,
                            spec.width(),
                            spec.height(),
                            angle,
                            KenBurns.zoomFor((double) spec.durationSeconds()
                                    / spec.images().size())));
                    // Turning the pan direction by roughly half a circle each shot keeps consecutive moves distinct.
                    angle += Math.PI * (0.75 + 0.5 * random.nextDouble());
                }
                yield new ReferenceScene(shots, spec.durationSeconds());
            }
        };
    }
}
