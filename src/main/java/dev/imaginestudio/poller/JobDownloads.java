package dev.imaginestudio.poller;

import static dev.imaginestudio.job.JobLedger.release;

import dev.imaginestudio.common.Formats;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.ErrorCategory;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobLedger;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.job.OutputWindow;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.VideoProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The worker's download stage: a job the provider finished is copied into the media store, checked to be an MP4
 * and given its poster. Runs on the worker's threads and, like the rest of the worker, changes a job only through
 * {@link JobLedger} while this instance holds its lease.
 */
final class JobDownloads {

    /** The worker's category: log settings and searches for the worker's lines still find the download's. */
    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    /** What the worker does with a job its provider no longer has; a re-poll for a fresh URL may find that too. */
    @FunctionalInterface
    interface Lost {
        void lost(GenerationJob job, VideoProvider provider, PollOutcome outcome);
    }

    private final JobLedger ledger;
    private final MediaStore media;
    private final StudioConfig config;
    private final Clock clock;
    private final OutputWindow window;
    private final String instanceId;
    private final Lost lost;

    JobDownloads(
            JobLedger ledger,
            MediaStore media,
            StudioConfig config,
            Clock clock,
            OutputWindow window,
            String instanceId,
            Lost lost) {
        this.ledger = ledger;
        this.media = media;
        this.config = config;
        this.clock = clock;
        this.window = window;
        this.instanceId = instanceId;
        this.lost = lost;
    }

    /**
     * Copies the provider's output into the media store. A failure is retried with back-off, asking the
     * provider for a fresh URL first; it never submits the generation again.
     */
    void download(GenerationJob job, VideoProvider provider, URI fresh) {
        URI location = fresh;
        if (location == null && job.downloadAttempts > 0) {
            PollOutcome again;
            try {
                again = provider.poll(job.providerJobId);
            } catch (RuntimeException e) {
                LOG.debugf(e, "job %s: re-poll for a fresh URL failed", job.publicId);
                again = PollOutcome.unavailable(e.getMessage(), null);
            }
            if (again.state() == PollOutcome.State.LOST) {
                lost.lost(job, provider, again);
                return;
            }
            if (again.state() == PollOutcome.State.COMPLETED && !again.outputs().isEmpty()) {
                location = again.outputs().get(0);
            } else if (again.state() == PollOutcome.State.PENDING
                    || again.state() == PollOutcome.State.RUNNING
                    || again.state() == PollOutcome.State.UNCHANGED) {
                // the provider asks to be asked later: wait, it is no failed attempt
                PollOutcome o = again;
                PollingPolicy policy = provider.pollingPolicy();
                apply(job, JobStatus.DOWNLOADING, j -> {
                    j.pollCount++;
                    release(j, clock.instant().plus(policy.honour(o.retryAfter(), policy.delayAfter(0))));
                });
                return;
            }
        }
        if (location == null) {
            location = URI.create(job.outputUrl);
        }
        Path temp = null;
        try {
            temp = media.newTempFile(job.publicId, ".mp4");
            long bytes;
            try (Download d = openDownload(provider, job, location)) {
                bytes = MediaStore.copyLimited(d.body(), temp, config.limits().maxOutputBytes());
                if (d.contentLength() >= 0 && bytes != d.contentLength()) {
                    throw new IOException("the download ended after " + bytes + " of " + d.contentLength() + " bytes");
                }
            }
            if (!Mp4Probe.hasMp4Signature(temp)) {
                throw new IOException("the file is not an MP4 video");
            }
            Mp4Probe.Info info = Mp4Probe.inspect(temp);
            Path target = media.output(job.publicId, 0);
            MediaStore.moveIntoPlace(temp, target);
            temp = null;
            try {
                Mp4Probe.writePoster(target, Math.min(1.0, info.durationSeconds() / 2), media.poster(job.publicId));
            } catch (IOException e) {
                LOG.warnf(e, "job %s: no poster", job.publicId);
            }
            long size = bytes;
            GenerationJob done = apply(job, JobStatus.DOWNLOADING, j -> {
                j.outputBytes = size;
                j.outputFrames = info.frameCount();
                j.outputDurationMs = (int) Math.round(info.durationSeconds() * 1000);
                j.progress = 100;
                ledger.end(j, JobStatus.SUCCEEDED, null, null);
            });
            if (done == null) {
                // deleted or changed while we downloaded: leave no orphan files behind
                if (GenerationJob.count("id", job.id) == 0) {
                    media.deleteJob(job.publicId);
                }
            }
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("job %s: download attempt %d failed: %s", job.publicId, job.downloadAttempts + 1, reason);
            downloadFailed(job, provider, reason);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover .incoming file is harmless and is overwritten by the next attempt's move
                }
            }
        }
    }

    /**
     * A paid video is worth waiting for: a failed download (a full disk, a provider or CDN outage) is tried again with
     * a growing pause, for as long as the provider is expected to keep the output, and only then does the job end as
     * download_failed (from where "download again" can still be asked for by hand). A route where rendering again is
     * free (the preview) gives up after the configured number of attempts, as nothing is lost.
     */
    private void downloadFailed(GenerationJob job, VideoProvider provider, String reason) {
        Instant expires = window.unbounded(job) ? null : window.expiresAt(job).orElse(null);
        int minAttempts = config.limits().downloadAttempts();
        apply(job, JobStatus.DOWNLOADING, j -> {
            j.downloadAttempts++;
            Instant now = clock.instant();
            boolean kept = expires != null && now.isBefore(expires);
            if (j.downloadAttempts >= minAttempts && !kept) {
                ledger.end(
                        j,
                        JobStatus.FAILED,
                        ErrorCategory.DOWNLOAD_FAILED,
                        provider.displayName()
                                + " finished the job (and may have billed it), but the video could not be copied in "
                                + j.downloadAttempts + " attempts"
                                + (expires == null
                                        ? ""
                                        : " before its output expired at " + Formats.iso(expires) + " ("
                                                + window.describe(j, provider.displayName()) + ")")
                                + ". Last error: " + reason);
                return;
            }
            Duration backoff =
                    config.limits().downloadBackoff().multipliedBy(1L << Math.min(20, j.downloadAttempts - 1));
            Duration max = config.limits().downloadMaxBackoff();
            Instant next = now.plus(backoff.compareTo(max) > 0 ? max : backoff);
            if (kept && next.isAfter(expires)) {
                // one last try as the provider lets the output go
                next = expires;
            }
            if (j.downloadAttempts == minAttempts && kept) {
                ledger.note(
                        j,
                        "Download failed " + j.downloadAttempts + " times (" + reason + "); trying again, at most "
                                + JobWorker.human(max) + " apart, until " + Formats.iso(expires) + " ("
                                + window.describe(j, provider.displayName())
                                + "). Nothing is generated or billed again.");
            }
            release(j, next);
        });
    }

    private static Download openDownload(VideoProvider provider, GenerationJob job, URI location) throws IOException {
        Download d = provider.download(job.providerJobId, location);
        if (d == null) {
            throw new IOException("the provider returned no content");
        }
        return d;
    }

    /** Applies {@code change} through the ledger, if this instance still holds the job's lease. */
    private GenerationJob apply(GenerationJob job, JobStatus expected, Consumer<GenerationJob> change) {
        return ledger.apply(job, expected, instanceId, change);
    }
}
