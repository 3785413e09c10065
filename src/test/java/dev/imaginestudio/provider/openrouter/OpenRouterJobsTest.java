package dev.imaginestudio.provider.openrouter;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imaginestudio.job.ErrorCategory;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.KeyChecks;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Recorded;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.fake.ShiftableClock;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import dev.imaginestudio.testing.openrouter.OpenRouterTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The studio end to end against the fake OpenRouter: API, ledger, poller, download and storage, asserting
 * what the user sees (status document, message, cost, the stored video) and what OpenRouter received.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(OpenRouterTestProfile.class)
class OpenRouterJobsTest {

    static final String GROK = "x-ai/grok-imagine-video";

    /** A 6 s 480p 16:9 Grok request through OpenRouter. */
    static Map<String, Object> grok(String prompt, Object... more) {
        return request(GROK, prompt, more);
    }

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    JobWorker worker;

    @Inject
    ShiftableClock clock;

    @Inject
    OpenRouterProvider provider;

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/webhooks/openrouter")
    java.net.URI webhook;

    StudioDriver studio;
    String prompt;

    @BeforeEach
    void fresh() {
        fake.reset();
        // the studio's catalogue is the fake's, fetched now rather than by whichever test ran first
        assertTrue(provider.catalog().refresh().join());
        fake.clearRequests();
        studio = new StudioDriver(worker, clock);
        prompt = "A red kite over a windy beach " + UUID.randomUUID();
    }

    List<Recorded> posts() {
        return fake.submitsWithPrompt(prompt);
    }

    String providerJobId(String id) {
        return studio.job(id).providerJobId;
    }

    static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    static void assertUsd(String expected, Object actual) {
        assertNotNull(actual, "no amount");
        assertEquals(
                0, usd(expected).compareTo((BigDecimal) actual), () -> "expected " + expected + " USD, was " + actual);
    }

    // ------------------------------------------------------------------------------------------------
    // Success

    @Test
    void aGrokJobIsSubmittedPolledDownloadedAndServed() {
        String id = create(grok(prompt));
        JsonPath queued = status(id);
        assertEquals("pending", queued.getString("status"));
        assertEquals("openrouter", queued.getString("route"));
        assertUsd("0.3", queued.get("estimated_cost"));

        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertUsd("0.3", done.get("usage.cost"));
        assertEquals(false, done.getBoolean("usage.is_byok"));
        assertTrue(done.getString("unsigned_urls[0]").endsWith("/api/v1/videos/" + id + "/content?index=0"));
        List<String> states = done.getList("timeline.status");
        assertEquals(List.of("queued", "submitting", "pending", "running", "downloading", "succeeded"), states);

        byte[] served = given().when()
                .get("/api/v1/videos/" + id + "/content")
                .then()
                .statusCode(200)
                .contentType("video/mp4")
                .extract()
                .asByteArray();
        assertArrayEquals(fake.video(), served);

        // what OpenRouter saw: one submit, three polls, one download, each with the key
        assertEquals(1, posts().size());
        JsonNode body = posts().get(0).json();
        assertEquals(GROK, body.get("model").asText());
        assertEquals(6, body.get("duration").asInt());
        assertEquals("480p", body.get("resolution").asText());
        assertEquals("16:9", body.get("aspect_ratio").asText());
        String orId = providerJobId(id);
        assertEquals(3, fake.requestsFor(orId, Endpoint.POLL).size());
        List<Recorded> downloads = fake.requestsFor(orId, Endpoint.CONTENT);
        assertEquals(1, downloads.size());
        assertEquals("Bearer test-key", downloads.get(0).header("Authorization").orElse(null));
        assertEquals(usd("0.3").compareTo(fake.cost(fake.job(orId))), 0);
    }

