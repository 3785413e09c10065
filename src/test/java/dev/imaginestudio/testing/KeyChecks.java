package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Script;
import java.util.ArrayList;
import java.util.List;

/** A provider key must never show: not in an API answer, a page, or a log line. */
public final class KeyChecks {

    private KeyChecks() {}

    /**
     * Four jobs whose every answer echoes the key ({@code submit} refused and failing after creating the job,
     * {@code poll} failing and answering an unknown status, the download refused, the job failing), with the log
     * captured: the key is in no log line, no API answer and no page, and is shown redacted where a message holds it.
     */
    public static <E extends Enum<E>> void assertNeverShown(
            StudioDriver studio, FakeServer<E, ?, ?> fake, E submit, E poll, E download, String model, String prompt) {
        String key = fake.defaultKey();
        String echo = "Bearer " + key;
        List<String> ids = new ArrayList<>();
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            fake.inject(submit, Fault.status(400, null, "refused " + echo));
            ids.add(StudioDriver.create(StudioDriver.request(model, prompt)));
            studio.untilFinished(ids.get(0));
            fake.inject(submit, Fault.status(500, null, "upstream saw " + echo).creatingJob());
            ids.add(StudioDriver.create(StudioDriver.request(model, prompt + " 2")));
            studio.untilFinished(ids.get(1));
            fake.inject(poll, Fault.status(502, null, "upstream saw " + echo))
                    .inject(poll, Fault.unknownStatus("thinking-" + key))
                    .inject(download, Fault.status(401, null, "refused " + echo), 3);
            ids.add(StudioDriver.create(StudioDriver.request(model, prompt + " 3")));
            studio.untilFinished(ids.get(2));
            fake.nextJob(Script.failing("the job of " + echo + " failed"));
            ids.add(StudioDriver.create(StudioDriver.request(model, prompt + " 4")));
            studio.untilFinished(ids.get(3));
            lines = log.lines();
        }
        assertNotLogged(key, lines, "download attempt");
        assertNotShown(key, ids);
        assertTrue(StudioDriver.status(ids.get(0)).getString("error").contains("[redacted]"));
        assertTrue(StudioDriver.status(ids.get(3)).getString("error").contains("[redacted]"));
    }

    /** Neither the API (status documents, history, models, OpenAPI) nor a page (job pages, settings, create) shows it. */
    public static void assertNotShown(String key, List<String> jobIds) {
        List<String> paths = new ArrayList<>(
                List.of("/api/v1/videos", "/api/v1/videos/models", "/q/openapi", "/settings", "/", "/jobs"));
        for (String id : jobIds) {
            paths.add("/api/v1/videos/" + id);
            paths.add("/jobs/" + id);
        }
        for (String path : paths) {
            String answer = given().get(path).then().extract().asString();
            assertFalse(answer.isEmpty(), path + " answered nothing: the check would prove nothing");
            assertFalse(answer.contains(key), path + " shows the key");
        }
    }

    /** No captured line shows it; {@code expected} is a line fragment that proves the capture saw the route's work. */
    public static void assertNotLogged(String key, List<String> lines, String expected) {
        assertTrue(
                lines.stream().anyMatch(l -> l.contains(expected)),
                "no log line contains '" + expected + "': " + lines);
        for (String line : lines) {
            assertFalse(line.contains(key), () -> "a log line shows the key: " + line);
        }
    }
}
