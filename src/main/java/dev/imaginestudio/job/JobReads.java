package dev.imaginestudio.job;

import dev.imaginestudio.account.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The reads behind pages: each answers one page (or fragment) in one transaction, and joins the caller's
 * transaction when there is one, so a page that also shows other features' rows still reads once.
 */
@ApplicationScoped
public class JobReads {

    /**
     * Everything a job's page shows from the database: the job, its timeline and input images, the job it retries
     * ({@code retryOf}, null if none or deleted), its place in the queue and the estimated time left (null when unknown).
     */
    public record Detail(
            GenerationJob job,
            List<JobEvent> timeline,
            List<JobInput> inputs,
            String retryOf,
            Long queuePlace,
            String eta) {}

    private final QueuePosition queue;
    private final JobTimings timings;

    private final Caller caller;

    JobReads(QueuePosition queue, JobTimings timings, Caller caller) {
        this.caller = caller;
        this.queue = queue;
        this.timings = timings;
    }

    /** The owner's job by public id. */
    @Transactional
    public GenerationJob job(String publicId) {
        GenerationJob job = GenerationJob.findByPublicId(publicId);
        if (job == null || !caller.mayAccess(job.owner)) {
            throw new JobNotFoundException(publicId);
        }
        return job;
    }

    @Transactional
    public Detail detail(String publicId) {
        GenerationJob job = job(publicId);
        List<JobInput> inputs = job.inputCount == 0 ? List.of() : JobInput.forJob(job.id);
        String retryOf = null;
        if (job.retryOf != null) {
            GenerationJob original = GenerationJob.findById(job.retryOf);
            retryOf = original == null ? null : original.publicId;
        }
        return new Detail(job, JobEvent.forJob(job.id), inputs, retryOf, queue.position(job), timings.remaining(job));
    }
}
