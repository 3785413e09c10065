package dev.imaginestudio.provider.openrouter;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.ErrorCategory;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.fake.ShiftableClock;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Webhook;
import dev.imaginestudio.testing.openrouter.OpenRouterTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks: the studio has a public https URL (so every submit carries {@code callback_url}) and a signing
 * secret, and polls only once an hour, so a job that finishes on the next tick was made due by its webhook.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(OpenRouterTestProfile.Webhooks.class)
class OpenRouterWebhookTest {

    static final String GROK = "x-ai/grok-imagine-video";

    /** A 6 s 480p 16:9 Grok request through OpenRouter. */
    static Map<String, Object> grok(String prompt, Object... more) {
        return request(GROK, prompt, more);
    }

    static final String CALLBACK = OpenRouterTestProfile.Webhooks.PUBLIC_URL + "/api/v1/webhooks/openrouter";

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    JobWorker worker;

    @Inject
    ShiftableClock clock;

    @TestHTTPResource("/api/v1/webhooks/openrouter")
    URI webhook;

    StudioDriver studio;
    String prompt;

    @BeforeEach
    void fresh() {
        fake.reset();
        fake.webhookSecret(OpenRouterTestProfile.Webhooks.SECRET)
                .clock(clock::instant)
                .nextJob(Script.untilFinished());
        studio = new StudioDriver(worker, clock);
        prompt = "A lighthouse in a storm " + UUID.randomUUID();
    }

    /** Creates a job and lets the poller submit it; returns its OpenRouter id. */
    String submitted(String id) {
        studio.tick();
        assertEquals(JobStatus.PENDING, studio.job(id).status);
        return studio.job(id).providerJobId;
    }

    int polls(String orId) {
        return fake.requestsFor(orId, Endpoint.POLL).size();
    }

    @Test
    void everySubmitCarriesTheCallbackUrl() {
        String id = create(grok(prompt));
        submitted(id);
        assertEquals(
                CALLBACK + "?job=" + id,
                fake.submitsWithPrompt(prompt).get(0).json().get("callback_url").asText());
    }

