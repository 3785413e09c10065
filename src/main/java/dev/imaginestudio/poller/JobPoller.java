package dev.imaginestudio.poller;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The heartbeat that carries jobs forward; all the work is in {@link JobWorker#tick()}. */
@ApplicationScoped
class JobPoller {

    private final JobWorker worker;

    JobPoller(JobWorker worker) {
        this.worker = worker;
    }

    @Scheduled(
            every = "${studio.poller.tick:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PollerDisabled.class)
    void tick() {
        worker.tick();
    }
}
