package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.fake.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives the studio the way a user and its poller do: jobs are created through the API, the poller's tick is
 * called by hand (the scheduler is off in tests), and the shiftable clock stands in for waiting.
 */
public final class StudioDriver {

    /** Longer than any route's longest poll interval (30 s), so every tick finds the job due. */
    public static final Duration STEP = Duration.ofSeconds(31);
    /** Numbers as exact decimals, so costs compare exactly. */
    public static final RestAssuredConfig EXACT = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private final JobWorker worker;
    private final ShiftableClock clock;

    public StudioDriver(JobWorker worker, ShiftableClock clock) {
        this.worker = worker;
        this.clock = clock;
    }

    /** A 6 s 480p 16:9 request body for {@code model}; {@code more} adds or overrides fields (pairs of name and value). */
    public static Map<String, Object> request(String model, String prompt, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("prompt", prompt);
        body.put("duration", 6);
        body.put("resolution", "480p");
        body.put("aspect_ratio", "16:9");
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    /** POST /api/v1/videos; returns the job id. */
    public static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** GET /api/v1/videos/{id}, numbers exact. */
    public static JsonPath status(String id) {
        return given().config(EXACT)
                .when()
                .get("/api/v1/videos/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** One poller tick, waited for. */
    public void tick() {
        worker.tick().join();
    }

    /** Ticks (moving the clock {@code step} after each) until the job has ended; fails after {@code maxTicks}. */
    public JsonPath untilFinished(String id, int maxTicks, Duration step) {
        for (int i = 0; i < maxTicks; i++) {
            tick();
            if (job(id).status.terminal()) {
                return status(id);
            }
            clock.advance(step);
        }
        fail("job " + id + " did not finish in " + maxTicks + " ticks; it is " + job(id).status);
        return null;
    }

    public JsonPath untilFinished(String id) {
        return untilFinished(id, 40, STEP);
    }

    /**
     * Ends every job an earlier test left unfinished (as if cancelled), so that no tick of this test submits or polls
     * it, and none of its requests takes a fault this test injects.
     */
    public static void settleLeftovers() {
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update(
                        "status = ?1, nextAttemptAt = null, leaseOwner = null, leaseUntil = null where status in ?2",
                        JobStatus.CANCELLED,
                        EnumSet.of(
                                JobStatus.QUEUED,
                                JobStatus.SUBMITTING,
                                JobStatus.PENDING,
                                JobStatus.RUNNING,
                                JobStatus.DOWNLOADING)));
    }

    /** The ledger row itself. */
    public GenerationJob job(String id) {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(id));
    }
}
