package dev.imaginestudio.poller;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.fake.ShiftableClock;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import dev.imaginestudio.testing.openrouter.OpenRouterTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Work that outlasts its lease (a slow download) keeps the lease: the running instance renews it, so another
 * instance never takes the job up while it is still being worked on.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(OpenRouterTestProfile.class)
class LeaseRenewalTest {

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    JobWorker worker;

    @Inject
    JobLeases leases;

    @Inject
    ShiftableClock clock;

    @Inject
    StudioConfig config;

    @Test
    void aSlowDownloadKeepsItsLeaseSoNoOtherInstanceTakesTheJob() throws Exception {
        fake.reset();
        fake.clock(clock::instant).nextJob(Script.untilFinished());
        StudioDriver studio = new StudioDriver(worker, clock);
        String prompt = "A slow copy " + UUID.randomUUID();
        String id = create(request("x-ai/grok-imagine-video", prompt));
        studio.tick();
        String orId = studio.job(id).providerJobId;
        fake.finish(orId, "completed", null);
        // slower than the test takes to reach its next tick, quicker than the route's 2 s request timeout
        fake.inject(Endpoint.CONTENT, Fault.slow(Duration.ofMillis(1500)));
        fake.inject(Endpoint.CDN, Fault.slow(Duration.ofMillis(1500)));
        clock.advance(StudioDriver.STEP);

        CompletableFuture<Void> downloading = worker.tick();
        Instant deadline = Instant.now().plusSeconds(20);
        while (fake.requests(Endpoint.CONTENT).isEmpty()
                && fake.requests(Endpoint.CDN).isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "the download never started");
            Thread.sleep(10);
        }
        assertEquals(JobStatus.DOWNLOADING, studio.job(id).status);
        // the lease this instance took has run out by the clock; the next tick renews it rather than taking the job
        // up a second time
        clock.advance(config.poller().lease().plusSeconds(1));
        CompletableFuture<Void> next = worker.tick();

        GenerationJob held = studio.job(id);
        assertTrue(
                held.leaseUntil.isAfter(clock.instant()),
                "lease until " + held.leaseUntil + ", now " + clock.instant());
        List<Long> taken = leases.claimDue(
                "another-instance", clock.instant(), clock.instant().plusSeconds(60), 100);
        assertFalse(taken.contains(held.id), "another instance took up a job that is being downloaded");

        downloading.join();
        next.join();
        assertEquals(JobStatus.SUCCEEDED, studio.job(id).status);
        assertEquals(1, fake.submitsWithPrompt(prompt).size());
        assertEquals(
                1,
                fake.requests(Endpoint.CONTENT).size()
                        + fake.requests(Endpoint.CDN).size(),
                "the video was copied once");
    }
}
