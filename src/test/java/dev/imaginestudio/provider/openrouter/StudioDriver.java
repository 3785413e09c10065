package dev.imaginestudio.provider.openrouter;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.testing.openrouter.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives the studio the way a user and its poller do: jobs are created through the API, the poller's tick is
 * called by hand (the scheduler is off in tests), and the shiftable clock stands in for waiting.
 */
final class StudioDriver {

    /** Longer than OpenRouter's longest poll interval (30 s), so every tick finds the job due. */
    static final Duration STEP = Duration.ofSeconds(31);
    static final String GROK = "x-ai/grok-imagine-video";
    /** Numbers as exact decimals, so costs compare exactly. */
    static final RestAssuredConfig EXACT = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private final JobService jobs;
    private final ShiftableClock clock;

    StudioDriver(JobService jobs, ShiftableClock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** A Grok request body; {@code more} adds or overrides fields (pairs of name and value). */
    static Map<String, Object> grok(String prompt, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", GROK);
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
    static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/videos")
                .then().statusCode(202)
                .extract().path("id");
    }

    /** GET /api/v1/videos/{id}, numbers exact. */
    static JsonPath status(String id) {
        return given().config(EXACT).when().get("/api/v1/videos/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** One poller tick, waited for. */
    void tick() {
        jobs.tick().join();
    }

    /** Ticks (moving the clock one step after each) until the job has ended; fails after {@code maxTicks}. */
    JsonPath untilFinished(String id, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            tick();
            if (job(id).status.terminal()) {
                return status(id);
            }
            clock.advance(STEP);
        }
        fail("job " + id + " did not finish in " + maxTicks + " ticks; it is " + job(id).status);
        return null;
    }

    JsonPath untilFinished(String id) {
        return untilFinished(id, 40);
    }

    /** The ledger row itself. */
    GenerationJob job(String id) {
        return QuarkusTransaction.requiringNew().call(() -> GenerationJob.findByPublicId(id));
    }
}
