package dev.imaginestudio.provider.local.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.provider.local.render.PreviewRenderer.Mode;
import dev.imaginestudio.provider.local.render.PreviewRenderer.Spec;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreviewRendererTest {

    private static final String PROMPT = "A golden sunset over a calm ocean, sailboats drifting slowly";

    @TempDir
    Path dir;

    private final PreviewRenderer renderer = new PreviewRenderer();

    @ParameterizedTest(name = "{0}x{1}, {2}s")
    @CsvSource({"854, 480, 2", "480, 854, 1", "720, 1080, 1", "1280, 720, 1", "640, 480, 1"})
    void producesExactSizeFrameCountAndDuration(int width, int height, int seconds) throws IOException {
        Path out = dir.resolve("clip.mp4");
        renderer.render(new Spec(Mode.TEXT, PROMPT, width, height, seconds, 7L, List.of()), out, null);

        Mp4Probe.Info info = Mp4Probe.inspect(out);
        assertEquals(width, info.width(), "decoded width");
        assertEquals(height, info.height(), "decoded height");
        assertEquals(PreviewRenderer.FPS * seconds, info.frameCount());
        assertEquals(seconds, info.durationSeconds(), 1e-9);
        assertEquals(PreviewRenderer.FPS, info.fps(), 1e-9);
        BufferedImage last = Mp4Probe.frame(out, info.frameCount() - 1);
        assertEquals(width, last.getWidth());
        assertEquals(height, last.getHeight());
        assertNoTempFilesLeft();
    }

    @Test
    void sameSpecGivesIdenticalBytes() throws IOException {
        Spec spec = new Spec(Mode.TEXT, PROMPT, 480, 480, 2, 99L, List.of());
        Path a = dir.resolve("a.mp4");
        Path b = dir.resolve("b.mp4");
        renderer.render(spec, a, null);
        renderer.render(spec, b, null);
        assertEquals(-1, Files.mismatch(a, b), "two renders of one spec differ");
    }

    /**
     * The prompt's words are never drawn: a share page that hides the prompt must not show it in the video. The two
     * prompts differ in one word but have the same hash, colour words and length, so only drawn text could make
     * their renders differ.
     */
    @Test
    void thePromptIsNotWrittenIntoTheVideo() throws IOException {
        String one = "A kite over the dunes a\u00ff";
        String other = "A kite over the dunes b\u00e0";
        assertEquals(one.hashCode(), other.hashCode());
        assertEquals("a\u00ff".hashCode(), "b\u00e0".hashCode());
        Path a = dir.resolve("a.mp4");
        Path b = dir.resolve("b.mp4");
        renderer.render(new Spec(Mode.TEXT, one, 640, 360, 1, 5L, List.of()), a, null);
        renderer.render(new Spec(Mode.TEXT, other, 640, 360, 1, 5L, List.of()), b, null);
        assertEquals(-1, Files.mismatch(a, b), "the renders differ: the prompt's text is in the video");
    }

    @Test
    void seedAndPromptChangeThePicture() throws IOException {
        BufferedImage base = renderFrame(new Spec(Mode.TEXT, PROMPT, 480, 480, 1, 1L, List.of()), 12);
        BufferedImage otherSeed = renderFrame(new Spec(Mode.TEXT, PROMPT, 480, 480, 1, 2L, List.of()), 12);
        BufferedImage otherPrompt = renderFrame(
                new Spec(Mode.TEXT, "A misty pine forest, birds over the trees", 480, 480, 1, 1L, List.of()), 12);
        assertTrue(meanAbsDifference(base, otherSeed) > 8, "seed made no visible difference");
        assertTrue(meanAbsDifference(base, otherPrompt) > 8, "prompt made no visible difference");
    }

    @Test
    void textSceneMoves() throws IOException {
        Path out = dir.resolve("moving.mp4");
        renderer.render(new Spec(Mode.TEXT, PROMPT, 480, 480, 2, 3L, List.of()), out, null);
        assertTrue(
                meanAbsDifference(Mp4Probe.frame(out, 0), Mp4Probe.frame(out, 47)) > 2,
                "first and last frame look the same");
    }

    @Test
    void everyFrameCarriesThePreviewBadge() throws IOException {
        // A flat grey picture: anything in the badge area that is not grey is the badge.
        Path grey = writeImage("grey.png", 640, 480, (x, y) -> new Color(128, 128, 128));
        Path out = dir.resolve("badge.mp4");
        renderer.render(new Spec(Mode.IMAGE, "", 640, 480, 1, 5L, List.of(grey)), out, null);

        Rectangle badge = new Badge(640, 480).bounds();
        for (int frame : new int[] {0, 11, 23}) {
            BufferedImage image = Mp4Probe.frame(out, frame);
            int bright = 0;
            int dark = 0;
            for (int y = badge.y; y < badge.y + badge.height; y++) {
                for (int x = badge.x; x < badge.x + badge.width; x++) {
                    int luma = luma(image.getRGB(x, y));
                    if (luma > 200) bright++;
                    if (luma < 90) dark++;
                }
            }
            int area = badge.width * badge.height;
            assertTrue(bright > area / 20, "frame " + frame + ": too few bright text pixels: " + bright);
            assertTrue(dark > area / 4, "frame " + frame + ": too few dark badge pixels: " + dark);
            double[] outside = meanColour(image, new Rectangle(320, 240, 100, 100));
            assertEquals(128, outside[0], 12, "grey away from the badge");
        }
    }

    @Test
    void imageModeStartsOnTheImage() throws IOException {
        // Quadrants: red, green / blue, yellow; square input, so a 16:9 frame must crop it, not squash it.
        Color[] quadrant = {
            new Color(220, 30, 30), new Color(30, 200, 40), new Color(40, 50, 220), new Color(235, 220, 40)
        };
        Path input = writeImage("quadrants.png", 800, 800, (x, y) -> quadrant[(y < 400 ? 0 : 2) + (x < 400 ? 0 : 1)]);
        Path out = dir.resolve("image.mp4");
        renderer.render(new Spec(Mode.IMAGE, "", 854, 480, 2, 11L, List.of(input)), out, null);

        BufferedImage first = Mp4Probe.frame(out, 0);
        Rectangle[] probes = {
            new Rectangle(150, 150, 90, 60),
            new Rectangle(600, 150, 90, 60),
            new Rectangle(150, 300, 90, 60),
            new Rectangle(600, 300, 90, 60)
        };
        for (int i = 0; i < 4; i++) {
            double[] mean = meanColour(first, probes[i]);
            assertEquals(quadrant[i].getRed(), mean[0], 20, "quadrant " + i + " red");
            assertEquals(quadrant[i].getGreen(), mean[1], 20, "quadrant " + i + " green");
            assertEquals(quadrant[i].getBlue(), mean[2], 20, "quadrant " + i + " blue");
        }
        assertTrue(meanAbsDifference(first, Mp4Probe.frame(out, 47)) > 1, "the camera did not move");
    }

    @Test
    void imageModeKeepsTheAspectRatio() throws IOException {
        // A 2:1 picture with a centred disc, rendered square: a squashed disc would come out as an ellipse.
        Path input = writeImage("disc.png", 1000, 500, (x, y) -> {
            double dx = x - 500;
            double dy = y - 250;
            return dx * dx + dy * dy <= 150 * 150 ? Color.BLACK : Color.WHITE;
        });
        Path out = dir.resolve("disc.mp4");
        renderer.render(new Spec(Mode.IMAGE, "", 480, 480, 1, 1L, List.of(input)), out, null);

        BufferedImage first = Mp4Probe.frame(out, 0);
        int across = 0;
        int down = 0;
        for (int i = 0; i < 480; i++) {
            if (luma(first.getRGB(i, 240)) < 128) across++;
            if (luma(first.getRGB(240, i)) < 128) down++;
        }
        // 300 px of a 500 px cover crop scaled to 480 px is 288 px, give or take the slight zoom.
        assertEquals(288, across, 12);
        assertEquals(across, down, 4, "disc is not round");
    }

    @Test
    void referenceModeShowsEveryImageInOrder() throws IOException {
        Color[] colours = {new Color(210, 30, 30), new Color(30, 190, 40), new Color(40, 40, 210)};
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < colours.length; i++) {
            Color c = colours[i];
            images.add(writeImage("ref" + i + ".png", 600 + 100 * i, 400, (x, y) -> c));
        }
        Path out = dir.resolve("reference.mp4");
        renderer.render(new Spec(Mode.REFERENCE, "", 480, 480, 3, 4L, images), out, null);

        assertEquals(72, Mp4Probe.inspect(out).frameCount());
        for (int i = 0; i < colours.length; i++) {
            double[] mean = meanColour(Mp4Probe.frame(out, 24 * i + 12), new Rectangle(100, 100, 280, 280));
            int dominant = colours[i].getRed() > 100 ? 0 : colours[i].getGreen() > 100 ? 1 : 2;
            for (int channel = 0; channel < 3; channel++) {
                if (channel == dominant) {
                    assertTrue(mean[channel] > 170, "image " + i + " channel " + channel + " = " + mean[channel]);
                } else {
                    assertTrue(mean[channel] < 70, "image " + i + " channel " + channel + " = " + mean[channel]);
                }
            }
        }
        // Halfway through the first cross-fade both neighbours show.
        double[] blend = meanColour(Mp4Probe.frame(out, 24), new Rectangle(100, 100, 280, 280));
        assertTrue(blend[0] > 60 && blend[1] > 60, "no cross-fade at the first boundary");
    }

    @Test
    void unreadableImageIsAnIOException() throws IOException {
        Path fake = dir.resolve("not-really.png");
        Files.writeString(fake, "this is text, not a PNG");
        IOException e = assertThrows(
                IOException.class,
                () -> renderer.render(
                        new Spec(Mode.IMAGE, "", 480, 480, 1, 1L, List.of(fake)), dir.resolve("x.mp4"), null));
        assertTrue(e.getMessage().contains("not-really.png"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.mp4")));
        assertThrows(
                NoSuchFileException.class,
                () -> renderer.render(
                        new Spec(Mode.REFERENCE, "", 480, 480, 1, 1L, List.of(dir.resolve("missing.jpg"))),
                        dir.resolve("y.mp4"),
                        null));
        assertNoTempFilesLeft();
    }

    @Test
    void specRejectsWhatCannotBeRendered() {
        Path p = dir.resolve("a.png");
        assertThrows(IllegalArgumentException.class, () -> new Spec(Mode.TEXT, "x", 853, 480, 1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Spec(Mode.TEXT, "x", 480, 480, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Spec(Mode.TEXT, "x", 480, 480, 1, 0, List.of(p)));
        assertThrows(IllegalArgumentException.class, () -> new Spec(Mode.IMAGE, "x", 480, 480, 1, 0, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Spec(
                        Mode.REFERENCE,
                        "x",
                        480,
                        480,
                        1,
                        0,
                        Stream.generate(() -> p).limit(8).toList()));
        assertEquals("", new Spec(Mode.TEXT, null, 480, 480, 1, 0, null).prompt());
    }

    @Test
    void reportsProgressUpToTheTotal() throws IOException {
        List<int[]> calls = new ArrayList<>();
        renderer.render(
                new Spec(Mode.TEXT, PROMPT, 480, 480, 2, 1L, List.of()),
                dir.resolve("p.mp4"),
                (done, total) -> calls.add(new int[] {done, total}));
        assertFalse(calls.isEmpty());
        int previous = 0;
        for (int[] call : calls) {
            assertEquals(48, call[1]);
            assertTrue(call[0] >= previous, "progress went backwards");
            previous = call[0];
        }
        assertArrayEquals(new int[] {48, 48}, calls.get(calls.size() - 1));
    }

    @Test
    void interruptionStopsEarlyAndLeavesNothingBehind() throws IOException {
        Path out = dir.resolve("interrupted.mp4");
        int[] lastDone = {0};
        try {
            InterruptedIOException e = assertThrows(
                    InterruptedIOException.class,
                    () -> renderer.render(
                            new Spec(Mode.TEXT, PROMPT, 640, 480, 30, 1L, List.of()), out, (done, total) -> {
                                lastDone[0] = done;
                                if (done >= 1) Thread.currentThread().interrupt();
                            }));
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status must survive");
            assertTrue(lastDone[0] < 720, "rendering did not stop early: " + lastDone[0] + " " + e);

            // Already interrupted: nothing is started at all.
            assertThrows(
                    InterruptedIOException.class,
                    () -> renderer.render(new Spec(Mode.TEXT, PROMPT, 640, 480, 1, 1L, List.of()), out, null));
        } finally {
            Thread.interrupted();
        }
        assertFalse(Files.exists(out));
        assertNoTempFilesLeft();
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path out = dir.resolve("existing.mp4");
        Files.writeString(out, "old content");
        renderer.render(new Spec(Mode.TEXT, PROMPT, 480, 480, 1, 1L, List.of()), out, null);
        assertTrue(Mp4Probe.hasMp4Signature(out));
        assertEquals(24, Mp4Probe.inspect(out).frameCount());
        assertNoTempFilesLeft();
    }

    // -----------------------------------------------------------------------------------------------------

    private interface Pixels {
        Color at(int x, int y);
    }

    private Path writeImage(String name, int width, int height, Pixels pixels) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, pixels.at(x, y).getRGB());
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private BufferedImage renderFrame(Spec spec, int frame) throws IOException {
        Path out = Files.createTempFile(dir, "frame", ".mp4");
        renderer.render(spec, out, null);
        return Mp4Probe.frame(out, frame);
    }

    private void assertNoTempFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> leftovers = files.filter(f -> f.getFileName().toString().startsWith("."))
                    .toList();
            assertTrue(leftovers.isEmpty(), "temp files left behind: " + leftovers);
        }
    }

    private static int luma(int rgb) {
        Color c = new Color(rgb);
        return (c.getRed() * 299 + c.getGreen() * 587 + c.getBlue() * 114) / 1000;
    }

    private static double[] meanColour(BufferedImage image, Rectangle r) {
        double[] sum = new double[3];
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xff;
                sum[1] += (rgb >> 8) & 0xff;
                sum[2] += rgb & 0xff;
            }
        }
        int n = r.width * r.height;
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static double meanAbsDifference(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                total += Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff))
                        + Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff))
                        + Math.abs((p & 0xff) - (q & 0xff));
            }
        }
        return total / (3.0 * a.getWidth() * a.getHeight());
    }
}
