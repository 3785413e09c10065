package dev.imaginestudio.media;

import dev.imaginestudio.common.Ids;
import dev.imaginestudio.config.StudioConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Images uploaded with the create form before they belong to a job: each is checked once (bytes sniffed, limits
 * applied) and kept under {@code <data-dir>/uploads/<id>.<ext>}, so a form shown again (after an error or for
 * another model) names it by id instead of sending it again. A staged image that nobody used for
 * {@link #UNUSED} is swept.
 */
@ApplicationScoped
@Named("uploadStage")
public class UploadStage {

    /** How long a staged image may stay unused before it is swept. */
    public static final Duration UNUSED = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(UploadStage.class);
    private static final String[] EXTENSIONS = {"png", "jpg", "webp"};

    /** A checked, staged image; {@code token} is what the form carries ({@code upload:<id>}). */
    public record Staged(String id, String mimeType, int width, int height, long bytes) {

        public String token() {
            return "upload:" + id;
        }

        public String preview() {
            return "/uploads/" + id;
        }
    }

    private final InputImages images;
    private final Path dir;
    private final Clock clock;

    UploadStage(InputImages images, StudioConfig config, Clock clock) {
        this.images = images;
        this.clock = clock;
        this.dir = config.dataDir().resolve("uploads").toAbsolutePath().normalize();
    }

    /**
     * Checks an uploaded file ({@code size} bytes at {@code file}, named {@code fileName} by the browser) and stages
     * it. The rejection message names the file and the limit it broke.
     */
    public Staged stage(String owner, Path file, String fileName, long size) throws InputImages.Rejected {
        String name = fileName == null || fileName.isBlank() ? "the file" : fileName.strip();
        if (size > images.maxImageBytes()) {
            throw new InputImages.Rejected(name + " is " + String.format(Locale.ROOT, "%.1f", size / 1048576.0)
                    + " MiB; the limit is " + InputImages.mib(images.maxImageBytes()) + " per image");
        }
        InputImages.Loaded loaded;
        try {
            loaded = images.fromBytes(Files.readAllBytes(file));
        } catch (InputImages.Rejected e) {
            throw new InputImages.Rejected(name + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InputImages.Rejected(name + " could not be read; choose it again");
        }
        String id = newId();
        try {
            Path own = dirOf(owner);
            Files.createDirectories(own);
            Path temp = Files.createTempFile(own, ".incoming-", ".part");
            Files.write(temp, loaded.bytes());
            MediaStore.moveIntoPlace(
                    temp, own.resolve(id + "." + loaded.format().extension()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage an upload", e);
        }
        return new Staged(
                id,
                loaded.format().mimeType(),
                loaded.format().width(),
                loaded.format().height(),
                loaded.bytes().length);
    }

    /**
     * {@code owner}'s staged file {@code id}, marked as used now (so the sweep leaves it alone), or empty: another
     * account's upload is not found, as if it did not exist.
     */
    public Optional<Path> find(String owner, String id) {
        if (id == null || !id.matches("[A-Za-z0-9]{20}")) {
            return Optional.empty();
        }
        for (String ext : EXTENSIONS) {
            Path p = dirOf(owner).resolve(id + "." + ext);
            if (Files.isRegularFile(p)) {
                try {
                    Files.setLastModifiedTime(p, FileTime.from(clock.instant()));
                } catch (IOException e) {
                    // only the sweep's timing depends on it
                }
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The bytes of a staged image, or empty when it is unknown or was swept. */
    public Optional<byte[]> read(String owner, String id) {
        return find(owner, id).map(p -> {
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public long maxImageBytes() {
        return images.maxImageBytes();
    }

    public long maxTotalBytes() {
        return images.maxTotalBytes();
    }

    public long maxImageMib() {
        return maxImageBytes() / (1024 * 1024);
    }

    public long maxTotalMib() {
        return maxTotalBytes() / (1024 * 1024);
    }

    public static String mimeType(Path staged) {
        String name = staged.getFileName().toString();
        return name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
    }

    /** Deletes staged images (and abandoned partial writes) unused for longer than {@link #UNUSED}. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        sweep();
    }

    /** @return how many files were deleted */
    public int sweep() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(UNUSED);
        int deleted = sweep(dir, cutoff);
        try (DirectoryStream<Path> owners = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path own : owners) {
                deleted += sweep(own, cutoff);
            }
        } catch (IOException e) {
            LOG.warnf("could not sweep staged uploads in %s: %s", dir, e.getMessage());
        }
        if (deleted > 0) {
            LOG.infof("swept %d staged upload(s) unused for %s", deleted, UNUSED);
        }
        return deleted;
    }

    private static int sweep(Path in, Instant cutoff) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(in, Files::isRegularFile)) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(f);
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not sweep staged uploads in %s: %s", in, e.getMessage());
        }
        return deleted;
    }

    /** Each account stages into its own directory, so one account can never name another's upload. */
    private Path dirOf(String owner) {
        if (owner == null || !owner.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("not an owner id: " + owner);
        }
        return dir.resolve(owner);
    }

    private static String newId() {
        return Ids.alphanumeric(20);
    }
}
