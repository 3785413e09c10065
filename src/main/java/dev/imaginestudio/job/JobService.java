package dev.imaginestudio.job;

import dev.imaginestudio.common.Ids;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.IdempotencyMismatchException;
import dev.imaginestudio.common.ConflictException;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.JobValidator.ValidJob;
import dev.imaginestudio.media.InputImages;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobLeases;
import dev.imaginestudio.poller.StudioInstance;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
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
 * Owns the job ledger: creating jobs, and carrying each through submit, poll and download; cancelling and
 * retrying them. Every change of state is its own transaction with a recorded event, announced as a
 * {@link JobChange} after it committed; calls to providers happen between transactions, never inside one,
 * and never while holding a database lock.
 */
@ApplicationScoped
public class JobService {

    /** Single-user studio until accounts exist. */
    public static final String OWNER = "local";

    private static final Logger LOG = Logger.getLogger(JobService.class);
    /** The failure of a submit whose answer was lost: the provider may have created (and billed) the job. */
    public static final String SUBMIT_UNKNOWN = "submit_unknown";
    private static final Duration MAX_DOWNLOAD_BACKOFF = Duration.ofMinutes(5);

    private final ModelCatalog catalog;
    private final JobValidator validator;
    private final MediaStore media;
    private final JobLeases leases;
    private final InputImages inputImages;
    private final StudioConfig config;
    private final Clock clock;
    private final StudioInstance instance;
    private final String instanceId;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Jobs this process is working on: their leases are renewed while the work lasts. */
    private final Set<Long> working = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile Instant leasesRenewedAt = Instant.EPOCH;
    private final Event<JobChange> changes;

