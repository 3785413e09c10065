package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.testing.Images;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageSnifferTest {

    @Test
    void pngAndJpegAreRecognisedWithTheirSize() {
        var png = ImageSniffer.sniff(Images.encode(Images.solid(321, 123, Color.RED), "png"))
                .orElseThrow();
        assertEquals("image/png", png.mimeType());
        assertEquals(321, png.width());
        assertEquals(123, png.height());
        var jpeg = ImageSniffer.sniff(Images.encode(Images.solid(640, 360, Color.BLUE), "jpg"))
                .orElseThrow();
        assertEquals("image/jpeg", jpeg.mimeType());
        assertEquals(640, jpeg.width());
        assertEquals(360, jpeg.height());
    }

    @Test
    void webpIsRecognisedAndDecodable() throws Exception {
        byte[] webp = Base64.getDecoder().decode(Images.WEBP_1X1_BASE64);
        var sniffed = ImageSniffer.sniff(webp).orElseThrow();
        assertEquals("image/webp", sniffed.mimeType());
        assertEquals(1, sniffed.width());
        assertEquals(1, sniffed.height());
        // the preview renderer reads inputs through ImageIO: WebP must be readable there too
        assertNotNull(ImageIO.read(new ByteArrayInputStream(webp)));
    }

    @Test
    void anythingElseIsNotAnImage() {
        assertTrue(ImageSniffer.sniff("hello, I am a text file named cat.png".getBytes(StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(ImageSniffer.sniff(new byte[0]).isEmpty());
        byte[] png = Images.encode(Images.solid(10, 10, Color.RED), "png");
        assertTrue(ImageSniffer.sniff(Arrays.copyOf(png, 12)).isEmpty(), "a truncated header");
        assertTrue(ImageSniffer.sniff("GIF89a......................".getBytes(StandardCharsets.US_ASCII))
                .isEmpty());
    }
}
