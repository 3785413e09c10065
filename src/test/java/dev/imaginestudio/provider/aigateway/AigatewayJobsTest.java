package dev.imaginestudio.provider.aigateway;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.RouteJobsTest;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.aigateway.AigatewayTestProfile;
import dev.imaginestudio.testing.aigateway.FakeAigateway;
import dev.imaginestudio.testing.aigateway.FakeAigateway.Endpoint;
import dev.imaginestudio.testing.aigateway.FakeAigateway.ResultFields;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Recorded;
import dev.imaginestudio.testing.fake.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.Color;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grok Imagine Video through AIgateway, end to end against the fake: API, ledger, poller (ticked by hand),
 * download and storage; what the user sees and what AIgateway received, when (by the clock the test moves).
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(AigatewayTestProfile.class)
class AigatewayJobsTest extends RouteJobsTest<Endpoint> {

    static final String GROK = "xai/grok-imagine-video";
    static final String WEBHOOK = AigatewayTestProfile.PUBLIC_URL + "/api/v1/webhooks/aigateway";

    @InjectFake
    FakeAigateway fake;

    @Inject
    AigatewayProvider provider;

    AigatewayJobsTest() {
        super(GROK, "AIgateway", "job", Endpoint.SUBMIT, Endpoint.POLL, Endpoint.MEDIA, Duration.ofHours(24));
    }

    @Override
    protected FakeAigateway fake() {
        return fake;
    }

    String jobId(String id) {
        return providerJobId(id);
    }

    // ------------------------------------------------------------------------------------------------
    // The two modes AIgateway offers

    @Test
    void textToVideoIsSubmittedPolledAndDownloadedWithTheEstimateAsItsPrice() {
        String id = create(grok(prompt));
        assertEquals("aigateway", status(id).getString("route"));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(
                List.of("queued", "submitting", "pending", "running", "downloading", "succeeded"),
                done.getList("timeline.status"));
        // AIgateway's poll reports no cost: the estimate stands, nothing is invented
        assertNull(done.get("usage.cost"));
        assertUsd("0.3", done.get("estimated_cost"));
        assertStoredVideo(id);

        assertEquals(1, posts().size());
        Recorded post = posts().get(0);
        assertEquals(
                "Bearer " + FakeAigateway.DEFAULT_KEY,
                post.header("Authorization").orElse(null));
        JsonNode body = post.json();
        assertEquals(GROK, body.get("model").asText());
        assertEquals(prompt, body.get("prompt").asText());
        assertEquals(6, body.get("duration").asInt());
        assertEquals("16:9", body.get("aspect_ratio").asText());
        assertEquals("480p", body.get("resolution").asText());
        assertEquals(WEBHOOK + "?job=" + id, body.get("webhook_url").asText());
        assertFalse(body.has("image_url"));
        List<Recorded> polls = fake.requestsFor(jobId(id), Endpoint.POLL);
        assertEquals(3, polls.size());
        polls.forEach(p -> assertEquals("/v1/jobs/" + jobId(id), p.path()));
    }

