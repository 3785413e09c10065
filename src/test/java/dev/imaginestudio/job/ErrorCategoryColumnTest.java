package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rows written before the enum read as before, and the column and the API still hold the same words. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class ErrorCategoryColumnTest {

    @Inject
    JobService jobs;

    @Test
    void theColumnHoldsTheWordAndTheApiShowsIt() {
        String id = jobs.create(
                        new JobRequest("local/preview", "an error category", 1, "480p", "16:9", null, null, null), null)
                .job()
                .publicId;
        try {
            // as an earlier version wrote it
            QuarkusTransaction.requiringNew()
                    .run(() -> GenerationJob.getEntityManager()
                            .createNativeQuery(
                                    "update generation_job set status = 'FAILED', error_category = 'download_failed', next_attempt_at = null, "
                                            + "finished_at = ?1 where public_id = ?2")
                            .setParameter(1, Instant.now())
                            .setParameter(2, id)
                            .executeUpdate());
            assertEquals(ErrorCategory.DOWNLOAD_FAILED, jobs.get(id).errorCategory);
            given().get("/api/v1/videos/" + id)
                    .then()
                    .statusCode(200)
                    .body("error_category", equalTo("download_failed"));

            QuarkusTransaction.requiringNew()
                    .run(() -> GenerationJob.findByPublicId(id).errorCategory = ErrorCategory.SUBMIT_UNKNOWN);
            Object stored = QuarkusTransaction.requiringNew()
                    .call(() -> GenerationJob.getEntityManager()
                            .createNativeQuery("select error_category from generation_job where public_id = ?1")
                            .setParameter(1, id)
                            .getSingleResult());
            assertEquals("submit_unknown", stored);
        } finally {
            jobs.delete(id);
        }
    }
}
