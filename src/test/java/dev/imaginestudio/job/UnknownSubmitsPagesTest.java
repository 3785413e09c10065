package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job whose submit answer was lost may have been paid for: the history says so at the top, with a link to the
 * job, and the job page says what the user can do.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class UnknownSubmitsPagesTest {

    @Inject
    JobService jobs;

    String id;

    @AfterEach
    void remove() {
        if (id != null) {
            jobs.delete(id);
        }
    }

    @Test
    void theHistoryAndTheJobPageShowAJobThatMayHaveBeenBilled() {
        String prompt = "A lost submit " + UUID.randomUUID();
        given().get("/jobs").then().statusCode(200).body(not(containsString("may have been created and billed")));

        id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + prompt + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\"}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        // what the worker records when the answer to a submit never came
        QuarkusTransaction.requiringNew().run(() -> {
            GenerationJob job = GenerationJob.findByPublicId(id);
            job.status = JobStatus.FAILED;
            job.errorCategory = ErrorCategory.SUBMIT_UNKNOWN;
            job.errorMessage = "The answer to the submit was lost (connection reset).";
            job.finishedAt = Instant.now();
            job.nextAttemptAt = null;
        });

        given().get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("1 job of the last week may have been created and billed"))
                .body(containsString("href=\"/jobs/" + id + "\""))
                .body(containsString(prompt));
        given().get("/jobs/" + id)
                .then()
                .statusCode(200)
                .body(containsString("What you can do"))
                .body(containsString("retrying is safe"))
                .body(containsString("unknown: the answer to the submit was lost"));
    }
}
