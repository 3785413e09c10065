package dev.imaginestudio.provider.local.render;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Offline stand-in for a video model: renders a short H.264 MP4 from a prompt or from images so that a studio
 * without any provider key still works end to end. Every frame carries a "PREVIEW" badge so the result is
 * never mistaken for model output.
 *
 * <p>Each frame is a pure function of the spec and the frame index. That is what allows several workers to
 * draw and encode alternate GOPs in parallel (JCodec's encoder is single-threaded and is the bottleneck) while
 * identical specs still produce byte-identical files.
 */
public final class PreviewRenderer {

    public static final int FPS = 24;

    public enum Mode {
        TEXT,
        IMAGE,
        REFERENCE
    }

    /** images: for IMAGE the first-frame image (1 file); for REFERENCE 1-7 reference images; empty for TEXT. */
    public record Spec(
            Mode mode, String prompt, int width, int height, int durationSeconds, long seed, List<Path> images) {
        public Spec {
            Objects.requireNonNull(mode, "mode");
            prompt = prompt == null ? "" : prompt;
            images = images == null ? List.of() : List.copyOf(images);
            // 4:2:0 chroma and H.264 frame cropping both work in 2-pixel units, so odd sizes cannot be encoded.
            if (width < MIN_SIZE
                    || height < MIN_SIZE
                    || width > MAX_SIZE
                    || height > MAX_SIZE
                    || (width & 1) != 0
                    || (height & 1) != 0) {
                throw new IllegalArgumentException("width and height must be even and within " + MIN_SIZE + ".."
                        + MAX_SIZE + ", got " + width + "x" + height);
            }
            if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException(
                        "durationSeconds must be within 1.." + MAX_DURATION_SECONDS + ", got " + durationSeconds);
            }
            int n = images.size();
            switch (mode) {
                case TEXT -> {
                    if (n != 0) throw new IllegalArgumentException("TEXT mode takes no images, got " + n);
                }
                case IMAGE -> {
                    if (n != 1) throw new IllegalArgumentException("IMAGE mode needs exactly 1 image, got " + n);
                }
                case REFERENCE -> {
                    if (n < 1 || n > MAX_REFERENCE_IMAGES) {
                        throw new IllegalArgumentException(
                                "REFERENCE mode needs 1.." + MAX_REFERENCE_IMAGES + " images, got " + n);
                    }
                }
            }
        }
    }

    public interface Progress {
        void frames(int done, int total);
    }

    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 4096;
    static final int MAX_DURATION_SECONDS = 120;
    static final int MAX_REFERENCE_IMAGES = 7;

    /**
     * Renders spec to {@code output} (the file is created/overwritten). Throws IOException on I/O failure.
     * Honours Thread interruption: stops early and throws {@link InterruptedIOException}.
     */
    public void render(Spec spec, Path output, Progress progress) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(output, "output");
        Progress listener = progress == null ? (done, total) -> {} : progress;
        checkInterrupted();

        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Scene scene = Scene.create(spec);
        checkInterrupted();

        String stem = "." + target.getFileName() + "." + UUID.randomUUID();
        Path mdat = dir.resolve(stem + ".mdat");
        Path part = dir.resolve(stem + ".part");
        try {
            try (FileChannel mdatChannel = FileChannel.open(
                            mdat, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Mp4Writer writer = new Mp4Writer(mdatChannel, spec.width(), spec.height());
                new Pipeline(spec, scene, writer, listener).run();
                writer.finishTo(out);
            } catch (ClosedByInterruptException e) {
                InterruptedIOException ie = new InterruptedIOException("preview render interrupted");
                ie.initCause(e);
                throw ie;
            }
            moveIntoPlace(part, target);
        } finally {
            deleteQuietly(mdat);
            deleteQuietly(part);
        }
    }

    static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("preview render interrupted");
        }
    }

    static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stray hidden temp file is preferable to masking the exception that brought us here.
        }
    }
}
