package dev.imaginestudio.poller;

import dev.imaginestudio.job.JobService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The heartbeat that carries jobs forward; all the work is in {@link JobService#tick()}. */
@ApplicationScoped
class JobPoller {

    private final JobService jobs;

    JobPoller(JobService jobs) {
        this.jobs = jobs;
    }

    @Scheduled(every = "${studio.poller.tick:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerDisabled.class)
    void tick() {
        jobs.tick();
    }
}
