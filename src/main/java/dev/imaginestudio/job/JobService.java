package dev.imaginestudio.job;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.JobValidator.ValidJob;
import dev.imaginestudio.media.InputImages;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobLeases;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Owns the job ledger: creating jobs, and carrying each through submit, poll and download. Every change of
 * state is its own transaction with a recorded event; calls to providers happen between transactions, never
 * inside one, and never while holding a database lock.
 */
@ApplicationScoped
public class JobService {

    /** Single-user studio until accounts exist. */
    public static final String OWNER = "local";

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MAX_DOWNLOAD_BACKOFF = Duration.ofMinutes(5);
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final ModelCatalog catalog;
    private final JobValidator validator;
    private final MediaStore media;
    private final JobLeases leases;
    private final InputImages inputImages;
    private final StudioConfig config;
    private final Clock clock;
    private final String instanceId;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();

    JobService(ModelCatalog catalog, JobValidator validator, MediaStore media, JobLeases leases,
               InputImages inputImages, StudioConfig config, Clock clock) {
        this.inputImages = inputImages;
        this.catalog = catalog;
        this.validator = validator;
        this.media = media;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.instanceId = config.poller().instanceId().orElseGet(() -> defaultInstanceId(config));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.poller().workers(), r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Host name plus a hash of the data directory: the same after a restart, distinct per instance. */
    private static String defaultInstanceId(StudioConfig config) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "studio";
        }
        String dir = config.dataDir().toAbsolutePath().normalize().toString();
        String id = host + "-" + Integer.toHexString(dir.hashCode());
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }

    /** A restarted instance is the only one that can hold its own leases: take them back now, not when they expire. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        int released = leases.releaseAll(instanceId);
        if (released > 0) {
            LOG.infof("took back %d job(s) this instance was working on when it stopped", released);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** The result of {@link #create}: {@code existing} is true when an Idempotency-Key matched an earlier job. */
    public record Created(GenerationJob job, boolean existing) {
    }

    /** Validates and queues a job. Nothing is stored when validation fails. */
    public Created create(JobRequest request, String idempotencyKey) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && key.length() > 255) {
            throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key is longer than 255 characters");
        }
        if (key != null) {
            Optional<GenerationJob> earlier = findByIdempotencyKey(key);
            if (earlier.isPresent()) {
                return new Created(earlier.get(), true);
            }
        }
        ValidJob valid = validator.validate(request);
        List<InputImages.Loaded> images = loadImages(valid.images());
        String publicId = newPublicId();
        try {
            List<JobInput> stored = storeInputs(publicId, valid.images(), images);
            GenerationJob job;
            try {
                job = QuarkusTransaction.requiringNew().call(() -> persistNew(publicId, valid, key, stored));
            } catch (PersistenceException e) {
                media.deleteJob(publicId);
                // two requests with one Idempotency-Key raced: the unique constraint let one win
                if (key != null) {
                    Optional<GenerationJob> winner = findByIdempotencyKey(key);
                    if (winner.isPresent()) {
                        return new Created(winner.get(), true);
                    }
                }
                throw e;
            }
            return new Created(job, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the input images", e);
        }
    }

    /** Fetches and checks every input image before anything is stored; a bad one refuses the whole request. */
    private List<InputImages.Loaded> loadImages(List<JobRequest.ImageInput> inputs) {
        List<InputImages.Loaded> loaded = new ArrayList<>(inputs.size());
        long total = 0;
        for (JobRequest.ImageInput input : inputs) {
            try {
                InputImages.Loaded image = input.bytes() != null ? inputImages.fromBytes(input.bytes()) : inputImages.fromUrl(input.url());
                total += image.bytes().length;
                if (total > inputImages.maxTotalBytes()) {
                    throw new InputImages.Rejected("the input images together are larger than "
                            + inputImages.maxTotalBytes() / (1024 * 1024) + " MiB");
                }
                loaded.add(image);
            } catch (InputImages.Rejected e) {
                throw new InvalidRequestException(input.field(), input.field() + ": " + e.getMessage());
            }
        }
        return loaded;
    }

    private List<JobInput> storeInputs(String publicId, List<JobRequest.ImageInput> inputs, List<InputImages.Loaded> images)
            throws IOException {
        List<JobInput> stored = new ArrayList<>(images.size());
        try {
            for (int i = 0; i < images.size(); i++) {
                InputImages.Loaded image = images.get(i);
                JobInput row = new JobInput();
                row.position = i;
                row.role = inputs.get(i).role();
                row.fileName = "input-" + i + "." + image.format().extension();
                row.mimeType = image.format().mimeType();
                row.width = image.format().width();
                row.height = image.format().height();
                row.byteSize = image.bytes().length;
                Path temp = media.newTempFile(publicId, "." + image.format().extension());
                Files.write(temp, image.bytes());
                MediaStore.moveIntoPlace(temp, media.input(publicId, row.fileName));
                stored.add(row);
            }
        } catch (IOException | RuntimeException e) {
            media.deleteJob(publicId);
            throw e;
        }
        return stored;
    }

    private Optional<GenerationJob> findByIdempotencyKey(String key) {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob
                .<GenerationJob>find("owner = ?1 and idempotencyKey = ?2", OWNER, key).firstResultOptional());
    }

    private GenerationJob persistNew(String publicId, ValidJob valid, String idempotencyKey, List<JobInput> inputs) {
        Instant now = clock.instant();
        GenerationJob job = new GenerationJob();
        job.publicId = publicId;
        job.owner = OWNER;
        job.mode = valid.mode();
        job.modelId = valid.model().id();
        job.route = valid.model().route();
        job.providerModelId = valid.model().providerModelId();
        job.prompt = valid.prompt();
        job.durationSeconds = valid.duration();
        job.resolution = valid.resolution();
        job.aspectRatio = valid.aspectRatio();
        job.width = valid.width();
        job.height = valid.height();
        job.seed = valid.seed();
        job.generateAudio = valid.generateAudio();
        job.idempotencyKey = idempotencyKey;
        job.costEstimateUsd = valid.costEstimate();
        job.status = JobStatus.QUEUED;
        job.createdAt = now;
        job.updatedAt = now;
        job.nextAttemptAt = now;
        job.inputCount = inputs.size();
        job.persist();
        for (JobInput input : inputs) {
            input.jobId = job.id;
            input.persist();
        }
        record(job, null, JobStatus.QUEUED, "Accepted by the studio", now);
        return job;
    }

    /** Random, URL-safe, 20 characters (119 bits): never a sequential number. */
    static String newPublicId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    public GenerationJob get(String publicId) {
        GenerationJob job = QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(publicId));
        if (job == null || !OWNER.equals(job.owner)) {
            throw new JobNotFoundException(publicId);
        }
        return job;
    }

    public List<JobInput> inputs(GenerationJob job) {
        return job.inputCount == 0 ? List.of() : QuarkusTransaction.requiringNew().call(() -> JobInput.forJob(job.id));
    }

    /** The stored bytes of one input image of a job. */
    public byte[] storedInput(String publicId, int position) {
        GenerationJob job = get(publicId);
        JobInput input = inputs(job).stream().filter(i -> i.position == position).findFirst()
                .orElseThrow(() -> new JobNotFoundException(publicId + "/inputs/" + position));
        try {
            return Files.readAllBytes(media.input(job.publicId, input.fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JobEvent> timeline(GenerationJob job) {
        return QuarkusTransaction.requiringNew().call(() -> JobEvent.forJob(job.id));
    }

    /**
     * One page of history, newest first. {@code after} is the public id of the last job of the previous page
     * (keyset pagination: no OFFSET scans).
     */
    public List<GenerationJob> history(java.util.Set<JobStatus> statuses, String after, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder q = new StringBuilder("owner = :owner");
            io.quarkus.panache.common.Parameters p = io.quarkus.panache.common.Parameters.with("owner", OWNER);
            if (statuses != null && !statuses.isEmpty()) {
                q.append(" and status in :statuses");
                p = p.and("statuses", statuses);
            }
            if (after != null) {
                GenerationJob last = GenerationJob.findByPublicId(after);
                if (last == null) {
                    throw new InvalidRequestException("cursor", "cursor '" + after + "' does not name a job of this history");
                }
                q.append(" and id < :after");
                p = p.and("after", last.id);
            }
            q.append(" order by id desc");
            return GenerationJob.<GenerationJob>find(q.toString(), p).range(0, limit - 1).list();
        });
    }

    /** Removes a job, its timeline and its files. */
    public void delete(String publicId) {
        GenerationJob job = get(publicId);
        QuarkusTransaction.requiringNew().run(() -> GenerationJob.delete("id", job.id));
        try {
            media.deleteJob(job.publicId);
        } catch (IOException e) {
            LOG.warnf(e, "job %s deleted but its files could not all be removed", publicId);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Webhooks

    /**
     * A provider said (by webhook) that its job changed: makes the studio's job due at once, so the next tick
     * polls it. Only the schedule changes, in one transaction; a job a worker holds keeps its lease, and a
     * finished job (which has no schedule) is left alone. The webhook's content is never trusted: the poll
     * finds out what happened.
     *
     * @return whether a job of this route has that provider job id (finished or not)
     */
    public boolean pokeByProviderJob(String route, String providerJobId) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            // only ever earlier: a job already due stays as it is, a finished one has no next attempt
            int due = GenerationJob.update("nextAttemptAt = ?1 where route = ?2 and providerJobId = ?3 and nextAttemptAt > ?1",
                    now, route, providerJobId);
            return due > 0 || GenerationJob.count("route = ?1 and providerJobId = ?2", route, providerJobId) > 0;
        });
    }

    // ------------------------------------------------------------------------------------------------
    // The poller's side

    /**
     * Claims the jobs that are due and hands them to the worker pool. The returned future completes when
     * that work is done; the scheduler does not wait for it, tests do.
     */
    public CompletableFuture<Void> tick() {
        int capacity = config.poller().workers() * 4 - inFlight.get();
        if (capacity <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = clock.instant();
        List<Long> claimed = leases.claimDue(instanceId, now, now.plus(config.poller().lease()),
                Math.min(capacity, config.poller().batchSize()));
        List<CompletableFuture<Void>> work = new ArrayList<>(claimed.size());
        for (Long id : claimed) {
            inFlight.incrementAndGet();
            work.add(CompletableFuture.runAsync(() -> process(id), workers)
                    .whenComplete((ok, error) -> inFlight.decrementAndGet()));
        }
        return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
    }

    void process(long id) {
        GenerationJob job = QuarkusTransaction.requiringNew().call(() -> GenerationJob.<GenerationJob>findById(id));
        if (job == null || !instanceId.equals(job.leaseOwner)) {
            return;
        }
        try {
            VideoProvider provider = catalog.provider(job.route).orElse(null);
            if (provider == null) {
                apply(job, job.status, j -> end(j, JobStatus.FAILED, "route_unavailable",
                        "The route '" + job.route + "' of this job is no longer part of the studio."));
                return;
            }
            switch (job.status) {
                case QUEUED -> submit(job, provider);
                case SUBMITTING -> recoverSubmit(job, provider);
                case PENDING, RUNNING -> poll(job, provider);
                case DOWNLOADING -> download(job, provider, null);
                default -> apply(job, job.status, j -> release(j, null));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected error in state %s; will look again in 30 s", job.publicId, job.status);
            apply(job, null, j -> release(j, clock.instant().plusSeconds(30)));
        }
    }

    private void submit(GenerationJob job, VideoProvider provider) {
        GenerationJob submitting = apply(job, JobStatus.QUEUED, j -> {
            move(j, JobStatus.SUBMITTING, "Sending to " + provider.displayName());
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
                move(j, JobStatus.PENDING, "Accepted by " + provider.displayName() + " as " + accepted.providerJobId());
                release(j, now.plus(policy.delayAfter(0)));
            });
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            apply(job, JobStatus.SUBMITTING, j ->
                    end(j, JobStatus.FAILED, "rejected", provider.displayName() + " refused the request: " + rejected.message()));
        } else if (outcome instanceof SubmitOutcome.RetryLater later) {
            apply(job, JobStatus.SUBMITTING, j -> {
                move(j, JobStatus.QUEUED, provider.displayName() + " is busy (" + later.reason()
                        + "); nothing was created. Trying again in " + human(later.after()) + ".");
                release(j, now.plus(later.after()));
            });
        } else if (outcome instanceof SubmitOutcome.Unknown unknown) {
            if (provider.resubmitIsFree()) {
                apply(job, JobStatus.SUBMITTING, j -> {
                    move(j, JobStatus.QUEUED, "Submit interrupted (" + unknown.message() + "); sending again, which costs nothing.");
                    release(j, now.plusSeconds(1));
                });
            } else {
                apply(job, JobStatus.SUBMITTING, j -> end(j, JobStatus.FAILED, "submit_unknown",
                        "The answer to the submit was lost (" + unknown.message() + "). " + provider.displayName()
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
            apply(job, job.status, j -> end(j, JobStatus.EXPIRED, "timeout",
                    "Gave up waiting after " + human(policy.maxWait()) + ". " + provider.displayName()
                            + " may still finish and bill the job (" + j.providerJobId + ")."));
            return;
        }
        PollOutcome outcome;
        try {
            outcome = provider.poll(job.providerJobId, submitRequest(job));
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: poll threw", job.publicId);
            outcome = PollOutcome.unavailable(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
        PollOutcome o = outcome;
        Instant after = clock.instant();
        switch (o.state()) {
            case PENDING, RUNNING, UNCHANGED -> apply(job, job.status, j -> {
                JobStatus next = switch (o.state()) {
                    case RUNNING -> JobStatus.RUNNING;
                    case PENDING -> JobStatus.PENDING;
                    default -> j.status;
                };
                if (j.status != next) {
                    move(j, next, next == JobStatus.RUNNING ? "Generating" : "Waiting at " + provider.displayName());
                }
                if (o.progress() != null) {
                    j.progress = Math.max(0, Math.min(99, o.progress()));
                }
                j.pollCount++;
                j.pollFailures = 0;
                release(j, after.plus(policy.honour(o.retryAfter(), policy.delayAfter(j.pollCount))));
            });
            case UNAVAILABLE -> apply(job, job.status, j -> {
                j.pollCount++;
                j.pollFailures++;
                if (j.pollFailures > config.limits().pollFailures()) {
                    end(j, JobStatus.FAILED, "poll_failed", provider.displayName() + " could not be reached " + j.pollFailures
                            + " times in a row (" + o.message() + "). The job " + j.providerJobId + " may still finish there.");
                } else {
                    release(j, after.plus(policy.honour(o.retryAfter(), policy.delayAfter(j.pollCount))));
                }
            });
            case COMPLETED -> {
                if (o.outputs().isEmpty()) {
                    apply(job, job.status, j -> {
                        j.costUsd = o.costUsd();
                        end(j, JobStatus.FAILED, "no_output", provider.displayName()
                                + " reported the job finished but gave no video to download.");
                    });
                    return;
                }
                GenerationJob downloading = apply(job, job.status, j -> {
                    j.costUsd = o.costUsd();
                    j.outputUrl = o.outputs().get(0).toString();
                    j.progress = 99;
                    move(j, JobStatus.DOWNLOADING, "Finished at " + provider.displayName() + "; copying the video");
                });
                if (downloading != null) {
                    download(downloading, provider, o.outputs().get(0));
                }
            }
            case FAILED, CANCELLED, EXPIRED -> apply(job, job.status, j -> {
                if (o.costUsd() != null) {
                    j.costUsd = o.costUsd();
                }
                JobStatus end = switch (o.state()) {
                    case CANCELLED -> JobStatus.CANCELLED;
                    case EXPIRED -> JobStatus.EXPIRED;
                    default -> JobStatus.FAILED;
                };
                String category = o.errorCategory() != null ? o.errorCategory() : o.state().name().toLowerCase();
                String message = o.message() != null ? o.message() : provider.displayName() + " reported the job " + o.state().name().toLowerCase();
                end(j, end, category, message);
            });
        }
    }

    /**
     * Copies the provider's output into the media store. A failure is retried with back-off, asking the
     * provider for a fresh URL first; it never submits the generation again.
     */
    private void download(GenerationJob job, VideoProvider provider, URI fresh) {
        URI location = fresh;
        if (location == null && job.downloadAttempts > 0) {
            PollOutcome again;
            try {
                again = provider.poll(job.providerJobId, submitRequest(job));
            } catch (RuntimeException e) {
                LOG.debugf(e, "job %s: re-poll for a fresh URL failed", job.publicId);
                again = PollOutcome.unavailable(e.getMessage(), null);
            }
            if (again.state() == PollOutcome.State.COMPLETED && !again.outputs().isEmpty()) {
                location = again.outputs().get(0);
            } else if (again.state() == PollOutcome.State.PENDING || again.state() == PollOutcome.State.RUNNING
                    || again.state() == PollOutcome.State.UNCHANGED) {
                // the provider is producing the output again (a free preview re-render), or asks to be asked later:
                // wait, it is no failed attempt
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
                end(j, JobStatus.SUCCEEDED, null, null);
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
            apply(job, JobStatus.DOWNLOADING, j -> {
                j.downloadAttempts++;
                if (j.downloadAttempts >= config.limits().downloadAttempts()) {
                    end(j, JobStatus.FAILED, "download_failed", provider.displayName()
                            + " finished the job (and may have billed it), but the video could not be copied after "
                            + j.downloadAttempts + " attempts: " + reason);
                } else {
                    Duration backoff = config.limits().downloadBackoff().multipliedBy(1L << Math.min(10, j.downloadAttempts - 1));
                    release(j, clock.instant().plus(backoff.compareTo(MAX_DOWNLOAD_BACKOFF) > 0 ? MAX_DOWNLOAD_BACKOFF : backoff));
                }
            });
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

    private static Download openDownload(VideoProvider provider, GenerationJob job, URI location) throws IOException {
        Download d = provider.download(job.providerJobId, location);
        if (d == null) {
            throw new IOException("the provider returned no content");
        }
        return d;
    }

    SubmitRequest submitRequest(GenerationJob job) {
        List<JobInput> inputs = job.inputCount == 0 ? List.of()
                : QuarkusTransaction.requiringNew().call(() -> JobInput.forJob(job.id));
        return new SubmitRequest(job.publicId, job.providerModelId, job.mode, job.prompt, job.durationSeconds,
                job.resolution, job.aspectRatio, job.width, job.height, job.seed, job.generateAudio,
                inputs.stream().map(i -> new dev.imaginestudio.provider.InputImage(
                        media.input(job.publicId, i.fileName), i.mimeType, i.width, i.height)).toList(),
                null);
    }

    // ------------------------------------------------------------------------------------------------
    // Transactions and transitions

    /**
     * Applies {@code change} to the job in its own transaction, if the job still exists, is still leased by
     * this instance and (when {@code expected} is given) still in that state.
     *
     * @return the updated job, or null when the change no longer applies (deleted, cancelled, lost lease)
     */
    private GenerationJob apply(GenerationJob job, JobStatus expected, Consumer<GenerationJob> change) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob current = GenerationJob.findById(job.id);
                if (current == null || !instanceId.equals(current.leaseOwner) || current.status.terminal()
                        || (expected != null && current.status != expected)) {
                    return null;
                }
                change.accept(current);
                current.updatedAt = clock.instant();
                return current;
            });
        } catch (OptimisticLockException e) {
            LOG.debugf("job %s changed concurrently; skipping", job.publicId);
            return null;
        }
    }

    private void move(GenerationJob job, JobStatus next, String message) {
        if (!job.status.canMoveTo(next)) {
            throw new IllegalStateException("job " + job.publicId + ": " + job.status + " -> " + next + " is not allowed");
        }
        Instant now = clock.instant();
        record(job, job.status, next, message, now);
        job.status = next;
    }

    /** Ends a job: records the final state, clears its schedule and lease. */
    private void end(GenerationJob job, JobStatus terminal, String category, String message) {
        move(job, terminal, message);
        job.errorCategory = category;
        job.errorMessage = message == null ? null : truncate(message, 2000);
        job.finishedAt = clock.instant();
        job.nextAttemptAt = null;
        job.leaseOwner = null;
        job.leaseUntil = null;
    }

    private static void release(GenerationJob job, Instant next) {
        job.nextAttemptAt = next;
        job.leaseOwner = null;
        job.leaseUntil = null;
    }

    private static void record(GenerationJob job, JobStatus from, JobStatus to, String message, Instant at) {
        JobEvent event = new JobEvent();
        event.jobId = job.id;
        event.fromStatus = from;
        event.toStatus = to;
        event.message = message == null ? null : truncate(message, 2000);
        event.occurredAt = at;
        event.persist();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
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
