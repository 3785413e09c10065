package dev.imaginestudio.provider.xai;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.RouteJobsTest;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Recorded;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.xai.FakeXai;
import dev.imaginestudio.testing.xai.FakeXai.Endpoint;
import dev.imaginestudio.testing.xai.XaiTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
 * Grok Imagine Video through xAI's own API, end to end against the fake: API, ledger, poller (ticked by hand),
 * download and storage; what the user sees and what xAI received, when (by the clock the test moves).
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(XaiTestProfile.class)
class XaiJobsTest extends RouteJobsTest<Endpoint> {

    static final String GROK = "grok-imagine-video";

    @InjectFake
    FakeXai fake;

    XaiJobsTest() {
        super(GROK, "xAI", "request", Endpoint.SUBMIT, Endpoint.POLL, Endpoint.VIDGEN, Duration.ofHours(1));
    }

    @Override
    protected FakeXai fake() {
        return fake;
    }

    String requestId(String id) {
        return providerJobId(id);
    }

    static String png(Color color) {
        return Images.pngDataUrl(Images.solid(64, 48, color));
    }

    static Map<String, Object> frame(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url), "frame_type", "first_frame");
    }

    static Map<String, Object> reference(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    // ------------------------------------------------------------------------------------------------
    // The three modes

    @Test
    void textToVideoIsSubmittedPolledDownloadedAndCostedExactly() {
        String id = create(grok(prompt));
        JsonPath queued = status(id);
        assertEquals("xai", queued.getString("route"));
        assertEquals(GROK, queued.getString("model"));
        assertUsd("0.3", queued.get("estimated_cost"));

        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertUsd("0.3", done.get("usage.cost"));
        assertEquals(
                List.of("queued", "submitting", "pending", "running", "downloading", "succeeded"),
                done.getList("timeline.status"));
        assertStoredVideo(id);

        assertEquals(1, posts().size());
        Recorded post = posts().get(0);
        assertEquals(
                "Bearer " + FakeXai.DEFAULT_KEY, post.header("Authorization").orElse(null));
        JsonNode body = post.json();
        assertEquals(GROK, body.get("model").asText());
        assertEquals(prompt, body.get("prompt").asText());
        assertEquals(6, body.get("duration").asInt());
        assertEquals("480p", body.get("resolution").asText());
        assertEquals("16:9", body.get("aspect_ratio").asText());
        assertFalse(body.has("image"));
        assertFalse(body.has("reference_images"));
        assertFalse(body.has("seed") || body.has("generate_audio") || body.has("size"));
        List<Recorded> polls = fake.requestsFor(requestId(id), Endpoint.POLL);
        assertEquals(3, polls.size());
        polls.forEach(p -> assertEquals("/v1/videos/" + requestId(id), p.path()));
    }

    @Test
    void imageToVideoSendsTheStoredFirstFrameAsImageUrl() {
        String first = png(Color.ORANGE);
        String id = create(grok(prompt, "frame_images", List.of(frame(first))));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals("image", done.getString("mode"));
        // 6 s at 480p and one input image
        assertUsd("0.302", done.get("usage.cost"));
        assertStoredVideo(id);

        JsonNode body = posts().get(0).json();
        String url = body.get("image").get("url").asText();
        assertTrue(url.startsWith("data:image/png;base64,"), url);
        assertArrayEquals(
                Base64.getDecoder().decode(first.substring(first.indexOf(',') + 1)),
                Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        assertFalse(body.has("reference_images"), "image and reference_images are never sent together");
    }

    @Test
    void referenceToVideoSendsEveryStoredImageAsAReferenceImage() {
        String id = create(grok(
                prompt,
                "duration",
                5,
                "resolution",
                "720p",
                "input_references",
                List.of(reference(png(Color.RED)), reference(png(Color.BLUE)))));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals("reference", done.getString("mode"));
        // 5 s at 720p and two input images
        assertUsd("0.354", done.get("usage.cost"));
        assertStoredVideo(id);

        JsonNode body = posts().get(0).json();
        assertEquals(2, body.get("reference_images").size());
        body.get("reference_images")
                .forEach(r -> assertTrue(r.get("url").asText().startsWith("data:image/png;base64,")));
        assertFalse(body.has("image"));
        assertEquals(5, body.get("duration").asInt());
    }

    // ------------------------------------------------------------------------------------------------
    // Cost

    @Test
    void ticksBecomeDollarsExactly() {
        String oneSecond = create(grok(prompt, "duration", 1));
        String sixAt720 = create(grok(prompt + " 720p", "duration", 6, "resolution", "720p"));
        studio.untilFinished(oneSecond);
        studio.untilFinished(sixAt720);
        assertEquals(500_000_000L, fake.ticks(fake.job(requestId(oneSecond))));
        assertEquals(4_200_000_000L, fake.ticks(fake.job(requestId(sixAt720))));
        JsonPath one = status(oneSecond);
        JsonPath six = status(sixAt720);
        assertEquals(new BigDecimal("0.05"), one.get("usage.cost"));
        assertEquals(new BigDecimal("0.42"), six.get("usage.cost"));
        assertEquals(0, new BigDecimal("0.0500000000").compareTo(studio.job(oneSecond).costUsd));
    }

    @Test
    void aCostBelowACentIsKeptToTheTick() {
        fake.nextJob(fake.happy().withCost("0.0000000001"));
        JsonPath done = studio.untilFinished(create(grok(prompt)));
        assertUsd("0.0000000001", done.get("usage.cost"));
    }

    // ------------------------------------------------------------------------------------------------
    // Endings at xAI

    @Test
    void aModeratedVideoFailsAsModeratedAndNothingIsDownloaded() {
        fake.nextJob(fake.happy().withOutput(Script.Output.MODERATED));
        String id = create(grok(prompt));
        JsonPath failed = studio.untilFinished(id);
        assertEnded(failed, "failed", "moderated", "xAI's moderation blocked this video; nothing was delivered.");
        assertTrue(fake.requests(Endpoint.VIDGEN).isEmpty());
        assertEquals(1, posts().size());
    }

    @Test
    void anExpiredRequestIsExpired() {
        fake.nextJob(Script.of("pending", "expired"));
        JsonPath expired = studio.untilFinished(create(grok(prompt)));
        assertEnded(expired, "expired", "expired", null);
        assertTrue(expired.getString("error").startsWith("xAI expired the request"), expired.getString("error"));
    }

    @Test
    void pendingAnswersWith202AndAnAcceptanceWith202AreUnderstood() {
        fake.pendingAs202(true).createdStatus(202);
        assertEquals("completed", studio.untilFinished(create(grok(prompt))).getString("status"));
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: refused, retried later, or lost (never sent twice)

    @Test
    void xaisFlatAndNestedErrorBodiesReachTheUser() {
        fake.inject(Endpoint.SUBMIT, Fault.status(400, null, "Your prompt was flagged"));
        JsonPath flat = studio.untilFinished(create(grok(prompt)));
        assertEquals("rejected", flat.getString("error_category"));
        assertEquals("xAI refused the request: Your prompt was flagged (HTTP 400)", flat.getString("error"));

        fake.nestedErrors(true).inject(Endpoint.SUBMIT, Fault.status(403, null, "Your team has no credits left"));
        JsonPath nested = studio.untilFinished(create(grok(prompt + " nested")));
        assertEquals("xAI refused the request: Your team has no credits left (HTTP 403)", nested.getString("error"));
    }

    @Test
    void a429OnSubmitIsSentAgainOnlyAfterRetryAfter() {
        fake.inject(Endpoint.SUBMIT, Fault.status(429, 40, "Too many requests"));
        String id = create(grok(prompt));
        Instant before = clock.instant();
        studio.tick();
        GenerationJob queued = studio.job(id);
        assertEquals(JobStatus.QUEUED, queued.status);
        assertFalse(queued.nextAttemptAt.isBefore(before.plusSeconds(40)));
        clock.advance(Duration.ofSeconds(20));
        studio.tick();
        assertEquals(1, posts().size(), "sent again before its Retry-After");
        clock.advance(Duration.ofSeconds(21));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        assertEquals(2, posts().size());
    }

    // ------------------------------------------------------------------------------------------------
    // Downloads: an expired URL is replaced by a fresh one, never by a new generation

    // ------------------------------------------------------------------------------------------------
    // Our own checks: refused before anything reaches xAI

    @Test
    void outOfRangeValuesAreRefusedByTheStudioNamingTheFieldWithNothingSent() {
        List<String> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(png(new Color(30 * i, 100, 200)));
        }
        record Case(Map<String, Object> body, String field, String detail) {}
        List<Case> cases = List.of(
                new Case(
                        grok(prompt, "duration", 15, "input_references", List.of(reference(png(Color.RED)))),
                        "duration",
                        "duration must be 1-10 seconds for reference-to-video with grok-imagine-video, not 15"),
                new Case(
                        grok(
                                prompt,
                                "input_references",
                                eight.stream().map(XaiJobsTest::reference).toList()),
                        "input_references[7]",
                        "at most 7 reference images"),
                new Case(grok(prompt, "duration", 16), "duration", "duration must be one of 1-15"),
                new Case(grok(prompt, "resolution", "1080p"), "resolution", "resolution"),
                new Case(grok("x".repeat(4097)), "prompt", "prompt is 4097 characters long"),
                new Case(grok(prompt, "seed", 7), "seed", "seed"));
        for (Case c : cases) {
            given().contentType(ContentType.JSON)
                    .body(c.body())
                    .when()
                    .post("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(c.field()))
                    .body("detail", containsString(c.detail()));
        }
        // a 10 s reference job is fine
        given().contentType(ContentType.JSON)
                .body(grok(prompt, "duration", 10, "input_references", List.of(reference(png(Color.RED)))))
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(202);
        assertTrue(fake.requests().isEmpty(), () -> "requests reached xAI: " + fake.requests());
    }

    // ------------------------------------------------------------------------------------------------
    // Pacing: one request a second, submits and polls together, across jobs and worker threads

    @Test
    void noTwoRequestsReachXaiWithinASecond() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(grok(prompt + " " + i)));
        }
        // small steps: the configured polls (every 100-500 ms) are faster than xAI allows
        for (int i = 0;
                i < 200 && !ids.stream().allMatch(id -> studio.job(id).status.terminal());
                i++) {
            studio.tick();
            clock.advance(Duration.ofMillis(300));
        }
        ids.forEach(id -> assertEquals(JobStatus.SUCCEEDED, studio.job(id).status));
        List<Recorded> api =
                fake.requestsMatching(r -> r.endpoint() == Endpoint.SUBMIT || r.endpoint() == Endpoint.POLL);
        assertTrue(api.size() >= 3 + 3 * 3, "3 submits and at least 3 polls each: " + api);
        List<Instant> at = FakeServer.instants(api);
        for (int i = 1; i < at.size(); i++) {
            Duration gap = Duration.between(at.get(i - 1), at.get(i));
            assertFalse(
                    gap.compareTo(Duration.ofSeconds(1)) < 0,
                    "requests " + (i - 1) + " and " + i + " reached xAI " + gap + " apart");
        }
        assertEquals(0, fake.rateLimited(), "xAI's 1 request/second limit refused requests");
        ids.forEach(id ->
                assertEquals(1, fake.submitsWithPrompt(studio.job(id).prompt).size()));
    }

    // ------------------------------------------------------------------------------------------------
    // The key

}
