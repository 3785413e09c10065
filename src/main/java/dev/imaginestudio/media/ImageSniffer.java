package dev.imaginestudio.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Identifies PNG, JPEG and WebP by their bytes (never by name or declared type) and reads their pixel
 * dimensions from the headers, without decoding the image.
 */
public final class ImageSniffer {

    /** What the bytes are. {@code extension} is the file ending the studio stores them under. */
    public record Sniffed(String mimeType, String extension, int width, int height) {}

    private ImageSniffer() {}

    public static Optional<Sniffed> sniff(byte[] b) {
        try {
            if (b.length >= 24
                    && (b[0] & 0xff) == 0x89
                    && b[1] == 'P'
                    && b[2] == 'N'
                    && b[3] == 'G'
                    && b[4] == 0x0d
                    && b[5] == 0x0a
                    && b[6] == 0x1a
                    && b[7] == 0x0a
                    && b[12] == 'I'
                    && b[13] == 'H'
                    && b[14] == 'D'
                    && b[15] == 'R') {
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
                return sized("image/png", "png", bb.getInt(16), bb.getInt(20));
            }
            if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
                return jpeg(b);
            }
            if (b.length >= 30
                    && b[0] == 'R'
                    && b[1] == 'I'
                    && b[2] == 'F'
                    && b[3] == 'F'
                    && b[8] == 'W'
                    && b[9] == 'E'
                    && b[10] == 'B'
                    && b[11] == 'P') {
                return webp(b);
            }
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Sniffed> sized(String mime, String ext, int w, int h) {
        if (w <= 0 || h <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Sniffed(mime, ext, w, h));
    }

    /** Walks the JPEG markers to the first start-of-frame, which carries the dimensions. */
    private static Optional<Sniffed> jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean startOfFrame =
                    marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                int h = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int w = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return sized("image/jpeg", "jpg", w, h);
            }
            if (length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<Sniffed> webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 " -> {
                // lossy: key frame start code 9d 01 2a, then 14-bit width and height
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    return Optional.empty();
                }
                int w = ((b[26] & 0xff) | ((b[27] & 0xff) << 8)) & 0x3fff;
                int h = ((b[28] & 0xff) | ((b[29] & 0xff) << 8)) & 0x3fff;
                return sized("image/webp", "webp", w, h);
            }
            case "VP8L" -> {
                if ((b[20] & 0xff) != 0x2f) {
                    return Optional.empty();
                }
                int bits = (b[21] & 0xff) | ((b[22] & 0xff) << 8) | ((b[23] & 0xff) << 16) | ((b[24] & 0xff) << 24);
                return sized("image/webp", "webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
            }
            case "VP8X" -> {
                int w = ((b[24] & 0xff) | ((b[25] & 0xff) << 8) | ((b[26] & 0xff) << 16)) + 1;
                int h = ((b[27] & 0xff) | ((b[28] & 0xff) << 8) | ((b[29] & 0xff) << 16)) + 1;
                return sized("image/webp", "webp", w, h);
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
