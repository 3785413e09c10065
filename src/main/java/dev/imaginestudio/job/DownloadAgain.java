package dev.imaginestudio.job;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Formats;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * "Download again": fetches a finished job's existing output from its provider once more, for a job whose download
 * failed or whose stored video went missing. It never submits anything, so it can never cost a second generation; the
 * job goes back to DOWNLOADING and the worker copies the provider's output as it does after a poll (asking for a fresh
 * URL where the provider signs them). The offline preview renders a lost output anew, which is free.
 */
@ApplicationScoped
@Named("downloadAgain")
public class DownloadAgain {

    private final JobService jobs;
    private final JobLedger ledger;
    private final StoredVideos stored;
    private final OutputWindow window;
    private final ModelCatalog catalog;
    private final Clock clock;

    DownloadAgain(
            JobService jobs,
            JobLedger ledger,
            StoredVideos stored,
            OutputWindow window,
            ModelCatalog catalog,
            Clock clock) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.stored = stored;
        this.window = window;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Whether the job page offers the button: a failed download, or a finished job whose stored video is gone. */
    public boolean offered(GenerationJob job) {
        return (job.status == JobStatus.FAILED && job.errorCategory == ErrorCategory.DOWNLOAD_FAILED)
                || stored.missing(job);
    }

    /** Why "download again" cannot work for this job now, or null when it can. */
    public String refusal(GenerationJob job) {
        boolean failedDownload = job.status == JobStatus.FAILED && job.errorCategory == ErrorCategory.DOWNLOAD_FAILED;
        if (!failedDownload && !stored.missing(job)) {
            if (job.status == JobStatus.SUCCEEDED) {
                return "Job " + job.publicId + " has its video stored; there is nothing to download again.";
            }
            if (job.status == JobStatus.DOWNLOADING) {
                return "Job " + job.publicId + " is being downloaded right now.";
            }
            return "Job " + job.publicId + " is " + job.status.apiName()
                    + (job.errorCategory == null ? "" : " (" + job.errorCategory + ")")
                    + ": only a job whose download failed, or whose stored video is missing, can be downloaded again.";
        }
        Optional<VideoProvider> provider = catalog.provider(job.route);
        if (provider.isEmpty()) {
            return "The route '" + job.route + "' of job " + job.publicId
                    + " is no longer part of the studio, so its output cannot be fetched.";
        }
        String name = provider.get().displayName();
        if (job.providerJobId == null || job.outputUrl == null) {
            return "No output URL of " + name + " was recorded for job " + job.publicId
                    + ", so there is nothing to fetch again.";
        }
        if (!window.unbounded(job)) {
            Optional<Instant> expires = window.expiresAt(job);
            if (expires.isPresent() && !clock.instant().isBefore(expires.get())) {
                return "The output URL of job " + job.publicId + " at " + name + " has expired (at "
                        + Formats.iso(expires.get())
                        + "): " + window.describe(job, name) + ", so it cannot be downloaded again. "
                        + "Retrying makes a new generation, which is billed again.";
            }
        }
        return null;
    }

    /**
     * Re-opens the job for a download of the provider's existing output.
     *
     * @throws ConflictException naming why, when it cannot work (see {@link #refusal})
     */
    public GenerationJob start(String publicId) {
        GenerationJob job = jobs.get(publicId);
        String why = refusal(job);
        if (why != null) {
            throw new ConflictException(why);
        }
        String route = ledger.routeName(job);
        String message = (job.status == JobStatus.SUCCEEDED ? "Stored video missing; " : "")
                + "Downloading the finished video again from " + route + " (" + job.providerJobId
                + "); nothing is generated or billed again.";
        GenerationJob reopened;
        try {
            reopened = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob current = GenerationJob.findById(job.id);
                if (current == null) {
                    throw new JobNotFoundException(publicId);
                }
                if (current.status != job.status || current.version != job.version) {
                    throw new ConflictException(
                            "Job " + publicId + " changed at the same moment; reload and try again.");
                }
                ledger.reopenForDownload(current, message);
                GenerationJob.flush();
                return current;
            });
        } catch (RuntimeException e) {
            if (JobLedger.lostRace(e)) {
                throw new ConflictException("Job " + publicId + " changed at the same moment; reload and try again.");
            }
            throw e;
        }
        return ledger.published(reopened);
    }
}