    @Test
    void imageToVideoSendsTheStoredFirstFrameAsImageUrl() {
        String first = Images.pngDataUrl(Images.solid(64, 48, Color.MAGENTA));
        String id = create(grok(
                prompt,
                "frame_images",
                List.of(Map.of("type", "image_url", "image_url", Map.of("url", first), "frame_type", "first_frame"))));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals("image", done.getString("mode"));
        assertUsd("0.302", done.get("estimated_cost"));
        assertStoredVideo(id);
        String url = posts().get(0).json().get("image_url").asText();
        assertTrue(url.startsWith("data:image/png;base64,"), url);
        assertArrayEquals(
                Base64.getDecoder().decode(first.substring(first.indexOf(',') + 1)),
                Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
    }

    @Test
    void aCostInCentsIsTakenWhenAigatewayReportsOne() {
        fake.costCents("30.2");
        JsonPath done = studio.untilFinished(create(grok(prompt)));
        assertEquals(new BigDecimal("0.302"), done.get("usage.cost"));
    }

    @Test
    void everyDocumentedPlaceOfTheResultAndBothInProgressWordsWork() {
        List<String> ids = new ArrayList<>();
        for (ResultFields fields : ResultFields.values()) {
            fake.resultFields(fields).nextJob(Script.of("queued", "processing", "completed"));
            String id = create(grok(prompt + " " + fields));
            JsonPath done = studio.untilFinished(id);
            assertEquals("completed", done.getString("status"), fields + ": " + done.getString("error"));
            assertTrue(done.getList("timeline.status").contains("running"), "processing is in progress");
            ids.add(id);
        }
        ids.forEach(this::assertStoredVideo);
    }

    // ------------------------------------------------------------------------------------------------
    // Endings at AIgateway

    @Test
    void aFailedJobsErrorMayBeAPlainString() {
        fake.errorAsString(true).nextJob(Script.failing("Generation timed out upstream", "queued"));
        JsonPath plain = studio.untilFinished(create(grok(prompt + " string")));
        assertEquals("Generation timed out upstream", plain.getString("error"));
    }

    @Test
    void aJobCancelledAtAigatewayIsCancelled() {
        fake.nextJob(Script.of("queued", "cancelled"));
        JsonPath cancelled = studio.untilFinished(create(grok(prompt)));
        assertEquals("cancelled", cancelled.getString("status"));
        assertEquals("The job was cancelled at AIgateway", cancelled.getString("error"));
    }

    @Test
    void cancelUsesTheCancelEndpointAndFallsBackToDelete() {
        fake.nextJob(Script.untilFinished()).nextJob(Script.untilFinished());
        String one = create(grok(prompt));
        String two = create(grok(prompt + " two"));
        studio.tick();
        CancelOutcome first = provider.cancel(jobId(one));
        assertTrue(first.cancelled(), first.message());
        assertEquals(1, fake.requestsFor(jobId(one), Endpoint.CANCEL).size());
        assertEquals("cancelled", fake.job(jobId(one)).status());

        fake.cancelEndpoint(false);
        CancelOutcome second = provider.cancel(jobId(two));
        assertTrue(second.cancelled(), second.message());
        assertEquals(1, fake.requestsFor(jobId(two), Endpoint.DELETE).size());
        assertEquals("cancelled", fake.job(jobId(two)).status());
        fake.requestsMatching(r -> r.endpoint() == Endpoint.CANCEL || r.endpoint() == Endpoint.DELETE)
                .forEach(r -> assertEquals(
                        "Bearer " + FakeAigateway.DEFAULT_KEY,
                        r.header("Authorization").orElse(null)));

        // a job that has ended cannot be cancelled, and the user hears why
        CancelOutcome again = provider.cancel(jobId(one));
        assertFalse(again.cancelled());
        assertTrue(again.message().contains("HTTP 409"), again.message());
    }

    // ------------------------------------------------------------------------------------------------
    // Pacing: never two polls of a job under 3 s apart; a 304 is no error

    @Test
    void pollsOfAJobAreNeverUnderThreeSecondsApartWhateverIsConfigured() {
        fake.nextJob(Script.of("queued", "queued", "running", "running", "completed"))
                .nextJob(Script.of("queued", "running", "running", "running", "completed"));
        String a = create(grok(prompt));
        String b = create(grok(prompt + " b"));
        // one-second steps: the configured polls (1 s, at most 2 s) are faster than AIgateway allows
        for (int i = 0;
                i < 120
                        && !(studio.job(a).status.terminal()
                                && studio.job(b).status.terminal());
                i++) {
            studio.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(JobStatus.SUCCEEDED, studio.job(a).status);
        assertEquals(JobStatus.SUCCEEDED, studio.job(b).status);
        for (String id : List.of(a, b)) {
            List<Recorded> polls = fake.requestsFor(jobId(id), Endpoint.POLL);
            assertEquals(5, polls.size());
            for (int i = 1; i < polls.size(); i++) {
                Duration gap =
                        Duration.between(polls.get(i - 1).at(), polls.get(i).at());
                assertFalse(
                        gap.compareTo(Duration.ofSeconds(3)) < 0,
                        "polls " + (i - 1) + " and " + i + " of " + id + " were " + gap + " apart");
            }
        }
        assertEquals(0, fake.notModified(), "AIgateway answered 304 to a poll under 3 s");
    }

    @Test
    void a304IsNotAnErrorTheJobWaitsAndCarriesOn() {
        String id = create(grok(prompt));
        studio.tick();
        fake.inject(Endpoint.POLL, Fault.status(304));
        clock.advance(Duration.ofSeconds(4));
        Instant before = clock.instant();
        studio.tick();
        GenerationJob waiting = studio.job(id);
        assertEquals(JobStatus.PENDING, waiting.status);
        assertEquals(0, waiting.pollFailures, "a 304 counted as a failed poll");
        assertFalse(waiting.nextAttemptAt.isBefore(before.plusSeconds(3)), "asked again under 3 s after a 304");
        assertEquals(1, fake.requestsFor(jobId(id), Endpoint.POLL).size());
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertFalse(done.getList("timeline.message").stream()
                .anyMatch(m -> String.valueOf(m).contains("304")));
    }

    @Test
    void theRouteItselfDoesNotAskAgainWithinThreeSeconds() {
        fake.nextJob(Script.untilFinished());
        String id = create(grok(prompt));
        studio.tick();
        String jobId = jobId(id);
        assertEquals(PollOutcome.State.PENDING, provider.poll(jobId).state());
        PollOutcome again = provider.poll(jobId);
        assertEquals(PollOutcome.State.UNCHANGED, again.state());
        assertTrue(
                again.retryAfter().compareTo(Duration.ofSeconds(2)) > 0,
                again.retryAfter().toString());
        assertEquals(1, fake.requestsFor(jobId, Endpoint.POLL).size(), "the second poll was sent");
        clock.advance(Duration.ofSeconds(4));
        assertEquals(PollOutcome.State.PENDING, provider.poll(jobId).state());
        assertEquals(2, fake.requestsFor(jobId, Endpoint.POLL).size());
    }

    @Test
    void aDownloadRetryDoesNotAskForAFreshUrlWithinThreeSecondsOfTheLastPoll() {
        String id = create(grok(prompt));
        fake.inject(Endpoint.MEDIA, Fault.status(503));
        studio.tick();
        while (studio.job(id).status != JobStatus.DOWNLOADING) {
            clock.advance(StudioDriver.STEP);
            studio.tick();
        }
        Instant completedPoll = clock.instant();
        // the download is due again (a 10 ms back-off in tests), but the last poll was only a second ago
        clock.advance(Duration.ofSeconds(1));
        studio.tick();
        GenerationJob waiting = studio.job(id);
        assertEquals(JobStatus.DOWNLOADING, waiting.status);
        assertEquals(1, waiting.downloadAttempts, "waiting for AIgateway's 3 s counted as a failed download");
        assertFalse(
                waiting.nextAttemptAt.isBefore(completedPoll.plusSeconds(3)), "the fresh URL is asked for too soon");
        assertEquals(3, fake.requestsFor(jobId(id), Endpoint.POLL).size());

        clock.advance(Duration.ofSeconds(4));
        studio.tick();
        assertEquals(JobStatus.SUCCEEDED, studio.job(id).status);
        assertEquals(4, fake.requestsFor(jobId(id), Endpoint.POLL).size());
        assertEquals(0, fake.notModified());
        assertStoredVideo(id);
    }

    @Test
    void a429OnAPollIsWaitedOutAsItsRetryAfterSays() {
        String id = create(grok(prompt));
        studio.tick();
        fake.inject(Endpoint.POLL, Fault.status(429, 90));
        clock.advance(Duration.ofSeconds(4));
        Instant before = clock.instant();
        studio.tick();
        GenerationJob throttled = studio.job(id);
        assertEquals(JobStatus.PENDING, throttled.status);
        assertFalse(throttled.nextAttemptAt.isBefore(before.plusSeconds(90)));
        clock.advance(Duration.ofSeconds(60));
        studio.tick();
        assertEquals(1, fake.requestsFor(jobId(id), Endpoint.POLL).size(), "polled again before Retry-After");
        clock.advance(Duration.ofSeconds(31));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: refusals in plain words, waits, and the lost answer

    @Test
    void documentedErrorsReachTheUserInPlainWords() {
        record Case(Fault fault, String message) {}
        List<Case> cases = List.of(
                new Case(
                        Fault.status(401, null, "Invalid API key"),
                        "AIgateway refused the request: AIgateway did not accept the API key (check AIGATEWAY_API_KEY): Invalid API key (authentication_error, HTTP 401)"),
                new Case(
                        Fault.status(404, null, "Model not found"),
                        "AIgateway refused the request: AIgateway does not know this model or job: Model not found (model_not_found, HTTP 404)"));
        for (Case c : cases) {
            fake.inject(Endpoint.SUBMIT, c.fault());
            String id = create(grok(prompt + " " + c.fault().status()));
            JsonPath failed = studio.untilFinished(id);
            assertEquals("rejected", failed.getString("error_category"));
            assertEquals(c.message(), failed.getString("error"));
        }
        fake.insufficientCredits(true);
        JsonPath broke = studio.untilFinished(create(grok(prompt + " 402")));
        assertEquals(
                "AIgateway refused the request: the AIgateway wallet has too little credit for this job (top it up at aigateway.sh): "
                        + "Insufficient credits: wallet balance is $0.00 (insufficient_credits, HTTP 402)",
                broke.getString("error"));
        assertTrue(fake.jobs().isEmpty(), "nothing was created");
    }

    @Test
    void a500AfterTheJobWasCreatedIsSubmitUnknownAndA503IsTriedAgainLater() {
        fake.inject(Endpoint.SUBMIT, Fault.status(500).creatingJob());
        JsonPath unknown = studio.untilFinished(create(grok(prompt)));
        assertEquals("submit_unknown", unknown.getString("error_category"));
        assertTrue(
                unknown.getString("error").contains("AIgateway's upstream provider failed"),
                unknown.getString("error"));

        fake.inject(Endpoint.SUBMIT, Fault.status(503, 45));
        String id = create(grok(prompt + " 503"));
        studio.tick();
        assertEquals(JobStatus.QUEUED, studio.job(id).status);
        assertTrue(
                status(id).getString("timeline[-1].message").contains("saturated"),
                status(id).getString("timeline[-1].message"));
        clock.advance(Duration.ofSeconds(46));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        assertEquals(2, fake.submitsWithPrompt(prompt + " 503").size());
    }

    // ------------------------------------------------------------------------------------------------
    // Signed URLs last 24 h: an expired one is replaced by a fresh one

    // ------------------------------------------------------------------------------------------------
    // Our own checks

    @Test
    void referenceImagesAndOutOfRangeValuesAreRefusedByTheStudioWithNothingSent() {
        String ref = Images.pngDataUrl(Images.solid(32, 32, Color.GREEN));
        given().contentType(ContentType.JSON)
                .body(grok(
                        prompt,
                        "input_references",
                        List.of(Map.of("type", "image_url", "image_url", Map.of("url", ref)))))
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("input_references[0]"))
                .body("detail", containsString("xai/grok-imagine-video does not take reference images"));
        given().contentType(ContentType.JSON)
                .body(grok(prompt, "duration", 20))
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("duration"));
        given().contentType(ContentType.JSON)
                .body(grok(prompt, "aspect_ratio", "21:9"))
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("aspect_ratio"));
        assertTrue(fake.requests().isEmpty(), () -> "requests reached AIgateway: " + fake.requests());
    }

    @Test
    void theModelOffersTextAndImageButNoReferences() {
        JsonPath models = given().get("/api/v1/videos/models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String grok = "data.find { it.id == '" + GROK + "' }";
        assertEquals("aigateway", models.getString(grok + ".route"));
        assertEquals(0, models.getInt(grok + ".max_reference_images"));
        assertEquals(List.of("first_frame"), models.getList(grok + ".supported_frame_images"));
        given().get("/")
                .then()
                .statusCode(200)
                .body(containsString("Grok Imagine Video — via AIgateway · from $0.05/s"))
                .body(containsString("value=\"image\""))
                .body(org.hamcrest.Matchers.not(containsString("value=\"reference\"")));
    }

    // ------------------------------------------------------------------------------------------------
    // The key

}
