package dev.imaginestudio.job;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/** Carries jobs forward from a test thread, the way the scheduled poller would (it is off in tests). */
public final class JobDriver {

    private JobDriver() {
    }

    /** Ticks until the job has ended, for at most {@code limit}; returns the job as it ended. */
    public static GenerationJob untilTerminal(JobService jobs, String publicId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            jobs.tick().join();
            GenerationJob job = jobs.get(publicId);
            if (job.status.terminal()) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                fail("job " + publicId + " did not end within " + limit + "; it is " + job.status);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while driving job " + publicId);
            }
        }
    }

    public static GenerationJob untilTerminal(JobService jobs, String publicId) {
        return untilTerminal(jobs, publicId, Duration.ofSeconds(90));
    }
}