    @Test
    void anImageToVideoJobSendsTheStoredFirstFrameAsADataUrl() {
        byte[] png = dev.imaginestudio.testing.Images.encode(
                dev.imaginestudio.testing.Images.solid(64, 48, java.awt.Color.ORANGE), "png");
        String dataUrl = dev.imaginestudio.testing.Images.dataUrl(png, "image/png");
        String id = create(grok(
                prompt,
                "frame_images",
                List.of(java.util.Map.of(
                        "type",
                        "image_url",
                        "image_url",
                        java.util.Map.of("url", dataUrl),
                        "frame_type",
                        "first_frame"))));
        assertUsd("0.302", status(id).get("estimated_cost"));
        assertEquals("completed", studio.untilFinished(id).getString("status"));

        JsonNode body = posts().get(0).json();
        assertEquals(1, body.get("frame_images").size());
        assertEquals(
                "first_frame", body.get("frame_images").get(0).get("frame_type").asText());
        assertEquals("image_url", body.get("frame_images").get(0).get("type").asText());
        assertEquals(
                dataUrl,
                body.get("frame_images").get(0).get("image_url").get("url").asText());
        assertNull(body.get("input_references"));
        assertUsd("0.302", status(id).get("usage.cost"));
    }

    @Test
    void aReferenceJobSendsEveryReferenceInOrder() {
        List<String> urls = new java.util.ArrayList<>();
        List<Object> refs = new java.util.ArrayList<>();
        for (java.awt.Color c : new java.awt.Color[] {java.awt.Color.RED, java.awt.Color.GREEN, java.awt.Color.BLUE}) {
            String url = dev.imaginestudio.testing.Images.pngDataUrl(dev.imaginestudio.testing.Images.solid(32, 32, c));
            urls.add(url);
            refs.add(java.util.Map.of("type", "image_url", "image_url", java.util.Map.of("url", url)));
        }
        String id = create(grok(prompt, "input_references", refs, "duration", 5));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        JsonNode sent = posts().get(0).json().get("input_references");
        assertEquals(3, sent.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(urls.get(i), sent.get(i).get("image_url").get("url").asText());
        }
        assertNull(posts().get(0).json().get("frame_images"));
        assertUsd("0.256", status(id).get("usage.cost"));
    }

    @Test
    void aJobThatNeverShowsInProgressStillCompletes() {
        fake.nextJob(Script.of("pending", "pending", "completed"));
        String id = create(grok(prompt, "duration", 10, "resolution", "720p", "aspect_ratio", "1:1"));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertUsd("0.7", done.get("usage.cost"));
        assertFalse(done.getList("timeline.status").contains("running"));
        assertEquals("720x720", done.getString("size"));
    }

    @Test
    void aRelativePollingUrlWorks() {
        fake.relativePollingUrl(true).generationIds(true);
        assertEquals("completed", studio.untilFinished(create(grok(prompt))).getString("status"));
        assertEquals(1, posts().size());
    }

