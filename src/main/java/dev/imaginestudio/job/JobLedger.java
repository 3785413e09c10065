package dev.imaginestudio.job;

import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The ledger's transition primitives, shared by the service (create, cancel) and the worker (submit, poll,
 * download): every change of state is checked against {@link JobStatus}, recorded as a {@link JobEvent}, and
 * announced as a {@link JobChange} only once committed. Nothing here calls a provider.
 */
@ApplicationScoped
public class JobLedger {

    private static final Logger LOG = Logger.getLogger(JobLedger.class);

    private final Clock clock;
    private final Event<JobChange> changes;
    private final ModelCatalog catalog;

    JobLedger(Clock clock, Event<JobChange> changes, ModelCatalog catalog) {
        this.clock = clock;
        this.changes = changes;
        this.catalog = catalog;
    }

    /**
     * Applies {@code change} to the job in its own transaction, if the job still exists, is still leased by
     * {@code leaseOwner} and (when {@code expected} is given) still in that state. Once committed, a change of state
     * or progress is fired as a {@link JobChange}.
     *
     * @return the updated job, or null when the change no longer applies (deleted, cancelled, lost lease)
     */
    public GenerationJob apply(
            GenerationJob job, JobStatus expected, String leaseOwner, Consumer<GenerationJob> change) {
        boolean[] visible = {false};
        GenerationJob updated;
        try {
            updated = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob current = GenerationJob.findById(job.id);
                if (current == null
                        || !leaseOwner.equals(current.leaseOwner)
                        || current.status.terminal()
                        || (expected != null && current.status != expected)) {
                    return null;
                }
                Instant dueBefore = current.nextAttemptAt;
                JobStatus status = current.status;
                int progress = current.progress;
                change.accept(current);
                // a webhook made the job due while this worker was busy with it: keep that earlier time
                boolean pokedMeanwhile = dueBefore != null && !dueBefore.equals(job.nextAttemptAt);
                if (pokedMeanwhile && current.nextAttemptAt != null && current.nextAttemptAt.isAfter(dueBefore)) {
                    current.nextAttemptAt = dueBefore;
                }
                current.updatedAt = clock.instant();
                // leases and poll counters are bookkeeping; pages hear only of a new state or new progress
                visible[0] = current.status != status || current.progress != progress;
                return current;
            });
        } catch (OptimisticLockException e) {
            LOG.debugf("job %s changed concurrently; skipping", job.publicId);
            return null;
        }
        if (visible[0]) {
            published(updated);
        }
        return updated;
    }

    /** Moves a job to {@code next}, which its state must allow, and records the move. */
    public void move(GenerationJob job, JobStatus next, String message) {
        if (!job.status.canMoveTo(next)) {
            throw new IllegalStateException(
                    "job " + job.publicId + ": " + job.status + " -> " + next + " is not allowed");
        }
        record(job, job.status, next, message, clock.instant());
        job.status = next;
    }

    /**
     * Sends a job its provider lost back to the queue, to be submitted again from the start. The caller has made sure
     * that the route's resubmit is free: this is never done for a job that may have been billed.
     */
    public void requeueForFree(GenerationJob job, String message) {
        if (!job.status.canRequeueForFree()) {
            throw new IllegalStateException("job " + job.publicId + ": " + job.status + " -> QUEUED is not allowed");
        }
        record(job, job.status, JobStatus.QUEUED, message, clock.instant());
        job.status = JobStatus.QUEUED;
        job.progress = 0;
        job.pollCount = 0;
        job.pollFailures = 0;
        job.downloadAttempts = 0;
    }

    /**
     * Re-opens an ended job to copy the provider's finished output again: a download that failed, or a stored video
     * lost since. Its cost and provider job stay as they are; it is due at once and the worker only downloads.
     */
    public void reopenForDownload(GenerationJob job, String message) {
        boolean failedDownload = job.status == JobStatus.FAILED && job.errorCategory == ErrorCategory.DOWNLOAD_FAILED;
        if (!job.status.canDownloadAgain() || !(failedDownload || job.status == JobStatus.SUCCEEDED)) {
            throw new IllegalStateException("job " + job.publicId + ": " + job.status + " cannot be downloaded again");
        }
        Instant now = clock.instant();
        record(job, job.status, JobStatus.DOWNLOADING, message, now);
        job.status = JobStatus.DOWNLOADING;
        job.errorCategory = null;
        job.errorMessage = null;
        job.finishedAt = null;
        job.progress = 99;
        job.downloadAttempts = 0;
        job.nextAttemptAt = now;
        job.leaseOwner = null;
        job.leaseUntil = null;
        job.updatedAt = now;
    }

    /** Records a note in a job's timeline that changes nothing else (its state stays what it is). */
    public void note(GenerationJob job, String message) {
        record(job, job.status, job.status, message, clock.instant());
    }

    /** Ends a job: records the final state, clears its schedule and lease. */
    public void end(GenerationJob job, JobStatus terminal, ErrorCategory category, String message) {
        move(job, terminal, message);
        job.errorCategory = category;
        job.errorMessage = message == null ? null : truncate(message, 2000);
        job.finishedAt = clock.instant();
        job.nextAttemptAt = null;
        job.leaseOwner = null;
        job.leaseUntil = null;
    }

    /** Gives the job's lease back and makes it due at {@code next} (never again when null). */
    public static void release(GenerationJob job, Instant next) {
        job.nextAttemptAt = next;
        job.leaseOwner = null;
        job.leaseUntil = null;
    }

    static void record(GenerationJob job, JobStatus from, JobStatus to, String message, Instant at) {
        LOG.infof("job %s via %s: %s -> %s (%s)", job.publicId, job.route, from == null ? "new" : from, to, message);
        JobEvent event = new JobEvent();
        event.jobId = job.id;
        event.fromStatus = from;
        event.toStatus = to;
        event.message = message == null ? null : truncate(message, 2000);
        event.occurredAt = at;
        event.persist();
    }

    /** Tells observers about a committed change; returns the job for chaining (null stays null). */
    GenerationJob published(GenerationJob job) {
        if (job != null) {
            publish(JobChange.of(job));
        }
        return job;
    }

    void publish(JobChange change) {
        try {
            changes.fire(change);
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: a listener of job changes failed", change.publicId());
        }
    }

    /** Whether {@code e} says another transaction changed the same job first. */
    static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    /** The job's route as users know it, for messages. */
    String routeName(GenerationJob job) {
        return catalog.provider(job.route).map(VideoProvider::displayName).orElse(job.route);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
