package dev.imaginestudio.job;

import dev.imaginestudio.account.Caller;
import dev.imaginestudio.common.BudgetExceededException;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.IdempotencyMismatchException;
import dev.imaginestudio.common.Ids;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.JobValidator.ValidJob;
import dev.imaginestudio.media.InputImages;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The job ledger as pages and the API use it: creating jobs, finding them, cancelling, retrying and deleting them.
 * Every change of state goes through {@link JobLedger} (one transaction, a recorded event, a {@link JobChange} once
 * committed); carrying a job through submit, poll and download is the poller's work.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final ModelCatalog catalog;
    private final JobValidator validator;
    private final MediaStore media;
    private final JobImages jobImages;
    private final Clock clock;
    private final JobLedger ledger;
    private final Caller caller;
    private final Budgets budgets;

    JobService(
            ModelCatalog catalog,
            JobValidator validator,
            MediaStore media,
            JobImages jobImages,
            Clock clock,
            JobLedger ledger,
            Caller caller,
            Budgets budgets) {
        this.catalog = catalog;
        this.validator = validator;
        this.media = media;
        this.jobImages = jobImages;
        this.clock = clock;
        this.ledger = ledger;
        this.caller = caller;
        this.budgets = budgets;
    }

    /** The result of {@link #create}: {@code existing} is true when an Idempotency-Key matched an earlier job. */
    public record Created(GenerationJob job, boolean existing) {}

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
        List<InputImages.Loaded> images = jobImages.load(valid.images());
        String publicId = newPublicId();
        try {
            List<JobInput> stored = jobImages.store(publicId, valid.images(), images);
            GenerationJob job;
            try {
                job = QuarkusTransaction.requiringNew()
                        .call(() -> persistNew(publicId, valid, key, requestHash, stored, retryOf));
            } catch (PersistenceException | BudgetExceededException e) {
                media.deleteJob(publicId);
                // two requests with one Idempotency-Key raced: the unique constraint let one win, or the budget
                // took the first and refused the repeat, which is that job and not a second charge
                if (key != null) {
                    Optional<GenerationJob> winner = findByIdempotencyKey(key);
                    if (winner.isPresent()) {
                        return new Created(sameRequest(winner.get(), requestHash, key), true);
                    }
                }
                throw e;
            }
            ledger.published(job);
            return new Created(job, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the input images", e);
        }
    }

    private Optional<GenerationJob> findByIdempotencyKey(String key) {
        String owner = caller.ownerId();
        return QuarkusTransaction.requiringNew()
                .call(() -> GenerationJob.<GenerationJob>find("owner = ?1 and idempotencyKey = ?2", owner, key)
                        .firstResultOptional());
    }

    /**
     * The earlier job of an Idempotency-Key, if the request is the same one again; a different request under the same
     * key is refused, as Stripe and the IETF Idempotency-Key draft do, rather than answered with an unrelated job.
     */
    private static GenerationJob sameRequest(GenerationJob earlier, String requestHash, String key) {
        if (earlier.requestHash != null && !earlier.requestHash.equals(requestHash)) {
            throw new IdempotencyMismatchException(
                    "The Idempotency-Key '" + key + "' was used for a different request (job " + earlier.publicId
                            + "); send that request again, or use a new key for a new job.");
        }
        return earlier;
    }

    private GenerationJob persistNew(
            String publicId,
            ValidJob valid,
            String idempotencyKey,
            String requestHash,
            List<JobInput> inputs,
            Long retryOf) {
        Instant now = clock.instant();
        GenerationJob job = new GenerationJob();
        job.publicId = publicId;
        job.owner = caller.ownerId();
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
        // the limit check and the reservation are this one transaction: the insert below is the reservation
        budgets.reserve(job.owner, job.costEstimateUsd);
        job.persist();
        for (JobInput input : inputs) {
            input.jobId = job.id;
            input.persist();
        }
        JobLedger.record(
                job,
                null,
                JobStatus.QUEUED,
                retryOf == null ? "Accepted by the studio" : "Accepted by the studio as a retry",
                now);
        return job;
    }

    /** Random, URL-safe, 20 characters (119 bits): never a sequential number. */
    static String newPublicId() {
        return Ids.alphanumeric(20);
    }

    public GenerationJob get(String publicId) {
        GenerationJob job = QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(publicId));
        if (job == null || !caller.mayAccess(job.owner)) {
            throw new JobNotFoundException(publicId);
        }
        return job;
    }

    public List<JobInput> inputs(GenerationJob job) {
        return job.inputCount == 0
                ? List.of()
                : QuarkusTransaction.requiringNew().call(() -> JobInput.forJob(job.id));
    }

    /** The stored bytes of one input image of a job. */
    public byte[] storedInput(String publicId, int position) {
        GenerationJob job = get(publicId);
        JobInput input = inputs(job).stream()
                .filter(i -> i.position == position)
                .findFirst()
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
        List<String> ids = publicIds.stream()
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        String scope = caller.scope();
        List<GenerationJob> found = QuarkusTransaction.requiringNew()
                .call(() -> scope == null
                        ? GenerationJob.<GenerationJob>list("publicId in ?1", ids)
                        : GenerationJob.<GenerationJob>list("owner = ?1 and publicId in ?2", scope, ids));
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
        ledger.publish(JobChange.deleted(job));
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
            case QUEUED ->
                endCancelled(
                        job,
                        EnumSet.of(JobStatus.QUEUED),
                        "Cancelled in the studio before it was sent; nothing was charged.");
            case SUBMITTING ->
                throw new ConflictException(
                        "This job is being sent to " + ledger.routeName(job) + " right now; try again in a moment.");
            case PENDING, RUNNING -> {
                VideoProvider provider = catalog.provider(job.route).orElse(null);
                CancelOutcome outcome;
                if (provider == null) {
                    outcome = CancelOutcome.unsupported(
                            "The route '" + job.route + "' is no longer part of the studio, so the "
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
                        ? (outcome.message() == null || outcome.message().isBlank()
                                ? "Cancelled at " + ledger.routeName(job) + "."
                                : outcome.message())
                        : "Cancelled in the studio, which no longer follows the job. " + outcome.message();
                yield endCancelled(job, EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), message);
            }
            case DOWNLOADING ->
                throw new ConflictException("This job already finished at " + ledger.routeName(job)
                        + " and is paid for; its video is being copied into the studio (a failed copy is tried again while "
                        + ledger.routeName(job)
                        + " keeps the video; nothing more is billed), so it cannot be cancelled.");
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
                    throw new ConflictException(
                            current.status == JobStatus.SUBMITTING
                                    ? "This job is being sent to " + ledger.routeName(current)
                                            + " right now; try again in a moment."
                                    : "This job changed while it was being cancelled: it is now "
                                            + current.status.apiName() + ". Reload and try again.");
                }
                ledger.end(current, JobStatus.CANCELLED, ErrorCategory.CANCELLED, message);
                current.updatedAt = clock.instant();
                GenerationJob.flush();
                return current;
            });
        } catch (RuntimeException e) {
            if (JobLedger.lostRace(e)) {
                throw new ConflictException(
                        "This job changed at the same moment it was being cancelled; reload and try again.");
            }
            throw e;
        }
        return ledger.published(cancelled);
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
                throw new ConflictException("The input image " + input.position
                        + " of this job is no longer stored, so it cannot be retried as it was.");
            }
            boolean reference = JobRequest.ImageInput.REFERENCE.equals(input.role);
            String field = reference ? "input_references[" + references++ + "]" : "frame_images[" + frames++ + "]";
            images.add(new JobRequest.ImageInput(field, input.role, null, bytes));
        }
        JobRequest request = new JobRequest(
                original.modelId,
                original.prompt,
                original.durationSeconds,
                original.resolution,
                original.aspectRatio,
                null,
                original.seed,
                original.generateAudio,
                images);
        try {
            return create(request, null, original.id).job();
        } catch (InvalidRequestException e) {
            throw new ConflictException("This job cannot be retried as it was: " + e.getMessage());
        }
    }

    /** What a job's status document shows: the job, its timeline and inputs, and the public id of the job it retries. */
    record JobDetail(GenerationJob job, List<JobEvent> timeline, List<JobInput> inputs, String retryOf) {}

    /** One job for its status document, read in one transaction (one consistent view, one connection). */
    JobDetail detail(String publicId) {
        JobDetail detail = QuarkusTransaction.requiringNew().call(() -> {
            GenerationJob job = GenerationJob.findByPublicId(publicId);
            if (job == null || !caller.mayAccess(job.owner)) {
                return null;
            }
            GenerationJob original = job.retryOf == null ? null : GenerationJob.findById(job.retryOf);
            return new JobDetail(
                    job,
                    JobEvent.forJob(job.id),
                    job.inputCount == 0 ? List.of() : JobInput.forJob(job.id),
                    original == null ? null : original.publicId);
        });
        if (detail == null) {
            throw new JobNotFoundException(publicId);
        }
        return detail;
    }
}