    @Test
    void aCdnDownloadNeverCarriesTheKey() {
        fake.nextJob(fake.happy().withOutput(Script.Output.CDN));
        String id = create(grok(prompt));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        List<Recorded> atCdn = fake.requests(Endpoint.CDN);
        assertEquals(1, atCdn.size());
        assertFalse(atCdn.get(0).hasHeader("Authorization"));
        assertTrue(fake.requests(Endpoint.CONTENT).isEmpty());
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: nothing created, try again later

    @Test
    void a429OnSubmitQueuesTheJobAgainAndSendsItOnceMoreAfterRetryAfter() {
        fake.rateLimit(1, 30);
        String id = create(grok(prompt));
        Instant beforeFirstSubmit = clock.instant();
        studio.tick();

        GenerationJob queued = studio.job(id);
        assertEquals(JobStatus.QUEUED, queued.status);
        assertFalse(
                queued.nextAttemptAt.isBefore(beforeFirstSubmit.plusSeconds(30)),
                () -> "next attempt " + queued.nextAttemptAt + " is before Retry-After ran out");
        assertEquals("pending", status(id).getString("status"));
        assertTrue(status(id).getString("timeline[-1].message").contains("Rate limit exceeded"));

        // not before Retry-After: however often the poller ticks
        studio.tick();
        studio.tick();
        assertEquals(1, posts().size());

        clock.advance(Duration.ofSeconds(30));
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(2, posts().size());
        assertEquals(2, studio.job(id).submitAttempts);
    }

    @Test
    void a503OnSubmitIsSentAgainAfterItsRetryAfter() {
        fake.inject(Endpoint.SUBMIT, Fault.status(503, 45));
        String id = create(grok(prompt));
        Instant beforeFirstSubmit = clock.instant();
        studio.tick();
        assertEquals(JobStatus.QUEUED, studio.job(id).status);
        assertFalse(studio.job(id).nextAttemptAt.isBefore(beforeFirstSubmit.plusSeconds(45)));
        clock.advance(Duration.ofSeconds(31));
        studio.tick();
        assertEquals(1, posts().size(), "sent again before its Retry-After");
        clock.advance(Duration.ofSeconds(15));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        assertEquals(2, posts().size());
    }

    @Test
    void aRouteThatStaysBusyEndsTheJobWithoutEverCreatingIt() {
        fake.rateLimit(1000, 5);
        String id = create(grok(prompt));
        for (int i = 0; i < 40 && !studio.job(id).status.terminal(); i++) {
            studio.tick();
            clock.advance(Duration.ofSeconds(5));
        }
        GenerationJob job = studio.job(id);
        assertEquals(JobStatus.FAILED, job.status);
        assertEquals(ErrorCategory.PROVIDER_BUSY, job.errorCategory);
        assertTrue(job.errorMessage.contains("Nothing was created or billed"), job.errorMessage);
        assertEquals(20, posts().size(), "as many submits as studio.limits.submit-attempts allows");
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: refused

    @Test
    void insufficientCreditsFailsTheJobWithOpenRoutersMessage() {
        fake.insufficientCredits(true);
        String id = create(grok(prompt));
        JsonPath failed = studio.untilFinished(id);
        assertEquals("failed", failed.getString("status"));
        assertEquals("rejected", failed.getString("error_category"));
        assertEquals(
                "OpenRouter refused the request: " + FakeOpenRouter.CREDITS_MESSAGE + " (HTTP 402)",
                failed.getString("error"));
        assertEquals(1, posts().size());
        assertTrue(fake.requests(Endpoint.POLL).isEmpty());
    }

    @Test
    void aChangedCatalogueAtOpenRouterIsRefusedThereThenKnownHere() {
        // OpenRouter now allows Grok only up to 10 s; the studio still has the old list
        ObjectNode listing = (ObjectNode) fake.models();
        for (JsonNode m : listing.get("data")) {
            if (m.get("id").asText().equals(GROK)) {
                ArrayNode durations = ((ObjectNode) m).putArray("supported_durations");
                for (int d = 1; d <= 10; d++) {
                    durations.add(d);
                }
            }
        }
        fake.models(listing);
        String id = create(grok(prompt, "duration", 15));
        JsonPath failed = studio.untilFinished(id);
        assertEquals("failed", failed.getString("status"));
        assertEquals("rejected", failed.getString("error_category"));
        assertTrue(
                failed.getString("error").startsWith("OpenRouter refused the request: duration 15 is not supported"),
                failed.getString("error"));
        assertEquals(1, posts().size());

        // after the next fetch of the model list the studio refuses it itself, before anything is sent
        assertTrue(provider.catalog().refresh().join());
        given().contentType(ContentType.JSON)
                .body(grok(prompt, "duration", 15))
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("duration"));
        assertEquals(1, posts().size());
    }

    @Test
    void aModerationRefusalFailsTheJobAsRejected() {
        fake.inject(Endpoint.SUBMIT, Fault.status(400, null, "Prompt flagged by moderation"));
        JsonPath failed = studio.untilFinished(create(grok(prompt)));
        assertEquals("failed", failed.getString("status"));
        assertEquals("rejected", failed.getString("error_category"));
        assertEquals(
                "OpenRouter refused the request: Prompt flagged by moderation (HTTP 400)", failed.getString("error"));
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: outcome unknown, never sent twice

    @Test
    void a500OnSubmitFailsAsSubmitUnknownAndIsNeverSentAgain() {
        fake.inject(Endpoint.SUBMIT, Fault.status(500).creatingJob());
        String id = create(grok(prompt));
        JsonPath failed = studio.untilFinished(id);
        assertEquals("failed", failed.getString("status"));
        assertEquals("submit_unknown", failed.getString("error_category"));
        assertTrue(
                failed.getString("error").contains("may have created and billed this job"), failed.getString("error"));
        assertTrue(failed.getString("error").contains("HTTP 500"), failed.getString("error"));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(5));
            studio.tick();
        }
        assertEquals(1, posts().size());
        assertEquals(1, fake.jobsWithPrompt(prompt).size(), "OpenRouter did create one job");
    }

