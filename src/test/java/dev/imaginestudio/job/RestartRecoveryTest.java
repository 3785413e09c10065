package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.local.LocalPreviewProvider;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a restart leaves behind: jobs whose lease belongs to an instance that no longer exists. They are
 * claimable again once the lease expires, and each carries on from where it was.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class RestartRecoveryTest {

    @Inject
    JobWorker worker;

    @Inject
    LocalPreviewProvider preview;

    private String queued(String prompt) {
        return given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + prompt + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"4:3\"}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** Puts a job in the state a crashed instance would have left it in. */
    private void leftBehind(String id, JobStatus status, String outputUrl) {
        QuarkusTransaction.requiringNew().run(() -> {
            GenerationJob job = GenerationJob.findByPublicId(id);
            job.status = status;
            job.providerJobId = "preview-" + id;
            job.submittedAt = Instant.now();
            job.outputUrl = outputUrl;
            job.leaseOwner = "studio-crashed";
            job.leaseUntil = Instant.now().minusSeconds(5);
            job.nextAttemptAt = Instant.now().minusSeconds(60);
        });
    }

    @Test
    void aJobLeftRunningIsRenderedAgainAndCompletes() {
        String id = queued("left running");
        leftBehind(id, JobStatus.RUNNING, null);
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        assertEquals(24, done.outputFrames);
    }

    @Test
    void aLostPreviewRenderIsQueuedAgainAndCompletes() {
        String id = queued("lost render");
        // accepted as preview-<id> by an earlier process: this one never rendered it
        leftBehind(id, JobStatus.PENDING, null);
        assertEquals(PollOutcome.State.LOST, preview.poll("preview-" + id).state());

        worker.tick().join();
        GenerationJob requeued = Ledger.find(id);
        assertEquals(JobStatus.QUEUED, requeued.status, requeued.errorMessage);
        assertNull(requeued.errorCategory, "a lost preview is not a failure");
        assertNull(requeued.costUsd, "nothing is billed for sending it again");

        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        assertEquals(24, done.outputFrames);
        assertEquals(0, BigDecimal.ZERO.compareTo(done.costUsd), "a preview is free");
        assertEquals(1, done.submitAttempts, "sent again once, by this process");
        var events = QuarkusTransaction.requiringNew().call(() -> JobEvent.forJob(done.id));
        assertTrue(
                events.stream()
                        .anyMatch(e -> e.fromStatus == JobStatus.PENDING
                                && e.toStatus == JobStatus.QUEUED
                                && e.message.contains("costs nothing")),
                "the timeline says why it was queued again");
    }

    @Test
    void aJobLeftDownloadingCompletes() {
        String id = queued("left downloading");
        leftBehind(id, JobStatus.DOWNLOADING, "preview:preview-" + id);
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
    }

    @Test
    void aJobWhoseLeaseIsStillValidIsLeftAlone() {
        String id = queued("still leased elsewhere");
        QuarkusTransaction.requiringNew().run(() -> {
            GenerationJob job = GenerationJob.findByPublicId(id);
            job.leaseOwner = "studio-alive";
            job.leaseUntil = Instant.now().plusSeconds(600);
        });
        worker.tick().join();
        worker.tick().join();
        GenerationJob job = Ledger.find(id);
        assertEquals(JobStatus.QUEUED, job.status);
        assertEquals(0, job.submitAttempts);
    }

    @Test
    void aQueuedJobIsSubmittedOnce() {
        String id = queued("queued before the restart");
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status);
        assertEquals(1, done.submitAttempts);
        long submits = QuarkusTransaction.requiringNew()
                .call(() -> JobEvent.count("jobId = ?1 and toStatus = ?2", done.id, JobStatus.SUBMITTING));
        assertEquals(1, submits);
    }

    @Test
    void everyTransitionIsRecordedInOrder() {
        String id = queued("timeline");
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        var events = QuarkusTransaction.requiringNew().call(() -> JobEvent.forJob(done.id));
        assertEquals(JobStatus.QUEUED, events.get(0).toStatus);
        assertEquals(JobStatus.SUCCEEDED, events.get(events.size() - 1).toStatus);
        for (int i = 1; i < events.size(); i++) {
            assertEquals(events.get(i - 1).toStatus, events.get(i).fromStatus, "events chain from state to state");
            assertTrue(!events.get(i).occurredAt.isBefore(events.get(i - 1).occurredAt));
        }
    }
}
