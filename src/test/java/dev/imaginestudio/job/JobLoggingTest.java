package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A job's state changes are logged one line each (INFO), refused requests as WARN without their bodies. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class JobLoggingTest {

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Test
    void stateChangesAndRefusalsLeaveOneLineEach() {
        Logger service = Logger.getLogger(JobLedger.class.getName());
        Level before = service.getLevel();
        service.setLevel(Level.INFO);
        try (LogCapture log = LogCapture.start()) {
            String id = jobs.create(
                            new JobRequest("local/preview", "a logged lighthouse", 1, "480p", "16:9", null, null, null),
                            null)
                    .job()
                    .publicId;
            Ledger.runUntilTerminal(worker, id);
            List<String> lines = log.lines().stream()
                    .filter(l -> l.contains("job " + id + " via local"))
                    .toList();
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("new -> QUEUED (Accepted by the studio)")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("QUEUED -> SUBMITTING")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("-> SUCCEEDED")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("lighthouse")), "no prompt in the log");

            String secret = "a prompt that must not be logged";
            given().contentType(ContentType.JSON)
                    .body("{\"prompt\":\"" + secret + "\",\"duration\":99}")
                    .post("/api/v1/videos")
                    .then()
                    .statusCode(400);
            List<String> refused = log.lines().stream()
                    .filter(l -> l.contains("refused /api/v1/videos (400)"))
                    .toList();
            assertTrue(
                    refused.size() == 1 && refused.get(0).contains("duration"),
                    log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(secret)), "no body in the log");
            jobs.delete(id);
        } finally {
            service.setLevel(before);
        }
    }
}