    @Test
    void aLostAnswerFailsAsSubmitUnknownWithOnePost() {
        fake.inject(Endpoint.SUBMIT, Fault.createdThenDropped());
        String id = create(grok(prompt));
        JsonPath failed = studio.untilFinished(id);
        assertEquals("submit_unknown", failed.getString("error_category"));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            studio.tick();
        }
        assertEquals(1, posts().size());
        assertEquals(1, fake.jobsWithPrompt(prompt).size());
    }

    @Test
    void aSubmitThatTimesOutFailsAsSubmitUnknown() {
        fake.inject(Endpoint.SUBMIT, Fault.slow(Duration.ofSeconds(3)));
        JsonPath failed = studio.untilFinished(create(grok(prompt)));
        assertEquals("submit_unknown", failed.getString("error_category"));
        assertEquals(1, posts().size());
    }

    // ------------------------------------------------------------------------------------------------
    // Endings at OpenRouter

    @Test
    void aFailedJobShowsOpenRoutersErrorVerbatim() {
        fake.nextJob(Script.failing("Content policy violation", "pending", "in_progress"));
        JsonPath failed = studio.untilFinished(create(grok(prompt)));
        assertEquals("failed", failed.getString("status"));
        assertEquals("Content policy violation", failed.getString("error"));
        assertEquals("failed", failed.getString("error_category"));
    }

    @Test
    void aCancelledJobIsCancelled() {
        fake.nextJob(Script.of("pending", "cancelled"));
        JsonPath cancelled = studio.untilFinished(create(grok(prompt)));
        assertEquals("cancelled", cancelled.getString("status"));
        assertEquals("Job was cancelled", cancelled.getString("error"));
    }

    @Test
    void anExpiredJobIsExpired() {
        fake.nextJob(Script.of("pending", "in_progress", "expired"));
        JsonPath expired = studio.untilFinished(create(grok(prompt)));
        assertEquals("expired", expired.getString("status"));
        assertEquals("Job exceeded maximum time to live", expired.getString("error"));
    }

    @Test
    void aJobThatTakesLongerThanMaxWaitExpiresHere() {
        fake.nextJob(Script.untilFinished());
        String id = create(grok(prompt));
        studio.tick();
        assertEquals(JobStatus.PENDING, studio.job(id).status);
        clock.advance(Duration.ofMinutes(31));
        studio.tick();
        JsonPath expired = status(id);
        assertEquals("expired", expired.getString("status"));
        assertEquals("timeout", expired.getString("error_category"));
        assertTrue(expired.getString("error").contains(providerJobId(id)), expired.getString("error"));
        assertEquals(1, posts().size());
    }

    @Test
    void completedWithoutUrlsFailsAsNoOutput() {
        fake.nextJob(Script.of("pending", "completed").withOutput(Script.Output.EMPTY));
        JsonPath failed = studio.untilFinished(create(grok(prompt)));
        assertEquals("failed", failed.getString("status"));
        assertEquals("no_output", failed.getString("error_category"));
        assertUsd("0.3", failed.get("usage.cost"));
        assertEquals(1, posts().size());
    }

    @Test
    void aJobOpenRouterNoLongerKnowsFailsWithAClearMessage() {
        fake.nextJob(Script.untilFinished());
        String id = create(grok(prompt));
        studio.tick();
        String orId = providerJobId(id);
        fake.forget(orId);
        JsonPath failed = studio.untilFinished(id);
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").contains("no longer knows the job " + orId), failed.getString("error"));
        assertEquals(1, posts().size());
    }

    // ------------------------------------------------------------------------------------------------
    // Polls and downloads retried, never the submit

    @Test
    void aThrottledPollIsRetriedAfterRetryAfterAndTheJobCompletes() {
        String id = create(grok(prompt));
        studio.tick();
        fake.inject(Endpoint.POLL, Fault.status(429, 120));
        clock.advance(StudioDriver.STEP);
        Instant beforePoll = clock.instant();
        studio.tick();
        GenerationJob throttled = studio.job(id);
        assertEquals(JobStatus.PENDING, throttled.status);
        assertEquals(1, throttled.pollFailures);
        assertFalse(throttled.nextAttemptAt.isBefore(beforePoll.plusSeconds(120)));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        assertEquals(1, posts().size());
    }

    @Test
    void failingDownloadsAreRetriedUntilTheVideoArrives() {
        String id = create(grok(prompt));
        fake.inject(Endpoint.CONTENT, Fault.status(502)).inject(Endpoint.CONTENT, Fault.truncated());
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(3, fake.requestsFor(providerJobId(id), Endpoint.CONTENT).size());
        assertEquals(1, posts().size());
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    @Test
    void aDownloadThatKeepsFailingEndsAsDownloadFailedOnceTheOutputExpiredWithoutANewSubmit() {
        String id = create(grok(prompt));
        fake.inject(Endpoint.CONTENT, Fault.status(401, null, "Missing Authentication header"), 1000);
        // tried for as long as OpenRouter is taken to keep the output (1 h), not given up after 3 attempts
        JsonPath failed = studio.untilFinished(id, 80, Duration.ofMinutes(2));
        assertEquals("failed", failed.getString("status"));
        assertEquals("download_failed", failed.getString("error_category"));
        assertTrue(failed.getString("error").contains("HTTP 401"), failed.getString("error"));
        assertTrue(failed.getString("error").contains("before its output expired"), failed.getString("error"));
        assertUsd("0.3", failed.get("usage.cost"));
        assertTrue(fake.requestsFor(providerJobId(id), Endpoint.CONTENT).size() > 3);
        assertEquals(1, posts().size());
        // past the output's lifetime, downloading again is refused, naming why
        given().post("/api/v1/videos/" + id + "/download")
                .then()
                .statusCode(409)
                .body("detail", containsString("has expired"));
    }

    // ------------------------------------------------------------------------------------------------
    // Our own validation: out-of-catalogue values never reach OpenRouter

    @Test
    void outOfCatalogueValuesAreRefusedByTheStudioNamingTheField() {
        String[][] cases = {
            {"duration", "20"},
            {"resolution", "1080p"},
            {"aspect_ratio", "21:9"},
            {"seed", "42"},
            {"generate_audio", "true"},
            {"size", "1920x1080"}
        };
        for (String[] c : cases) {
            Object value = switch (c[0]) {
                case "duration", "seed" -> Integer.parseInt(c[1]);
                case "generate_audio" -> Boolean.parseBoolean(c[1]);
                default -> c[1];
            };
            Map<String, Object> body = grok(prompt, c[0], value);
            if (c[0].equals("size")) {
                body.remove("resolution");
                body.remove("aspect_ratio");
            }
            given().contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .post("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(c[0]))
                    .body("detail", containsString(c[0]))
                    .body("error.code", org.hamcrest.Matchers.equalTo(400));
        }
        assertTrue(fake.requests().isEmpty(), () -> "requests reached OpenRouter: " + fake.requests());
    }

    @Test
    void seedAndGenerateAudioAreNeverSentToGrok() {
        // generate_audio: false passes validation (nothing to switch off) but must not be sent either
        String id = create(grok(prompt, "generate_audio", false));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        JsonNode body = posts().get(0).json();
        assertFalse(body.has("seed"));
        assertFalse(body.has("generate_audio"));
        assertFalse(body.has("callback_url"), "no public https URL, no webhook");
    }

    @Test
    void aModelWithSeedAndAudioGetsThem() {
        Map<String, Object> body = grok(
                prompt,
                "model",
                "google/veo-3.1",
                "duration",
                8,
                "resolution",
                "720p",
                "seed",
                5,
                "generate_audio",
                true);
        String id = create(body);
        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        JsonNode sent = posts().get(0).json();
        assertEquals(5, sent.get("seed").asInt());
        assertTrue(sent.get("generate_audio").asBoolean());
        assertUsd("3.2", done.get("usage.cost"));
        assertUsd("3.2", done.get("estimated_cost"));
    }

    // ------------------------------------------------------------------------------------------------
    // Catalogue

    @Test
    void theModelListOffersOpenRoutersVideoModelsWithTheirCapabilities() {
        JsonPath models = given().config(StudioDriver.EXACT)
                .get("/api/v1/videos/models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> ids = models.getList("data.id");
        assertTrue(
                ids.containsAll(List.of(
                        GROK, "x-ai/grok-imagine-video-1.5", "x-ai/grok-imagine-video-1.5-lite", "google/veo-3.1")),
                ids.toString());
        assertFalse(ids.contains("topaz/video-upscale"), "rows without durations are not video generators");
        assertFalse(ids.contains("local/preview"), "the preview route is off in this profile");
        String grok = "data.find { it.id == '" + GROK + "' }";
        assertEquals("openrouter", models.getString(grok + ".route"));
        assertEquals(7, models.getInt(grok + ".max_reference_images"));
        assertEquals(List.of("first_frame"), models.getList(grok + ".supported_frame_images"));
        assertEquals(14, models.getList(grok + ".supported_sizes").size());
        assertNotNull(models.get(grok));
        assertTrue(models.getMap(grok).containsKey("seed"));
        assertNull(models.get(grok + ".seed"));
        assertNull(models.get(grok + ".generate_audio"));
        assertEquals("0.05", models.getString(grok + ".pricing_skus.duration_seconds_480p"));
        assertEquals("0.07", models.getString(grok + ".pricing_skus.duration_seconds_720p"));
        assertEquals("0.002", models.getString(grok + ".pricing_skus.image_input"));
    }

    // ------------------------------------------------------------------------------------------------
    // Webhooks without a signing secret (a workspace-wide callback URL)

    @Test
    void withoutASecretAnUnsignedWebhookForAKnownJobMakesItDue() {
        fake.nextJob(Script.untilFinished());
        String id = create(grok(prompt));
        studio.tick();
        String orId = providerJobId(id);
        studio.tick();
        assertEquals(0, fake.requestsFor(orId, Endpoint.POLL).size(), "the first poll is 20 s away");
        fake.finish(orId, "completed", null);
        assertEquals(204, fake.deliverWebhook(orId, webhook, FakeOpenRouter.Webhook.UNSIGNED));
        studio.tick();
        assertEquals("completed", status(id).getString("status"));

        byte[] unknown =
                "{\"type\":\"video.generation.failed\",\"data\":{\"id\":\"NotAJobOfThisStudio0\",\"status\":\"failed\"}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().body(unknown)
                .contentType(ContentType.JSON)
                .when()
                .post(webhook)
                .then()
                .statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------
    // The key

    @Test
    void theKeyIsInNoAnswerPageOrLogLine() {
        KeyChecks.assertNeverShown(studio, fake, Endpoint.SUBMIT, Endpoint.POLL, Endpoint.CONTENT, GROK, prompt);
    }
}
