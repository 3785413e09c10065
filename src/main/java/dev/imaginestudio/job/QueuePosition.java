package dev.imaginestudio.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/** Where a waiting job stands in the studio's queue, for its page (read with it, see {@link JobReads}). */
@ApplicationScoped
public class QueuePosition {

    /**
     * 1 for the job the poller takes next, counting the queued jobs due before it (the poller claims the earliest due
     * first); null when the job is not waiting in the queue.
     */
    public Long position(GenerationJob job) {
        if (job.status != JobStatus.QUEUED || job.nextAttemptAt == null) {
            return null;
        }
        // joins the read of a job's page when there is one, so the page stays one transaction
        return QuarkusTransaction.joiningExisting()
                        .call(() -> GenerationJob.count(
                                "status = ?1 and (nextAttemptAt < ?2 or (nextAttemptAt = ?2 and id < ?3))",
                                JobStatus.QUEUED,
                                job.nextAttemptAt,
                                job.id))
                + 1;
    }
}
