package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the start-up sweep removes from the media store, and what it must never touch. */
class MediaStoreSweepTest {

    @TempDir
    Path data;

    private final Instant start = Instant.now().minusSeconds(60);

    /** A file (and its folder) last changed before the process started. */
    private Path old(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(start.minusSeconds(30)));
        Files.setLastModifiedTime(file.getParent(), FileTime.from(start.minusSeconds(30)));
        return file;
    }

    @Test
    void removesWhatAKilledProcessLeftAndNothingElse() throws IOException {
        MediaStore media = new MediaStore(data);
        Path known = old(media.output("KnownJob", 0), "video");
        Path knownTemp = old(media.jobDir("KnownJob").resolve(".incoming-1.mp4"), "half a video");
        Path uncommitted = old(media.input("Uncommitted", "input-0.png"), "image");
        Path uncommittedTemp = old(media.jobDir("Uncommitted2").resolve(".incoming-2.png"), "half an image");
        Path unknownVideo = old(media.output("LedgerElsewhere", 0), "a finished video");
        Path fresh = media.input("BeingCreatedNow", "input-0.png");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, "image being stored by a request now");

        MediaStore.Swept swept =
                media.sweepLeftovers(start, names -> names.contains("KnownJob") ? Set.of("KnownJob") : Set.of());

        assertEquals(new MediaStore.Swept(2, 2), swept);
        assertTrue(Files.exists(known), "a job's video");
        assertFalse(Files.exists(knownTemp), "an unfinished download");
        assertFalse(Files.exists(uncommitted.getParent()), "inputs of a job that was never committed");
        assertFalse(Files.exists(uncommittedTemp.getParent()), "a folder holding only an unfinished write");
        assertTrue(Files.exists(unknownVideo), "a finished video is kept even when the ledger does not know it");
        assertTrue(Files.exists(fresh), "what is being written since the start");
    }
}
