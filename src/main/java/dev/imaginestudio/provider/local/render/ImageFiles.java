package dev.imaginestudio.provider.local.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Input images for the IMAGE and REFERENCE scenes. */
final class ImageFiles {

    private ImageFiles() {}

    /**
     * Reads a PNG/JPEG with ImageIO. Huge photos are subsampled while decoding (keeping at least twice the
     * needed resolution for a clean downscale) so a 48-megapixel upload does not cost hundreds of megabytes.
     */
    static BufferedImage readImage(Path file, int neededWidth, int neededHeight) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("Cannot open image " + file);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("Unsupported or unreadable image (PNG or JPEG expected; WebP, HEIC and AVIF "
                        + "cannot be read here): " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.floor(Math.min((double) w / neededWidth, (double) h / neededHeight) / 2);
                if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new IOException("Image has no pixels: " + file);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IIOException | RuntimeException e) {
            throw new IOException("Cannot decode image " + file + ": " + e.getMessage(), e);
        }
    }
}
