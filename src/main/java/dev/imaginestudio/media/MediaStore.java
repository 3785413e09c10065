package dev.imaginestudio.media;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The studio's own copy of every video, poster and input image, under {@code <data-dir>/media/<job>/}.
 * Every file appears whole or not at all: writes go to a temporary file that is moved into place.
 */
@ApplicationScoped
public class MediaStore {

    private final Path root;

    MediaStore(StudioConfig config) {
        this.root = config.dataDir().resolve("media").toAbsolutePath().normalize();
    }

    public Path jobDir(String publicId) {
        if (!publicId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("not a job id: " + publicId);
        }
        return root.resolve(publicId);
    }

    public Path output(String publicId, int index) {
        return jobDir(publicId).resolve("output-" + index + ".mp4");
    }

    public Path poster(String publicId) {
        return jobDir(publicId).resolve("poster.jpg");
    }

    public Path input(String publicId, String fileName) {
        return jobDir(publicId).resolve(fileName);
    }

    /** A new empty temporary file inside the job's folder, so the final move stays on one file system. */
    public Path newTempFile(String publicId, String suffix) throws IOException {
        Path dir = Files.createDirectories(jobDir(publicId));
        return Files.createTempFile(dir, ".incoming-", suffix);
    }

    /**
     * Copies {@code in} to {@code target}, refusing more than {@code maxBytes}.
     *
     * @return the number of bytes written
     */
    public static long copyLimited(InputStream in, Path target, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** Moves a finished temporary file into place in one step. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes everything stored for a job. */
    public void deleteJob(String publicId) throws IOException {
        Path dir = jobDir(publicId);
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Thrown when a download or upload exceeds its byte limit. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("larger than the limit of " + limit + " bytes");
        }
    }
}