    @Test
    void aSignedWebhookFindsAPaidJobWhoseSubmitAnswerWasLost() {
        fake.inject(Endpoint.SUBMIT, Fault.createdThenDropped());
        String id = create(grok(prompt));
        studio.tick();
        assertEquals(JobStatus.FAILED, studio.job(id).status);
        assertEquals(ErrorCategory.SUBMIT_UNKNOWN, studio.job(id).errorCategory);
        String orId = fake.jobsWithPrompt(prompt).get(0).id;
        String callback =
                fake.submitsWithPrompt(prompt).get(0).json().get("callback_url").asText();

        // a delivery that is not signed with the secret changes nothing
        assertEquals(401, fake.deliverWebhook(orId, URI.create(webhook + "?job=" + id), Webhook.BAD_SIGNATURE));
        assertEquals(JobStatus.FAILED, studio.job(id).status);
        fake.finish(orId, "completed", null);
        assertEquals(
                204,
                fake.deliverWebhook(orId, URI.create(webhook + callback.substring(CALLBACK.length())), Webhook.VALID));
        assertEquals(JobStatus.PENDING, studio.job(id).status);
        studio.tick();

        JsonPath done = status(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(1, fake.submitsWithPrompt(prompt).size(), "found, never sent again");
        assertTrue(done.getList("timeline.message", String.class).stream()
                .anyMatch(m -> m.startsWith("Found at OpenRouter as " + orId)));
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    @Test
    void aWebhookNamingAJobThatWasNotLostLeavesItAlone() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        fake.inject(Endpoint.SUBMIT, Fault.createdThenDropped());
        String other = "Another " + prompt;
        create(grok(other));
        studio.tick();
        String strayId = fake.jobsWithPrompt(other).get(0).id;
        fake.finish(strayId, "completed", null);
        // a delivery about one provider job that names a studio job already following another
        assertEquals(404, fake.deliverWebhook(strayId, URI.create(webhook + "?job=" + id), Webhook.VALID));
        assertEquals(orId, studio.job(id).providerJobId);
        assertEquals(JobStatus.PENDING, studio.job(id).status);
    }

    @Test
    void aValidWebhookMakesTheJobDueAtOnce() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        studio.tick();
        assertEquals(0, polls(orId), "the first poll is an hour away");

        fake.finish(orId, "completed", null);
        assertEquals(204, fake.deliverWebhook(orId, webhook, Webhook.VALID));
        studio.tick();

        JsonPath done = status(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(1, polls(orId));
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
    }

    @Test
    void aDuplicateWebhookIsAnsweredButNotActedOnTwice() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        fake.finish(orId, "completed", null);
        // the polls the first two handled webhooks cause fail, and put the job an hour out again
        fake.inject(Endpoint.POLL, Fault.status(503, 3600), 2);

        assertEquals(204, fake.deliverWebhook(orId, webhook, Webhook.VALID));
        studio.tick();
        assertEquals(1, polls(orId));
        assertEquals(JobStatus.PENDING, studio.job(id).status);

        assertEquals(204, fake.deliverWebhook(orId, webhook, Webhook.VALID), "a duplicate is acknowledged");
        studio.tick();
        assertEquals(1, polls(orId), "a duplicate does not make the job due again");
        // a captured delivery replayed under fresh idempotency keys, which the signature does not cover
        byte[] body = fake.webhookBody(orId);
        clock.advance(java.time.Duration.ofSeconds(1));
        String captured = FakeOpenRouter.signature(
                OpenRouterTestProfile.Webhooks.SECRET, clock.instant().getEpochSecond(), body);
        for (String key : new String[] {
            orId + "-completed-captured",
            orId + "-completed-replayed",
            UUID.randomUUID().toString()
        }) {
            given().body(body)
                    .contentType("application/json")
                    .header("X-OpenRouter-Signature", captured)
                    .header("X-OpenRouter-Idempotency-Key", key)
                    .when()
                    .post(webhook)
                    .then()
                    .statusCode(204);
        }
        studio.tick();
        assertEquals(2, polls(orId), "the captured delivery was acted on once");
        for (int i = 0; i < 3; i++) {
            given().body(body)
                    .contentType("application/json")
                    .header("X-OpenRouter-Signature", captured)
                    .header("X-OpenRouter-Idempotency-Key", UUID.randomUUID().toString())
                    .when()
                    .post(webhook)
                    .then()
                    .statusCode(204);
        }
        studio.tick();
        assertEquals(2, polls(orId), "a replay with a new idempotency key made the job due again");

        // a delivery the studio has not seen (signed at another moment) does
        clock.advance(java.time.Duration.ofSeconds(1));
        assertEquals(204, fake.deliverWebhook(orId, webhook, Webhook.VALID, orId + "-completed-redelivered"));
        studio.tick();
        assertEquals(3, polls(orId));
        assertEquals("completed", status(id).getString("status"));
    }

    @Test
    void staleBadAndMissingSignaturesAreRefused() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        fake.finish(orId, "completed", null);
        assertEquals(401, fake.deliverWebhook(orId, webhook, Webhook.STALE));
        assertEquals(401, fake.deliverWebhook(orId, webhook, Webhook.BAD_SIGNATURE));
        assertEquals(401, fake.deliverWebhook(orId, webhook, Webhook.UNSIGNED));
        studio.tick();
        assertEquals(0, polls(orId), "a refused webhook makes nothing due");

