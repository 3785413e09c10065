package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.provider.local.render.PreviewRenderer;
import dev.imaginestudio.provider.local.render.PreviewRenderer.Mode;
import dev.imaginestudio.provider.local.render.PreviewRenderer.Spec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4ProbeTest {

    @TempDir
    static Path shared;

    private static Path video;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderVideo() throws IOException {
        video = shared.resolve("preview.mp4");
        new PreviewRenderer()
                .render(
                        new Spec(Mode.TEXT, "a lighthouse on a cliff at dusk", 854, 480, 2, 3L, List.of()),
                        video,
                        null);
    }

    @Test
    void recognisesTheMp4Signature() throws IOException {
        assertTrue(Mp4Probe.hasMp4Signature(video));
        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "just some text that is long enough");
        assertFalse(Mp4Probe.hasMp4Signature(text));
        Path tiny = dir.resolve("tiny.mp4");
        Files.write(tiny, new byte[] {0, 0, 0});
        assertFalse(Mp4Probe.hasMp4Signature(tiny));
    }

    @Test
    void inspectReportsTheDisplaySizeAndTiming() throws IOException {
        Mp4Probe.Info info = Mp4Probe.inspect(video);
        // 854 is not a multiple of 16: the coded picture is 864 wide and must be cropped back.
        assertEquals(new Mp4Probe.Info(854, 480, 48, 2.0, 24.0), info);
    }

    @Test
    void inspectRejectsATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(video);
        Path half = dir.resolve("half.mp4");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(Mp4Probe.hasMp4Signature(half), "the truncated copy still looks like an MP4 at first");
        IOException e = assertThrows(IOException.class, () -> Mp4Probe.inspect(half));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        // Streaming muxers may write mdat with size 0 ("runs to the end of the file"); the sample table
        // still shows that data is missing.
        byte[] open = Arrays.copyOf(bytes, bytes.length / 2);
        int mdat = topLevelBox(open, "mdat");
        open[mdat] = open[mdat + 1] = open[mdat + 2] = open[mdat + 3] = 0;
        Path openEnded = dir.resolve("open-ended.mp4");
        Files.write(openEnded, open);
        e = assertThrows(IOException.class, () -> Mp4Probe.inspect(openEnded));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void readsFilesWithTheIndexAtTheEnd() throws Exception {
        // JCodec's own SequenceEncoder writes moov after the media data, as many tools do.
        Path file = dir.resolve("moov-last.mp4");
        SequenceEncoder encoder = SequenceEncoder.createSequenceEncoder(file.toFile(), 24);
        BufferedImage image = new BufferedImage(330, 240, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < 12; i++) {
            encoder.encodeNativeFrame(AWTUtil.fromBufferedImageRGB(image));
        }
        encoder.finish();
        assertEquals(new Mp4Probe.Info(330, 240, 12, 0.5, 24.0), Mp4Probe.inspect(file));

        byte[] bytes = Files.readAllBytes(file);
        Path half = dir.resolve("moov-last-half.mp4");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(IOException.class, () -> Mp4Probe.inspect(half));
    }

    @Test
    void inspectRejectsAFileThatIsNotAnMp4() throws IOException {
        Path text = dir.resolve("error.mp4");
        Files.writeString(text, "<html><body>502 Bad Gateway</body></html>");
        IOException e = assertThrows(IOException.class, () -> Mp4Probe.inspect(text));
        assertTrue(
                e.getMessage().contains("<html>"), "message should show what the file starts with: " + e.getMessage());

        // A valid ftyp followed by garbage gets past the signature check but not the parser.
        byte[] head = Arrays.copyOf(Files.readAllBytes(video), 32);
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0x5a);
        Path fake = dir.resolve("fake.mp4");
        Files.write(fake, concat(head, junk));
        assertThrows(IOException.class, () -> Mp4Probe.inspect(fake));
    }

    @Test
    void posterIsAJpegOfTheVideoSize() throws IOException {
        Path poster = dir.resolve("posters/poster.jpg");
        Mp4Probe.writePoster(video, 1.0, poster);
        byte[] bytes = Files.readAllBytes(poster);
        assertEquals((byte) 0xFF, bytes[0]);
        assertEquals((byte) 0xD8, bytes[1]);
        BufferedImage image = ImageIO.read(poster.toFile());
        assertNotNull(image, "poster is not a readable JPEG");
        assertEquals(854, image.getWidth());
        assertEquals(480, image.getHeight());

        // Out-of-range times are clamped and an existing poster is replaced.
        Mp4Probe.writePoster(video, 99, poster);
        Mp4Probe.writePoster(video, -5, poster);
        assertNotNull(ImageIO.read(poster.toFile()));
        try (Stream<Path> files = Files.list(poster.getParent())) {
            assertEquals(List.of(poster), files.toList(), "temp files left behind");
        }
    }

    @Test
    void posterShowsTheRequestedFrame() throws IOException {
        Path poster = dir.resolve("poster.jpg");
        Mp4Probe.writePoster(video, 1.0, poster);
        BufferedImage jpeg = ImageIO.read(poster.toFile());
        BufferedImage frame24 = Mp4Probe.frame(video, 24);
        BufferedImage frame0 = Mp4Probe.frame(video, 0);
        assertTrue(difference(jpeg, frame24) < difference(jpeg, frame0), "poster is not frame 24");
    }

    @Test
    void frameRejectsAnIndexOutsideTheClip() {
        assertThrows(IllegalArgumentException.class, () -> Mp4Probe.frame(video, 48));
        assertThrows(IllegalArgumentException.class, () -> Mp4Probe.frame(video, -1));
    }

    private static int topLevelBox(byte[] file, String type) {
        int pos = 0;
        while (pos + 8 <= file.length) {
            int size = ((file[pos] & 0xff) << 24)
                    | ((file[pos + 1] & 0xff) << 16)
                    | ((file[pos + 2] & 0xff) << 8)
                    | (file[pos + 3] & 0xff);
            if (new String(file, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) return pos;
            pos += size;
        }
        throw new AssertionError("no top-level " + type + " box");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double difference(BufferedImage a, BufferedImage b) {
        long total = 0;
        for (int y = 0; y < a.getHeight(); y += 2) {
            for (int x = 0; x < a.getWidth(); x += 2) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                total += Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff))
                        + Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff))
                        + Math.abs((p & 0xff) - (q & 0xff));
            }
        }
        return total;
    }
}
