package dev.imaginestudio.job;

/**
 * A job changed and the change is committed: fired by {@link JobLedger} after each committed transition
 * (and after a job is created or deleted), for live pages and caches. Observers run on the thread that made
 * the change and must not block.
 */
public record JobChange(String publicId, String owner, JobStatus status, int progress, String prompt, boolean deleted) {

    /** Whether a stream for {@code scope} (an owner id, or null for an admin's everything) shows this change. */
    public boolean visibleTo(String scope) {
        return scope == null || scope.equals(owner);
    }

    static JobChange of(GenerationJob job) {
        return new JobChange(job.publicId, job.owner, job.status, job.progress, job.prompt, false);
    }

    static JobChange deleted(GenerationJob job) {
        return new JobChange(job.publicId, job.owner, job.status, job.progress, job.prompt, true);
    }
}
