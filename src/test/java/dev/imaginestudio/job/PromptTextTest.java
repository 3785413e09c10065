package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A prompt is printable text: control characters, direction overrides and broken characters are refused with the
 * field named (they break JSON readers of the history, PostgreSQL and terminals), and length counts characters as
 * people see them, not UTF-16 units.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class PromptTextTest {

    @Inject
    JobService jobs;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void remove() {
        created.forEach(jobs::delete);
    }

    /** The JSON string literal is sent as written, so escapes such as a lone surrogate reach the server as such. */
    private io.restassured.response.Response post(String promptLiteral) {
        return given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + promptLiteral
                        + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\"}")
                .post("/api/v1/videos");
    }

    private static long jobCount() {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.count());
    }

    @Test
    void controlCharactersOverridesAndBrokenCharactersAreRefused() {
        long before = jobCount();
        String[][] refused = {
            {"a kite\\u0000 over the sea", "U+0000"},
            {"a kite \\u001b[31m over the sea", "U+001B"},
            {"a kite \\u202e aes eht revo", "U+202E"},
            {"a kite \\u2066 over the sea", "U+2066"},
            {"a kite \\u0085 over the sea", "U+0085"},
            {"a kite \\ud800 over the sea", "unpaired surrogate"},
            {"a kite \\udc00 over the sea", "unpaired surrogate"},
        };
        for (String[] prompt : refused) {
            post(prompt[0])
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("prompt"))
                    .body("detail", containsString(prompt[1]));
        }
        assertEquals(before, jobCount(), "nothing stored for a refused prompt");
    }

    @Test
    void tabsLineBreaksAndEveryScriptAreText() {
        String id =
                post("Line one,\\ttabbed\\r\\nline two: \\u00e9t\\u00e9, \\u65e5\\u672c, \\u0645\\u0631\\u062d\\u0628\\u0627, \\ud83e\\ude81 kite")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("id");
        created.add(id);
        given().get("/api/v1/videos/" + id).then().statusCode(200).body("prompt", containsString("\uD83E\uDE81 kite"));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String kite = "\\ud83e\\ude81";
        created.add(post(kite.repeat(JobValidator.MAX_PROMPT_LENGTH))
                .then()
                .statusCode(202)
                .extract()
                .path("id"));
        post(kite.repeat(JobValidator.MAX_PROMPT_LENGTH + 1))
                .then()
                .statusCode(400)
                .body("detail", containsString("4097 characters long; the limit is 4096"));
    }
}