        byte[] body = fake.webhookBody(orId);
        given().body(body)
                .contentType("application/json")
                .header("X-OpenRouter-Signature", "t=" + clock.instant().getEpochSecond() + ",v1=00")
                .header("X-OpenRouter-Idempotency-Key", orId + "-completed")
                .when()
                .post(webhook)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("does not match"));

        // refusals are not remembered as handled: the genuine delivery still works
        assertEquals(204, fake.deliverWebhook(orId, webhook, Webhook.VALID));
        studio.tick();
        assertEquals("completed", status(id).getString("status"));
    }

    @Test
    void theSignatureCoversTheRawBytes() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        fake.finish(orId, "completed", null);
        byte[] body = fake.webhookBody(orId);
        long t = clock.instant().getEpochSecond();
        String signature = FakeOpenRouter.signature(OpenRouterTestProfile.Webhooks.SECRET, t, body);
        // the same JSON re-serialised with other spacing is not what was signed
        byte[] respaced =
                new String(body, StandardCharsets.UTF_8).replace(",\"", ", \"").getBytes(StandardCharsets.UTF_8);
        given().body(respaced)
                .contentType("application/json")
                .header("X-OpenRouter-Signature", signature)
                .when()
                .post(webhook)
                .then()
                .statusCode(401);
        given().body(body)
                .contentType("application/json")
                .header("X-OpenRouter-Signature", signature)
                .when()
                .post(webhook)
                .then()
                .statusCode(204);
    }

    @Test
    void aWebhookForAJobTheStudioDoesNotKnowIsNotFound() {
        byte[] body = ("{\"type\":\"video.generation.completed\",\"created_at\":\"2026-10-09T12:00:00.000Z\","
                        + "\"data\":{\"id\":\"NotAJobOfThisStudio0\",\"status\":\"completed\"}}")
                .getBytes(StandardCharsets.UTF_8);
        given().body(body)
                .contentType("application/json")
                .header(
                        "X-OpenRouter-Signature",
                        FakeOpenRouter.signature(
                                OpenRouterTestProfile.Webhooks.SECRET,
                                clock.instant().getEpochSecond(),
                                body))
                .when()
                .post(webhook)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        byte[] junk = "{\"type\":\"video.generation.completed\"}".getBytes(StandardCharsets.UTF_8);
        given().body(junk)
                .contentType("application/json")
                .header(
                        "X-OpenRouter-Signature",
                        FakeOpenRouter.signature(
                                OpenRouterTestProfile.Webhooks.SECRET,
                                clock.instant().getEpochSecond(),
                                junk))
                .when()
                .post(webhook)
                .then()
                .statusCode(400);
    }

    @Test
    void theWebhooksClaimsAreNotTrustedThePollDecides() {
        String id = create(grok(prompt));
        String orId = submitted(id);
        fake.finish(orId, "failed", "Generation failed at the provider");
        // a validly signed delivery that claims success with a video elsewhere
        String forged =
                "{\"type\":\"video.generation.completed\",\"created_at\":\"2026-10-09T12:00:00.000Z\",\"data\":{\"id\":\""
                        + orId + "\",\"status\":\"completed\",\"unsigned_urls\":[\"" + fake.mediaOrigin()
                        + "/cdn/forged.mp4\"],"
                        + "\"usage\":{\"cost\":0.01,\"is_byok\":false}}}";
        byte[] body = forged.getBytes(StandardCharsets.UTF_8);
        given().body(body)
                .contentType("application/json")
                .header(
                        "X-OpenRouter-Signature",
                        FakeOpenRouter.signature(
                                OpenRouterTestProfile.Webhooks.SECRET,
                                clock.instant().getEpochSecond(),
                                body))
                .header("X-OpenRouter-Idempotency-Key", orId + "-completed")
                .when()
                .post(webhook)
                .then()
                .statusCode(204);
        studio.tick();
        JsonPath failed = status(id);
        assertEquals("failed", failed.getString("status"));
        assertEquals("Generation failed at the provider", failed.getString("error"));
        assertTrue(fake.requests(Endpoint.CDN).isEmpty(), "the webhook's URL was fetched");
    }
}
