package dev.imaginestudio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.function.Predicate;

/** Drives the poller from a test (the scheduler is off in tests) and reads the ledger directly. */
public final class Ledger {

    private Ledger() {
    }

    /** Ticks until the job is terminal; fails the test if it is not within a generous bound. */
    public static GenerationJob runUntilTerminal(JobService jobs, String publicId) {
        return runUntil(jobs, publicId, j -> j.status.terminal());
    }

    public static GenerationJob runUntil(JobService jobs, String publicId, Predicate<GenerationJob> done) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            jobs.tick().join();
            GenerationJob job = find(publicId);
            if (job != null && done.test(job)) {
                return job;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        GenerationJob job = find(publicId);
        return fail("job " + publicId + " did not get there; it is " + (job == null ? "gone" : job.status + ": " + job.errorMessage));
    }

    public static GenerationJob find(String publicId) {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(publicId));
    }

    public static long count() {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.count());
    }
}
