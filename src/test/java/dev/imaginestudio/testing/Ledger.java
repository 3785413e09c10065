package dev.imaginestudio.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.poller.JobWorker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.function.Predicate;

/** Drives the poller from a test (the scheduler is off in tests) and reads the ledger directly. */
public final class Ledger {

    private Ledger() {}

    /** Ticks until the job is terminal; fails the test if it is not within a generous bound. */
    public static GenerationJob runUntilTerminal(JobWorker worker, String publicId) {
        return runUntil(worker, publicId, j -> j.status.terminal());
    }

    public static GenerationJob runUntil(JobWorker worker, String publicId, Predicate<GenerationJob> done) {
        return runUntilAll(worker, java.util.List.of(publicId), done).get(0);
    }

    /** Ticks until every job satisfies {@code done}; fails the test if they do not within a generous bound. */
    public static java.util.List<GenerationJob> runUntilAll(
            JobWorker worker, java.util.Collection<String> ids, Predicate<GenerationJob> done) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            worker.tick().join();
            java.util.List<GenerationJob> all = ids.stream().map(Ledger::find).toList();
            if (all.stream().allMatch(j -> j != null && done.test(j))) {
                return all;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("jobs " + ids + " did not get there: "
                + ids.stream()
                        .map(Ledger::find)
                        .map(j -> j == null
                                ? "gone"
                                : j.publicId + " " + j.status + (j.errorMessage == null ? "" : ": " + j.errorMessage))
                        .toList());
    }

    public static GenerationJob find(String publicId) {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(publicId));
    }

    public static long count() {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.count());
    }
}
