package dev.imaginestudio.media;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The studio's own copy of every video, poster and input image, under {@code <data-dir>/media/<job>/}.
 * Every file appears whole or not at all: writes go to a temporary file that is moved into place.
 */
@ApplicationScoped
public class MediaStore {

    private final Path root;

    @Inject
    MediaStore(StudioConfig config) {
        this(config.dataDir());
    }

    /** The media store under {@code dataDir}/media. */
    MediaStore(Path dataDir) {
        this.root = dataDir.resolve("media").toAbsolutePath().normalize();
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

    /** What {@link #sweepLeftovers} removed. */
    public record Swept(int temporaryFiles, int orphanFolders) {
        public boolean any() {
            return temporaryFiles + orphanFolders > 0;
        }
    }

    /**
     * Removes what a killed process left behind, if last changed before {@code before}: temporary files of
     * interrupted writes, and folders of jobs that are not in the ledger and hold no video (a job whose inputs were
     * stored but whose row was never committed). {@code existing} answers which of a batch of
     * folder names are jobs.
     */
    public Swept sweepLeftovers(Instant before, Function<List<String>, Set<String>> existing) throws IOException {
        if (!Files.isDirectory(root)) {
            return new Swept(0, 0);
        }
        int temporaries = 0;
        int orphans = 0;
        List<Path> batch = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                // judged before its temporaries go: deleting them makes the folder look freshly changed
                boolean untouched = changedBefore(folder, before);
                try (DirectoryStream<Path> incoming = Files.newDirectoryStream(folder, ".incoming-*")) {
                    for (Path temp : incoming) {
                        if (changedBefore(temp, before) && Files.deleteIfExists(temp)) {
                            temporaries++;
                        }
                    }
                }
                if (untouched) {
                    batch.add(folder);
                }
                if (batch.size() == 500) {
                    orphans += deleteOrphans(batch, existing);
                    batch.clear();
                }
            }
        }
        orphans += deleteOrphans(batch, existing);
        return new Swept(temporaries, orphans);
    }

    /** Deletes those of {@code folders} (all last changed before the sweep's cut-off) that are no job's. */
    private int deleteOrphans(List<Path> folders, Function<List<String>, Set<String>> existing) throws IOException {
        if (folders.isEmpty()) {
            return 0;
        }
        List<String> names = folders.stream()
                .map(f -> f.getFileName().toString())
                .filter(n -> n.matches("[A-Za-z0-9_-]{1,32}"))
                .toList();
        Set<String> jobs = existing.apply(names);
        int deleted = 0;
        for (String name : names) {
            if (!jobs.contains(name) && !holdsVideo(root.resolve(name))) {
                deleteJob(name);
                deleted++;
            }
        }
        return deleted;
    }

    /** A finished video is never swept, even if its job is unknown (a ledger pointed elsewhere by mistake). */
    private static boolean holdsVideo(Path folder) throws IOException {
        try (DirectoryStream<Path> videos = Files.newDirectoryStream(folder, "output-*.mp4")) {
            return videos.iterator().hasNext();
        }
    }

    private static boolean changedBefore(Path file, Instant before) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** Thrown when a download or upload exceeds its byte limit. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("larger than the limit of " + limit + " bytes");
        }
    }
}
