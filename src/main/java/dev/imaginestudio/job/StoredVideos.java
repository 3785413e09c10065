package dev.imaginestudio.job;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.GoneException;
import dev.imaginestudio.media.MediaStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.file.Files;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Whether a finished job's MP4 is still in the media store. A file deleted by hand or lost with a disk leaves a job
 * that says "completed" with nothing behind it; every place that serves the video asks here first, so the answer is a
 * clear "the stored video is missing" (with the way back: download again) instead of a dead player or an empty ZIP.
 * Finding it notes it once in the job's timeline; the job's state and cost stay as they are, since it was paid for.
 */
@ApplicationScoped
@Named("storedVideos")
public class StoredVideos {

    private static final Logger LOG = Logger.getLogger(StoredVideos.class);
    /** The timeline note, also how a second request knows the loss is already recorded. */
    static final String MISSING_NOTE = "Stored video missing";

    private final MediaStore media;
    private final JobLedger ledger;

    StoredVideos(MediaStore media, JobLedger ledger) {
        this.media = media;
        this.ledger = ledger;
    }

    /** A finished job whose MP4 is not in the media store (noted in its timeline the first time). */
    public boolean missing(GenerationJob job) {
        if (job.status != JobStatus.SUCCEEDED || Files.isRegularFile(media.output(job.publicId, 0))) {
            return false;
        }
        note(job);
        return true;
    }

    /** @throws GoneException (410) naming the loss and the way back, when the finished job's video is gone */
    public void requireStored(GenerationJob job) {
        if (missing(job)) {
            throw new GoneException(message(job));
        }
    }

    /**
     * Refuses a ZIP of {@code jobs} before a byte of it is sent when any of their videos is gone, naming them all.
     *
     * @throws ConflictException (409) naming the jobs whose stored video is missing
     */
    public void requireAllStored(List<GenerationJob> jobs) {
        List<String> gone =
                jobs.stream().filter(this::missing).map(j -> j.publicId).toList();
        if (!gone.isEmpty()) {
            throw new ConflictException((gone.size() == 1
                            ? "The stored video of job " + gone.get(0) + " is missing"
                            : "The stored videos of jobs " + String.join(", ", gone) + " are missing")
                    + " from the media store, so no archive was made. Download " + (gone.size() == 1 ? "it" : "them")
                    + " again from the job page, or leave " + (gone.size() == 1 ? "it" : "them") + " out.");
        }
    }

    static String message(GenerationJob job) {
        return "The stored video of job " + job.publicId
                + " is missing: its file is no longer in the studio's media store "
                + "(deleted or lost with a disk). The job is still paid for; POST /api/v1/videos/" + job.publicId
                + "/download (or \"Download again\" on its page) copies it again from the provider while the provider still keeps it.";
    }

    private void note(GenerationJob job) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                GenerationJob current = GenerationJob.findById(job.id);
                if (current == null || current.status != JobStatus.SUCCEEDED) {
                    return;
                }
                JobEvent last = JobEvent.<JobEvent>find("jobId = ?1 order by id desc", current.id)
                        .firstResult();
                if (last != null && last.message != null && last.message.startsWith(MISSING_NOTE)) {
                    return;
                }
                ledger.note(
                        current,
                        MISSING_NOTE + ": the file is no longer in the media store (deleted or lost with a disk).");
            });
        } catch (RuntimeException e) {
            // the answer (410, refused ZIP) matters more than the note; a concurrent note is harmless
            LOG.debugf(e, "job %s: could not note the missing video", job.publicId);
        }
    }
}
