package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** A provider key must never show: not in an API answer, a page, or a log line. */
public final class KeyChecks {

    private KeyChecks() {
    }

    /** Neither the API (status documents, history, models, OpenAPI) nor a page (job pages, settings, create) shows it. */
    public static void assertNotShown(String key, List<String> jobIds) {
        List<String> paths = new ArrayList<>(List.of("/api/v1/videos", "/api/v1/videos/models", "/q/openapi", "/settings", "/", "/jobs"));
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
        assertTrue(lines.stream().anyMatch(l -> l.contains(expected)), "no log line contains '" + expected + "': " + lines);
        for (String line : lines) {
            assertFalse(line.contains(key), () -> "a log line shows the key: " + line);
        }
    }
}
