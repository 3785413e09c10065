package dev.imaginestudio.poller;

import static dev.imaginestudio.job.JobLedger.release;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.ErrorCategory;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobInput;
import dev.imaginestudio.job.JobLedger;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.job.OutputWindow;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Carries claimed jobs through submit, poll and download on a bounded pool. Calls to providers happen between
 * the ledger's transactions, never inside one, and never while holding a database lock; each change of state
 * goes through {@link JobLedger} and only while this instance holds the job's lease.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    private final JobService jobs;
    private final JobLedger ledger;
    private final ModelCatalog catalog;
    private final MediaStore media;
    private final JobLeases leases;
    private final StudioConfig config;
    private final Clock clock;
    private final StudioInstance instance;
    private final String instanceId;
    private final ExecutorService workers;
    private final JobDownloads downloads;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Jobs this process is working on: their leases are renewed while the work lasts. */
    private final Set<Long> working = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;
    private volatile Instant leasesRenewedAt = Instant.EPOCH;

    JobWorker(
            JobService jobs,
            JobLedger ledger,
            ModelCatalog catalog,
            MediaStore media,
            JobLeases leases,
            StudioConfig config,
            Clock clock,
            StudioInstance instance,
            OutputWindow window) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.catalog = catalog;
        this.media = media;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.instance = instance;
        this.instanceId = instance.id();
        this.downloads = new JobDownloads(ledger, media, config, clock, window, instanceId, this::lost);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.poller().workers(), r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Leases found at start-up belong to a process that is gone when no other process can open this database
     * (embedded H2): take them back at once instead of waiting for them to expire. On a shared database they
     * may be another live instance's, so they are left to expire (live instances keep renewing theirs).
     */
    void onStart(@Observes StartupEvent event) {
        if (instance.soleProcess()) {
            int released = leases.releaseEvery();
            if (released > 0) {
                LOG.infof("took back %d job(s) the studio was working on when it stopped", released);
            }
        }
        Thread sweeper = new Thread(this::sweepLeftovers, "media-sweep");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /**
     * Deletes the temporary files and orphan folders a killed process left in the media store. Only what was last
     * changed before this process started (and, when other instances may share the store, over an hour before) is
     * touched, so nothing being written now is.
     */
    private void sweepLeftovers() {
        Instant before = instance.startedAt();
        if (!instance.soleProcess()) {
            before = before.minus(Duration.ofHours(1));
        }
        try {
            MediaStore.Swept swept = media.sweepLeftovers(
                    before,
                    names -> Set.copyOf(QuarkusTransaction.requiringNew()
                            .call(() -> GenerationJob.getEntityManager()
                                    .createQuery(
                                            "select j.publicId from GenerationJob j where j.publicId in :names",
                                            String.class)
                                    .setParameter("names", names)
                                    .getResultList())));
            if (swept.any()) {
                LOG.infof(
                        "removed %d unfinished temporary file(s) and %d folder(s) of jobs that do not exist, left by an earlier stop",
                        swept.temporaryFiles(), swept.orphanFolders());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "could not sweep the media store for leftovers");
        }
    }

    /**
     * A normal stop (SIGTERM) lets the provider calls in flight finish and record what happened, so a job being
     * sent is not left with an unknown outcome. Runs before the database and Hibernate are closed.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        workers.shutdown();
        Duration grace = config.poller().shutdownGrace();
        boolean drained;
        try {
            int busy = working.size();
            if (busy > 0) {
                LOG.infof("stopping: waiting up to %s for %d job(s) in progress", human(grace), busy);
            }
            drained = workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warnf(
                    "stopping: %d job(s) still in progress after %s; they are taken up again after the restart",
                    working.size(), human(grace));
            workers.shutdownNow();
        }
        try {
            leases.releaseIdle(instanceId);
        } catch (RuntimeException e) {
            LOG.debugf(e, "stopping: leases not released; they expire on their own");
        }
    }

    /**
     * Claims the jobs that are due and hands them to the worker pool. The returned future completes when
     * that work is done; the scheduler does not wait for it, tests do.
     */
    public CompletableFuture<Void> tick() {
        if (stopping) {
            return CompletableFuture.completedFuture(null);
        }
        renewLeases();
        int capacity = config.poller().workers() * 4 - inFlight.get();
        if (capacity <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = clock.instant();
        List<Long> claimed = leases.claimDue(
                instanceId,
                now,
                now.plus(config.poller().lease()),
                Math.min(capacity, config.poller().batchSize()));
        List<CompletableFuture<Void>> work = new ArrayList<>(claimed.size());
        for (Long id : claimed) {
            inFlight.incrementAndGet();
            working.add(id);
            try {
                work.add(CompletableFuture.runAsync(() -> process(id), workers).whenComplete((ok, error) -> {
                    working.remove(id);
                    inFlight.decrementAndGet();
                }));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: the lease is given back below or expires; the job is untouched
                working.remove(id);
                inFlight.decrementAndGet();
            }
        }
        return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
    }

    /** Keeps the leases of long work (a slow download) from expiring under it, a quarter-lease at a time. */
    private void renewLeases() {
        Instant now = clock.instant();
        Duration lease = config.poller().lease();
        if (working.isEmpty() || now.isBefore(leasesRenewedAt.plus(lease.dividedBy(4)))) {
            return;
        }
        leasesRenewedAt = now;
        leases.renew(instanceId, List.copyOf(working), now.plus(lease));
    }

    private void process(long id) {
        GenerationJob job = QuarkusTransaction.requiringNew().call(() -> GenerationJob.<GenerationJob>findById(id));
        if (job == null || !instanceId.equals(job.leaseOwner)) {
            return;
        }
        try {
            VideoProvider provider = catalog.provider(job.route).orElse(null);
            if (provider == null) {
                apply(
                        job,
                        job.status,
                        j -> ledger.end(
                                j,
                                JobStatus.FAILED,
                                ErrorCategory.ROUTE_UNAVAILABLE,
                                "The route '" + job.route + "' of this job is no longer part of the studio."));
                return;
            }
            switch (job.status) {
                case QUEUED -> submit(job, provider);
                case SUBMITTING -> recoverSubmit(job, provider);
                case PENDING, RUNNING -> poll(job, provider);
                case DOWNLOADING -> downloads.download(job, provider, null);
                default -> apply(job, job.status, j -> release(j, null));
            }
        } catch (RuntimeException e) {
            if (stopping) {
                // cut off by the end of the shutdown grace: the lease runs out and the job is taken up again
                LOG.debugf(e, "job %s: interrupted by the stop in state %s", job.publicId, job.status);
                return;
            }
            LOG.errorf(e, "job %s: unexpected error in state %s; will look again in 30 s", job.publicId, job.status);
            apply(job, null, j -> release(j, clock.instant().plusSeconds(30)));
        }
    }

    private void submit(GenerationJob job, VideoProvider provider) {
        GenerationJob submitting = apply(job, JobStatus.QUEUED, j -> {
            ledger.move(j, JobStatus.SUBMITTING, "Sending to " + provider.displayName());
            j.submitAttempts++;
        });
        if (submitting == null) {
            return;
        }
        SubmitRequest request = submitRequest(submitting);
        SubmitOutcome outcome;
        try {
            outcome = provider.submit(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: submit to %s threw", job.publicId, provider.id());
            outcome = new SubmitOutcome.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        applySubmitOutcome(submitting, provider, outcome);
    }

    private void applySubmitOutcome(GenerationJob job, VideoProvider provider, SubmitOutcome outcome) {
        Instant now = clock.instant();
        PollingPolicy policy = provider.pollingPolicy();
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            apply(job, JobStatus.SUBMITTING, j -> {
                j.providerJobId = accepted.providerJobId();
                j.submittedAt = now;
                ledger.move(
                        j,
                        JobStatus.PENDING,
                        "Accepted by " + provider.displayName() + " as " + accepted.providerJobId());
                release(j, now.plus(policy.delayAfter(0)));
            });
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            apply(
                    job,
                    JobStatus.SUBMITTING,
                    j -> ledger.end(
                            j,
                            JobStatus.FAILED,
                            ErrorCategory.REJECTED,
                            provider.displayName() + " refused the request: " + rejected.message()));
        } else if (outcome instanceof SubmitOutcome.RetryLater later) {
            apply(job, JobStatus.SUBMITTING, j -> {
                if (j.submitAttempts >= config.limits().submitAttempts()) {
                    ledger.end(
                            j,
                            JobStatus.FAILED,
                            ErrorCategory.PROVIDER_BUSY,
                            provider.displayName() + " turned the job away " + j.submitAttempts + " times ("
                                    + later.reason() + "). Nothing was created or billed; try again later.");
                    return;
                }
                ledger.move(
                        j,
                        JobStatus.QUEUED,
                        provider.displayName() + " could not take the job now (" + later.reason()
                                + "); nothing was created. Trying again in " + human(later.after()) + ".");
                release(j, now.plus(later.after()));
            });
        } else if (outcome instanceof SubmitOutcome.Unknown unknown) {
            if (provider.resubmitIsFree()) {
                apply(job, JobStatus.SUBMITTING, j -> {
                    ledger.move(
                            j,
                            JobStatus.QUEUED,
                            "Submit interrupted (" + unknown.message() + "); sending again, which costs nothing.");
                    release(j, now.plusSeconds(1));
                });
            } else {
                apply(
                        job,
                        JobStatus.SUBMITTING,
                        j -> ledger.end(
                                j,
                                JobStatus.FAILED,
                                ErrorCategory.SUBMIT_UNKNOWN,
                                "The answer to the submit was lost (" + unknown.message() + "). "
                                        + provider.displayName()
                                        + " may have created and billed this job; the studio will not send it again on its own. "
                                        + "Check your provider dashboard before retrying."));
            }
        }
    }

    /** A job found in SUBMITTING after its lease ran out: the instance died mid-submit. */
    private void recoverSubmit(GenerationJob job, VideoProvider provider) {
        applySubmitOutcome(job, provider, new SubmitOutcome.Unknown("the studio stopped while sending it"));
    }

    private void poll(GenerationJob job, VideoProvider provider) {
        PollingPolicy policy = provider.pollingPolicy();
        Instant now = clock.instant();
        Instant started = job.submittedAt == null ? job.createdAt : job.submittedAt;
        if (now.isAfter(started.plus(policy.maxWait()))) {
            apply(
                    job,
                    job.status,
                    j -> ledger.end(
                            j,
                            JobStatus.EXPIRED,
                            ErrorCategory.TIMEOUT,
                            "Gave up waiting after " + human(policy.maxWait()) + ". " + provider.displayName()
                                    + " may still finish and bill the job (" + j.providerJobId + ")."));
            return;
        }
        PollOutcome outcome;
        try {
            outcome = provider.poll(job.providerJobId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: poll threw", job.publicId);
            outcome = PollOutcome.unavailable(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
        PollOutcome o = outcome;
        Instant after = clock.instant();
        switch (o.state()) {
            case PENDING, RUNNING, UNCHANGED ->
                apply(job, job.status, j -> {
                    JobStatus next = switch (o.state()) {
                        case RUNNING -> JobStatus.RUNNING;
                        case PENDING -> JobStatus.PENDING;
                        default -> j.status;
                    };
                    if (j.status != next) {
                        ledger.move(
                                j,
                                next,
                                next == JobStatus.RUNNING ? "Generating" : "Waiting at " + provider.displayName());
                    }
                    if (o.progress() != null) {
                        j.progress = Math.max(0, Math.min(99, o.progress()));
                    }
                    j.pollCount++;
                    j.pollFailures = 0;
                    release(j, after.plus(policy.honour(o.retryAfter(), policy.delayAfter(j.pollCount))));
                });
            case UNAVAILABLE ->
                apply(job, job.status, j -> {
                    j.pollCount++;
                    j.pollFailures++;
                    if (j.pollFailures > config.limits().pollFailures()) {
                        ledger.end(
                                j,
                                JobStatus.FAILED,
                                ErrorCategory.POLL_FAILED,
                                provider.displayName() + " could not be reached " + j.pollFailures + " times in a row ("
                                        + o.message() + "). The job " + j.providerJobId + " may still finish there.");
                    } else {
                        release(j, after.plus(policy.honour(o.retryAfter(), policy.delayAfter(j.pollCount))));
                    }
                });
            case COMPLETED -> {
                if (o.outputs().isEmpty()) {
                    apply(job, job.status, j -> {
                        j.costUsd = o.costUsd();
                        ledger.end(
                                j,
                                JobStatus.FAILED,
                                ErrorCategory.NO_OUTPUT,
                                provider.displayName() + " reported the job finished but gave no video to download.");
                    });
                    return;
                }
                GenerationJob downloading = apply(job, job.status, j -> {
                    j.costUsd = o.costUsd();
                    j.outputUrl = o.outputs().get(0).toString();
                    j.progress = 99;
                    ledger.move(
                            j, JobStatus.DOWNLOADING, "Finished at " + provider.displayName() + "; copying the video");
                });
                if (downloading != null) {
                    downloads.download(downloading, provider, o.outputs().get(0));
                }
            }
            case LOST -> lost(job, provider, o);
            case FAILED, CANCELLED, EXPIRED ->
                apply(job, job.status, j -> {
                    if (o.costUsd() != null) {
                        j.costUsd = o.costUsd();
                    }
                    JobStatus end = switch (o.state()) {
                        case CANCELLED -> JobStatus.CANCELLED;
                        case EXPIRED -> JobStatus.EXPIRED;
                        default -> JobStatus.FAILED;
                    };
                    ErrorCategory category = ErrorCategory.fromProvider(
                            o.errorCategory(),
                            switch (o.state()) {
                                case CANCELLED -> ErrorCategory.CANCELLED;
                                case EXPIRED -> ErrorCategory.EXPIRED;
                                default -> ErrorCategory.FAILED;
                            });
                    String message = o.message() != null
                            ? o.message()
                            : provider.displayName() + " reported the job "
                                    + o.state().name().toLowerCase();
                    ledger.end(j, end, category, message);
                });
        }
    }

    /**
     * The route no longer has the job at all. Where sending it again is free (a preview render forgotten in a restart)
     * the job goes back to the queue and is rendered anew; anywhere else it may have been billed, so it ends and is
     * never sent again.
     */
    private void lost(GenerationJob job, VideoProvider provider, PollOutcome o) {
        String reason = o.message() != null ? o.message() : provider.displayName() + " no longer has the job";
        apply(job, job.status, j -> {
            if (provider.resubmitIsFree()) {
                ledger.requeueForFree(j, reason + "; sending it again, which costs nothing.");
                release(j, clock.instant());
            } else {
                ledger.end(
                        j,
                        JobStatus.FAILED,
                        ErrorCategory.PROVIDER_LOST,
                        reason + ". It may have finished and been billed there; "
                                + "the studio will not send it again on its own.");
            }
        });
    }

    private SubmitRequest submitRequest(GenerationJob job) {
        List<JobInput> inputs = jobs.inputs(job);
        return new SubmitRequest(
                job.publicId,
                job.providerModelId,
                job.mode,
                job.prompt,
                job.durationSeconds,
                job.resolution,
                job.aspectRatio,
                job.width,
                job.height,
                job.seed,
                job.generateAudio,
                inputs.stream()
                        .map(i -> new dev.imaginestudio.provider.InputImage(
                                media.input(job.publicId, i.fileName), i.mimeType, i.width, i.height))
                        .toList(),
                null);
    }

    /** Applies {@code change} through the ledger, if this instance still holds the job's lease. */
    private GenerationJob apply(GenerationJob job, JobStatus expected, Consumer<GenerationJob> change) {
        return ledger.apply(job, expected, instanceId, change);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        return (s / 60) + " min";
    }
}