    JobService(ModelCatalog catalog, JobValidator validator, MediaStore media, JobLeases leases,
               InputImages inputImages, StudioConfig config, Clock clock, Event<JobChange> changes, StudioInstance instance) {
        this.changes = changes;
        this.inputImages = inputImages;
        this.catalog = catalog;
        this.validator = validator;
        this.media = media;
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.instance = instance;
        this.instanceId = instance.id();
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
            MediaStore.Swept swept = media.sweepLeftovers(before, names -> Set.copyOf(QuarkusTransaction.requiringNew().call(() ->
                    GenerationJob.getEntityManager()
                            .createQuery("select j.publicId from GenerationJob j where j.publicId in :names", String.class)
                            .setParameter("names", names).getResultList())));
            if (swept.any()) {
                LOG.infof("removed %d unfinished temporary file(s) and %d folder(s) of jobs that do not exist, left by an earlier stop",
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
            LOG.warnf("stopping: %d job(s) still in progress after %s; they are taken up again after the restart",
                    working.size(), human(grace));
            workers.shutdownNow();
        }
        try {
            leases.releaseIdle(instanceId);
        } catch (RuntimeException e) {
            LOG.debugf(e, "stopping: leases not released; they expire on their own");
        }
    }

    /** The result of {@link #create}: {@code existing} is true when an Idempotency-Key matched an earlier job. */
    public record Created(GenerationJob job, boolean existing) {
    }

    /** Validates and queues a job. Nothing is stored when validation fails. */
    public Created create(JobRequest request, String idempotencyKey) {
        return create(request, idempotencyKey, null);
    }

    private Created create(JobRequest request, String idempotencyKey, Long retryOf) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && key.length() > 255) {
            throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key is longer than 255 characters");
        }
        String requestHash = key == null ? null : request.canonicalHash();
        if (key != null) {
            Optional<GenerationJob> earlier = findByIdempotencyKey(key);
            if (earlier.isPresent()) {
                return new Created(sameRequest(earlier.get(), requestHash, key), true);
            }
        }
        ValidJob valid = validator.validate(request);
        List<InputImages.Loaded> images = loadImages(valid.images());
        String publicId = newPublicId();
        try {
            List<JobInput> stored = storeInputs(publicId, valid.images(), images);
            GenerationJob job;
            try {
                job = QuarkusTransaction.requiringNew().call(() -> persistNew(publicId, valid, key, requestHash, stored, retryOf));
            } catch (PersistenceException e) {
                media.deleteJob(publicId);
                // two requests with one Idempotency-Key raced: the unique constraint let one win
                if (key != null) {
                    Optional<GenerationJob> winner = findByIdempotencyKey(key);
                    if (winner.isPresent()) {
                        return new Created(sameRequest(winner.get(), requestHash, key), true);
                    }
                }
                throw e;
            }
            published(job);
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
            } catch (InputImages.Busy e) {
                // not the request's fault: 503, so that a client sends it again rather than changing it
                throw new ServiceUnavailableException(input.field() + ": " + e.getMessage(), 5L);
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

    /**
     * The earlier job of an Idempotency-Key, if the request is the same one again; a different request under the same
     * key is refused, as Stripe and the IETF Idempotency-Key draft do, rather than answered with an unrelated job.
     */
    private static GenerationJob sameRequest(GenerationJob earlier, String requestHash, String key) {
        if (earlier.requestHash != null && !earlier.requestHash.equals(requestHash)) {
            throw new IdempotencyMismatchException("The Idempotency-Key '" + key + "' was used for a different request (job "
                    + earlier.publicId + "); send that request again, or use a new key for a new job.");
        }
        return earlier;
    }

    private GenerationJob persistNew(String publicId, ValidJob valid, String idempotencyKey, String requestHash,
                                     List<JobInput> inputs, Long retryOf) {
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
        job.requestHash = requestHash;
        job.costEstimateUsd = valid.costEstimate();
        job.status = JobStatus.QUEUED;
        job.createdAt = now;
        job.updatedAt = now;
        job.nextAttemptAt = now;
        job.inputCount = inputs.size();
        job.retryOf = retryOf;
        job.persist();
        for (JobInput input : inputs) {
            input.jobId = job.id;
            input.persist();
        }
        record(job, null, JobStatus.QUEUED, retryOf == null ? "Accepted by the studio" : "Accepted by the studio as a retry", now);
        return job;
    }

    /** Random, URL-safe, 20 characters (119 bits): never a sequential number. */
    static String newPublicId() {
        return Ids.alphanumeric(20);
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

    /** One page of a search: the jobs, and the cursor of the next page (null on the last page). */
    public record JobPage(List<GenerationJob> jobs, String nextCursor) {
    }

    /**
     * One page of history matching {@code query}, in its sort order. Keyset pagination on the sort key and
     * the public id: no OFFSET scans, and the cursor names no sequential id.
     */
    public JobPage search(JobQuery query) {
        query.checked();
        JobQuery.Sort sort = query.sort();
        JobQuery.Cursor after = query.cursor() == null ? null : JobQuery.Cursor.decode(query.cursor(), sort);
        List<GenerationJob> found = QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder q = new StringBuilder("owner = :owner");
            Parameters p = Parameters.with("owner", OWNER);
            if (!query.statuses().isEmpty()) {
                q.append(" and status in :statuses");
                p = p.and("statuses", query.statuses());
            }
            if (!query.modes().isEmpty()) {
                q.append(" and mode in :modes");
                p = p.and("modes", query.modes());
            }
            if (query.model() != null) {
                q.append(" and modelId = :model");
                p = p.and("model", query.model());
            }
            if (query.route() != null) {
                q.append(" and route = :route");
                p = p.and("route", query.route());
            }
            if (query.aspectRatio() != null) {
                q.append(" and aspectRatio = :aspect");
                p = p.and("aspect", query.aspectRatio());
            }
            if (query.from() != null) {
                q.append(" and createdAt >= :from");
                p = p.and("from", query.from());
            }
            if (query.to() != null) {
                q.append(" and createdAt < :to");
                p = p.and("to", query.to());
            }
            if (query.minCost() != null) {
                q.append(" and effectiveCostUsd >= :minCost");
                p = p.and("minCost", query.minCost());
            }
            if (query.maxCost() != null) {
                q.append(" and effectiveCostUsd <= :maxCost");
                p = p.and("maxCost", query.maxCost());
            }
            for (int i = 0; i < query.words().size(); i++) {
                // every word must occur; '!' escapes LIKE's wildcards typed by the user
                q.append(" and lower(prompt) like :w").append(i).append(" escape '!'");
                String w = query.words().get(i).replace("!", "!!").replace("%", "!%").replace("_", "!_");
                p = p.and("w" + i, "%" + w + "%");
            }
            String key = sort.byCost() ? "effectiveCostUsd" : "createdAt";
            String cmp = sort.descending() ? "<" : ">";
            String dir = sort.descending() ? " desc" : "";
            if (after != null) {
                q.append(" and (").append(key).append(' ').append(cmp).append(" :afterKey or (").append(key)
                        .append(" = :afterKey and publicId ").append(cmp).append(" :afterId))");
                p = p.and("afterKey", sort.byCost() ? after.cost() : after.createdAt()).and("afterId", after.publicId());
            }
            q.append(" order by ").append(key).append(dir).append(", publicId").append(dir);
            return GenerationJob.<GenerationJob>find(q.toString(), p).range(0, query.limit()).list();
        });
        boolean more = found.size() > query.limit();
        List<GenerationJob> shown = more ? found.subList(0, query.limit()) : found;
        return new JobPage(shown, more ? JobQuery.Cursor.of(sort, shown.get(shown.size() - 1)) : null);
    }

