package dev.imaginestudio.poller;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.StudioTest;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import dev.imaginestudio.testing.openrouter.OpenRouterTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A paid video is not given up after a few failed downloads (a CDN outage, a full disk): the copy is retried, further
 * and further apart, for as long as the provider keeps the output, and never by submitting the generation again.
 * (The OpenRouter profile allows 3 attempts before the job may fail; OpenRouter's output is taken as kept 1 h.)
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(OpenRouterTestProfile.class)
class PaidDownloadRecoveryTest extends StudioTest {

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    MediaStore media;

    @BeforeEach
    void freshFake() {
        fake.reset().clock(clock::instant);
    }

    private void assertOneSubmitOneCharge(JsonPath done) {
        assertEquals(1, fake.submitsWithPrompt(prompt).size(), "the generation was sent again");
        assertEquals(1, fake.jobsWithPrompt(prompt).size(), "a second job was created (and billed) at OpenRouter");
        assertUsd("0.3", done.get("usage.cost"));
    }

    @Test
    void aDownloadThatFailsEightTimesThenSucceedsStillCompletesWithOneSubmitAndOneCharge() {
        String id = create(request("x-ai/grok-imagine-video", prompt));
        fake.inject(Endpoint.CONTENT, Fault.status(503), 8);

        JsonPath done = studio.untilFinished(id, 60, Duration.ofMinutes(2));

        assertEquals("completed", done.getString("status"), () -> done.getString("error"));
        assertEquals(9, fake.requestsFor(providerJobId(id), Endpoint.CONTENT).size());
        assertOneSubmitOneCharge(done);
        assertTrue(
                done.getList("timeline.message", String.class).stream()
                        .anyMatch(m -> m != null && m.startsWith("Download failed 3 times")),
                "the page says it keeps trying");
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    @Test
    void aFullDiskDelaysTheCopyUntilThereIsRoomAgain() throws Exception {
        String id = create(request("x-ai/grok-imagine-video", prompt));
        // the job's folder cannot be made: every write of the copy fails, as on a full disk
        Path folder = media.jobDir(id);
        assertFalse(Files.exists(folder));
        Files.createDirectories(folder.getParent());
        Files.writeString(folder, "not a folder");
        try {
            for (int i = 0; i < 20 && studio.job(id).downloadAttempts < 6; i++) {
                studio.tick();
                clock.advance(Duration.ofMinutes(2));
            }
            assertEquals(JobStatus.DOWNLOADING, studio.job(id).status, () -> studio.job(id).errorMessage);
            assertTrue(studio.job(id).downloadAttempts >= 6);
        } finally {
            Files.delete(folder);
        }
        JsonPath done = studio.untilFinished(id, 20, Duration.ofMinutes(31));
        assertEquals("completed", done.getString("status"), () -> done.getString("error"));
        assertOneSubmitOneCharge(done);
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    @Test
    void retriesArePacedAtMostHalfAnHourApartAndEndAsDownloadFailedOnceTheOutputHasExpired() {
        String id = create(request("x-ai/grok-imagine-video", prompt));
        fake.inject(Endpoint.CONTENT, Fault.status(503), 1000);
        studio.untilFinished(id, 200, Duration.ofMinutes(1));
        JsonPath failed = StudioDriver.status(id);
        assertEquals("failed", failed.getString("status"));
        assertEquals("download_failed", failed.getString("error_category"));
        assertTrue(failed.getString("error").contains("before its output expired"), failed.getString("error"));
        List<java.time.Instant> attempts = FakeServer.instants(fake.requestsFor(providerJobId(id), Endpoint.CONTENT));
        for (int i = 1; i < attempts.size(); i++) {
            assertFalse(
                    Duration.between(attempts.get(i - 1), attempts.get(i)).compareTo(Duration.ofMinutes(31)) > 0,
                    "more than 30 min between two attempts");
        }
        // about an hour of attempts, not six in a minute
        assertTrue(Duration.between(attempts.get(0), attempts.get(attempts.size() - 1))
                        .compareTo(Duration.ofMinutes(50))
                > 0);
        assertEquals(1, fake.submitsWithPrompt(prompt).size());
    }
}
