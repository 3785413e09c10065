package dev.imaginestudio.testing.fake;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcodec.api.awt.AWTSequenceEncoder;

/** Real, tiny H.264 MP4s for fakes to serve: made once with JCodec, one second of 64x64 at 24 fps. */
public final class TestVideos {

    private static byte[] oneSecond;

    private TestVideos() {}

    public static synchronized byte[] oneSecond() {
        if (oneSecond == null) {
            oneSecond = encode(24, 64, 64);
        }
        return oneSecond.clone();
    }

    static byte[] encode(int frames, int width, int height) {
        try {
            Path file = Files.createTempFile("fake-video-", ".mp4");
            try {
                AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), 24);
                for (int i = 0; i < frames; i++) {
                    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                    Graphics2D g = image.createGraphics();
                    g.setColor(new Color(20, 40 + i * 8, 200 - i * 6));
                    g.fillRect(0, 0, width, height);
                    g.setColor(Color.WHITE);
                    g.fillRect(i * (width - 8) / frames, height / 2 - 4, 8, 8);
                    g.dispose();
                    encoder.encodeImage(image);
                }
                encoder.finish();
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