    /** The public id of the job a retry repeats, or null (not a retry, or that job was deleted). */
    public String retriedJob(GenerationJob job) {
        if (job.retryOf == null) {
            return null;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            GenerationJob original = GenerationJob.findById(job.retryOf);
            return original == null ? null : original.publicId;
        });
    }

    /**
     * Several jobs by public id in one query, in the order asked for, each once.
     *
     * @throws JobNotFoundException naming the first id that is not a job of this owner
     */
    public List<GenerationJob> getAll(List<String> publicIds) {
        List<String> ids = publicIds.stream().map(String::strip).filter(id -> !id.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<GenerationJob> found = QuarkusTransaction.requiringNew().call(() ->
                GenerationJob.<GenerationJob>list("owner = ?1 and publicId in ?2", OWNER, ids));
        java.util.Map<String, GenerationJob> byId = new java.util.HashMap<>();
        found.forEach(j -> byId.put(j.publicId, j));
        List<GenerationJob> ordered = new ArrayList<>(ids.size());
        for (String id : ids) {
            GenerationJob job = byId.get(id);
            if (job == null) {
                throw new JobNotFoundException(id);
            }
            ordered.add(job);
        }
        return ordered;
    }

    /** Deletes several jobs: all of them are checked first, so an unknown id deletes nothing. */
    public int deleteAll(List<String> publicIds) {
        List<GenerationJob> all = getAll(publicIds);
        for (GenerationJob job : all) {
            delete(job.publicId);
        }
        return all.size();
    }

    /** Removes a job, its timeline and its files. */
    public void delete(String publicId) {
        GenerationJob job = get(publicId);
        QuarkusTransaction.requiringNew().run(() -> GenerationJob.delete("id", job.id));
        publish(JobChange.deleted(job));
        try {
            media.deleteJob(job.publicId);
        } catch (IOException e) {
            LOG.warnf(e, "job %s deleted but its files could not all be removed", publicId);
        }
    }

    /**
     * Cancels a job. A queued job ends here at once, unsent and unpaid. A job at the provider is cancelled
     * there first (outside any transaction); then, in one transaction, it ends as CANCELLED with what the
     * provider said, and the studio stops following it. A job being sent or being copied cannot be cancelled.
     *
     * @throws ConflictException when the job's state does not allow it, or it changed at the same moment
     */
    public GenerationJob cancel(String publicId) {
        GenerationJob job = get(publicId);
        return switch (job.status) {
            case QUEUED -> endCancelled(job, EnumSet.of(JobStatus.QUEUED),
                    "Cancelled in the studio before it was sent; nothing was charged.");
            case SUBMITTING -> throw new ConflictException("This job is being sent to " + routeName(job)
                    + " right now; try again in a moment.");
            case PENDING, RUNNING -> {
                VideoProvider provider = catalog.provider(job.route).orElse(null);
                CancelOutcome outcome;
                if (provider == null) {
                    outcome = CancelOutcome.unsupported("The route '" + job.route + "' is no longer part of the studio, so the "
                            + "job could not be cancelled there: it may still finish and bill.");
                } else {
                    try {
                        outcome = provider.cancel(job.providerJobId);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "job %s: cancel at %s failed", publicId, provider.id());
                        throw new ConflictException(provider.displayName() + " could not be asked to cancel the job ("
                                + e.getMessage() + "); it goes on. Try again in a moment.");
                    }
                }
                String message = outcome.cancelled()
                        ? (outcome.message() == null || outcome.message().isBlank() ? "Cancelled at " + routeName(job) + "." : outcome.message())
                        : "Cancelled in the studio, which no longer follows the job. " + outcome.message();
                yield endCancelled(job, EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), message);
            }
            case DOWNLOADING -> throw new ConflictException("This job already finished at " + routeName(job)
                    + " and is paid for; its video is being copied into the studio and is nearly stored, so it cannot be cancelled.");
            default -> throw new ConflictException("This job has already ended: it is " + job.status.apiName() + ".");
        };
    }

    /** Ends a job as CANCELLED in one transaction if it is still in one of {@code from}; a lost race is a conflict. */
    private GenerationJob endCancelled(GenerationJob seen, Set<JobStatus> from, String message) {
        GenerationJob cancelled;
        try {
            cancelled = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob current = GenerationJob.findById(seen.id);
                if (current == null) {
                    throw new JobNotFoundException(seen.publicId);
                }
                if (!from.contains(current.status)) {
                    throw new ConflictException(current.status == JobStatus.SUBMITTING
                            ? "This job is being sent to " + routeName(current) + " right now; try again in a moment."
                            : "This job changed while it was being cancelled: it is now " + current.status.apiName() + ". Reload and try again.");
                }
                end(current, JobStatus.CANCELLED, "cancelled", message);
                current.updatedAt = clock.instant();
                GenerationJob.flush();
                return current;
            });
        } catch (RuntimeException e) {
            if (lostRace(e)) {
                throw new ConflictException("This job changed at the same moment it was being cancelled; reload and try again.");
            }
            throw e;
        }
        return published(cancelled);
    }

    private static boolean lostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private String routeName(GenerationJob job) {
        return catalog.provider(job.route).map(VideoProvider::displayName).orElse(job.route);
    }

    /**
     * Queues a new job with the same parameters (seed included) and copies of the same input images, linked
     * to the original through {@code retry_of}. Only a job that has ended can be retried.
     */
    public GenerationJob retry(String publicId) {
        GenerationJob original = get(publicId);
        if (!original.status.terminal()) {
            throw new ConflictException("This job is still " + original.status.apiName()
                    + "; wait for it to end (or cancel it) before retrying.");
        }
        List<JobRequest.ImageInput> images = new ArrayList<>();
        int frames = 0;
        int references = 0;
        for (JobInput input : inputs(original)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(media.input(original.publicId, input.fileName));
            } catch (IOException e) {
                throw new ConflictException("The input image " + input.position + " of this job is no longer stored, so it cannot be retried as it was.");
            }
            boolean reference = JobRequest.ImageInput.REFERENCE.equals(input.role);
            String field = reference ? "input_references[" + references++ + "]" : "frame_images[" + frames++ + "]";
            images.add(new JobRequest.ImageInput(field, input.role, null, bytes));
        }
        JobRequest request = new JobRequest(original.modelId, original.prompt, original.durationSeconds, original.resolution,
                original.aspectRatio, null, original.seed, original.generateAudio, images);
        try {
            return create(request, null, original.id).job();
        } catch (InvalidRequestException e) {
            throw new ConflictException("This job cannot be retried as it was: " + e.getMessage());
        }
    }

    /** Tells observers about a committed change; returns the job for chaining (null stays null). */
    private GenerationJob published(GenerationJob job) {
        if (job != null) {
            publish(JobChange.of(job));
        }
        return job;
    }

    private void publish(JobChange change) {
        try {
            changes.fire(change);
        } catch (RuntimeException e) {
            LOG.warnf(e, "job %s: a listener of job changes failed", change.publicId());
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
     * <p>When no job has that provider job id but the webhook address names one of this route's jobs whose submit
     * answer was lost ({@code submit_unknown}), the provider did create it: the job takes the provider's id and is
     * followed again, so the video that was paid for is not lost. The poll, made with the studio's own key, then
     * shows whether the id is real.
     *
     * @param studioJobId the studio job the webhook address names, or null
     * @return whether a job of this route has that provider job id (finished or not)
     */
    public boolean pokeByProviderJob(String route, String providerJobId, String studioJobId) {
        Instant now = clock.instant();
        boolean known = QuarkusTransaction.requiringNew().call(() -> {
            // only ever earlier: a job already due stays as it is, a finished one has no next attempt
            int due = GenerationJob.update("nextAttemptAt = ?1 where route = ?2 and providerJobId = ?3 and nextAttemptAt > ?1",
                    now, route, providerJobId);
            return due > 0 || GenerationJob.count("route = ?1 and providerJobId = ?2", route, providerJobId) > 0;
        });
        return known || (studioJobId != null && reconcile(route, providerJobId, studioJobId));
    }

    private boolean reconcile(String route, String providerJobId, String studioJobId) {
        GenerationJob found;
        try {
            found = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob job = GenerationJob.findByPublicId(studioJobId);
                if (job == null || !route.equals(job.route) || job.providerJobId != null
                        || job.status != JobStatus.FAILED || !SUBMIT_UNKNOWN.equals(job.errorCategory)) {
                    return null;
                }
                Instant now = clock.instant();
                record(job, job.status, JobStatus.PENDING, "Found at " + routeName(job) + " as " + providerJobId
                        + ": its webhook named this job, so the submit did reach it. Following it again.", now);
                job.status = JobStatus.PENDING;
                job.providerJobId = providerJobId;
                job.submittedAt = job.submittedAt == null ? now : job.submittedAt;
                job.errorCategory = null;
                job.errorMessage = null;
                job.finishedAt = null;
                job.nextAttemptAt = now;
                job.leaseOwner = null;
                job.leaseUntil = null;
                job.updatedAt = now;
                return job;
            });
        } catch (RuntimeException e) {
            if (lostRace(e)) {
                return true;
            }
            throw e;
        }
        if (found == null) {
            return false;
        }
        LOG.infof("job %s: its lost submit was found at %s as %s; following it again", studioJobId, route, providerJobId);
        published(found);
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // The poller's side

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
        List<Long> claimed = leases.claimDue(instanceId, now, now.plus(config.poller().lease()),
                Math.min(capacity, config.poller().batchSize()));
        List<CompletableFuture<Void>> work = new ArrayList<>(claimed.size());
        for (Long id : claimed) {
            inFlight.incrementAndGet();
            working.add(id);
            try {
                work.add(CompletableFuture.runAsync(() -> process(id), workers)
                        .whenComplete((ok, error) -> {
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
                if (j.submitAttempts >= config.limits().submitAttempts()) {
                    end(j, JobStatus.FAILED, "provider_busy", provider.displayName() + " turned the job away " + j.submitAttempts
                            + " times (" + later.reason() + "). Nothing was created or billed; try again later.");
                    return;
                }
                move(j, JobStatus.QUEUED, provider.displayName() + " could not take the job now (" + later.reason()
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
                apply(job, JobStatus.SUBMITTING, j -> end(j, JobStatus.FAILED, SUBMIT_UNKNOWN,
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
     * this instance and (when {@code expected} is given) still in that state. Once committed, a change of state
     * or progress is fired as a {@link JobChange}.
     *
     * @return the updated job, or null when the change no longer applies (deleted, cancelled, lost lease)
     */
    private GenerationJob apply(GenerationJob job, JobStatus expected, Consumer<GenerationJob> change) {
        boolean[] visible = {false};
        GenerationJob updated;
        try {
            updated = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob current = GenerationJob.findById(job.id);
                if (current == null || !instanceId.equals(current.leaseOwner) || current.status.terminal()
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
        LOG.infof("job %s via %s: %s -> %s (%s)", job.publicId, job.route, from == null ? "new" : from, to, message);
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

    /** What a job's status document shows: the job, its timeline and inputs, and the public id of the job it retries. */
    record JobDetail(GenerationJob job, List<JobEvent> timeline, List<JobInput> inputs, String retryOf) {
    }

    /** One job for its status document, read in one transaction (one consistent view, one connection). */
    JobDetail detail(String publicId) {
        JobDetail detail = QuarkusTransaction.requiringNew().call(() -> {
            GenerationJob job = GenerationJob.findByPublicId(publicId);
            if (job == null || !OWNER.equals(job.owner)) {
                return null;
            }
            GenerationJob original = job.retryOf == null ? null : GenerationJob.findById(job.retryOf);
            return new JobDetail(job, JobEvent.forJob(job.id), job.inputCount == 0 ? List.of() : JobInput.forJob(job.id),
                    original == null ? null : original.publicId);
        });
        if (detail == null) {
            throw new JobNotFoundException(publicId);
        }
        return detail;
    }
}
