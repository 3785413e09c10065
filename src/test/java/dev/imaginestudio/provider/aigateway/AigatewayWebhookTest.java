package dev.imaginestudio.provider.aigateway;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.testing.StudioTest;
import dev.imaginestudio.testing.aigateway.AigatewayTestProfile;
import dev.imaginestudio.testing.aigateway.FakeAigateway;
import dev.imaginestudio.testing.aigateway.FakeAigateway.Endpoint;
import dev.imaginestudio.testing.aigateway.FakeAigateway.Scheme;
import dev.imaginestudio.testing.aigateway.FakeAigateway.Webhook;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Script;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AIgateway's webhooks in both signature schemes. Each job is first put an hour out (its first poll gets a 429
 * with Retry-After 3600), so a job that is polled on the next tick was made due by its webhook. (A webhook within
 * 3 s of the job's last poll makes it due 3 s after that poll: AIgateway would answer 304 sooner.)
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(AigatewayTestProfile.class)
class AigatewayWebhookTest extends StudioTest {

    @InjectFake
    FakeAigateway fake;

    @TestHTTPResource("/api/v1/webhooks/aigateway")
    URI webhook;

    @BeforeEach
    void freshFake() {
        fake.reset()
                .clock(clock::instant)
                .webhookSecret(AigatewayTestProfile.SECRET)
                .nextJob(Script.untilFinished());
    }

    /** A job submitted and then parked for an hour by a throttled poll; returns its AIgateway id. */
    String parked(String id) {
        studio.tick();
        fake.inject(Endpoint.POLL, Fault.status(429, 3600));
        clock.advance(Duration.ofSeconds(4));
        studio.tick();
        assertEquals(JobStatus.PENDING, studio.job(id).status);
        String jobId = studio.job(id).providerJobId;
        assertEquals(1, polls(jobId));
        // past AIgateway's 3 s since that poll, so that a poll a webhook causes is sent
        clock.advance(Duration.ofSeconds(4));
        studio.tick();
        assertEquals(1, polls(jobId), "the job is not due for an hour");
        return jobId;
    }

    /** A studio job and its AIgateway id. */
    record Parked(String id, String jobId) {}

    /** A new job, parked for an hour, that has since ended at AIgateway as {@code status}. */
    Parked parkedThenEnded(String status, String error) {
        String id = newJob();
        String jobId = parked(id);
        fake.finish(jobId, status, error);
        return new Parked(id, jobId);
    }

    int polls(String jobId) {
        return fake.requestsFor(jobId, Endpoint.POLL).size();
    }

    String newJob() {
        return create(request(AigatewayJobsTest.GROK, "A glacier calving at dawn " + UUID.randomUUID()));
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void aSignedWebhookInEitherSchemeMakesTheJobDueAtOnce(Scheme scheme) {
        Parked job = parkedThenEnded("completed", null);
        assertEquals(204, fake.deliverWebhook(job.jobId(), webhook, scheme, Webhook.VALID));
        studio.tick();
        assertEquals("completed", status(job.id()).getString("status"));
        assertEquals(2, polls(job.jobId()));
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void staleBadAndMissingSignaturesAreRefusedAndMakeNothingDue(Scheme scheme) {
        Parked job = parkedThenEnded("completed", null);
        assertEquals(401, fake.deliverWebhook(job.jobId(), webhook, scheme, Webhook.STALE));
        assertEquals(401, fake.deliverWebhook(job.jobId(), webhook, scheme, Webhook.BAD_SIGNATURE));
        assertEquals(401, fake.deliverWebhook(job.jobId(), webhook, scheme, Webhook.UNSIGNED));
        studio.tick();
        assertEquals(1, polls(job.jobId()), "a refused webhook made the job due");
        // refusals are not remembered: the genuine delivery still works
        assertEquals(204, fake.deliverWebhook(job.jobId(), webhook, scheme, Webhook.VALID));
        studio.tick();
        assertEquals("completed", status(job.id()).getString("status"));
    }

    @Test
    void theSignatureCoversTheRawBytes() {
        Parked job = parkedThenEnded("completed", null);
        byte[] body = fake.webhookBody(job.jobId());
        long t = clock.instant().getEpochSecond();
        String hex = FakeAigateway.signature(AigatewayTestProfile.SECRET, t, body);
        byte[] respaced =
                new String(body, StandardCharsets.UTF_8).replace(",\"", ", \"").getBytes(StandardCharsets.UTF_8);
        given().body(respaced)
                .contentType("application/json")
                .header("aig-timestamp", Long.toString(t))
                .header("aig-signature", hex)
                .when()
                .post(webhook)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("does not match"));
        given().body(body)
                .contentType("application/json")
                .header("aig-timestamp", Long.toString(t))
                .header("aig-signature", hex)
                .when()
                .post(webhook)
                .then()
                .statusCode(204);
    }

    @Test
    void anAccountEventNamingTheJobWorksToo() {
        Parked job = parkedThenEnded("completed", null);
        String event = "{\"id\":\"evt_01J\",\"type\":\"job.completed\",\"created\":"
                + clock.instant().getEpochSecond() + ",\"data\":{\"job_id\":\"" + job.jobId()
                + "\",\"model\":\"xai/grok-imagine-video\",\"usage\":{\"cost_cents\":30}}}";
        assertEquals(
                204,
                fake.deliver(event.getBytes(StandardCharsets.UTF_8), webhook, Scheme.GATEWAY_HEADER, Webhook.VALID, 1));
        studio.tick();
        assertEquals("completed", status(job.id()).getString("status"));
    }

    @Test
    void aDuplicateIsAnsweredButActedOnOnceAndARetriedDeliveryIsHandled() {
        Parked job = parkedThenEnded("completed", null);
        // the poll the first delivery causes is throttled again: the job goes an hour out once more
        fake.inject(Endpoint.POLL, Fault.status(429, 3600));
        byte[] body = fake.webhookBody(job.jobId());
        long t = clock.instant().getEpochSecond();
        String signature = "t=" + t + ",v1=" + FakeAigateway.signature(AigatewayTestProfile.SECRET, t, body);
        for (int i = 0; i < 2; i++) {
            given().body(body)
                    .contentType("application/json")
                    .header("X-Gateway-Signature", signature)
                    .when()
                    .post(webhook)
                    .then()
                    .statusCode(204);
            studio.tick();
            clock.advance(Duration.ofSeconds(4));
        }
        assertEquals(2, polls(job.jobId()), "the same delivery made the job due twice");
        // the same signed delivery written another way (a second, wrong, candidate signature) is no new delivery
        given().body(body)
                .contentType("application/json")
                .header("X-Gateway-Signature", signature + ",v1=00")
                .when()
                .post(webhook)
                .then()
                .statusCode(204);
        given().body(body)
                .contentType("application/json")
                .header("aig-timestamp", Long.toString(t))
                .header("aig-signature", FakeAigateway.signature(AigatewayTestProfile.SECRET, t, body))
                .when()
                .post(webhook)
                .then()
                .statusCode(204);
        studio.tick();
        assertEquals(2, polls(job.jobId()), "a replay written another way made the job due again");
        // AIgateway's retry is signed anew: a delivery the studio has not seen
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(204), fake.deliverWithRetries(job.jobId(), webhook, Scheme.AIG_HEADERS, 3));
        studio.tick();
        assertEquals(3, polls(job.jobId()));
        assertEquals("completed", status(job.id()).getString("status"));
    }

    @Test
    void aWebhookTheStudioCannotUseIsRefusedAndTheWebhooksClaimsAreNotTrusted() {
        byte[] unknown =
                "{\"id\":\"job_NOTAJOBOFTHISSTUDIO0000000\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(404, fake.deliver(unknown, webhook, Scheme.AIG_HEADERS, Webhook.VALID, 1));
        byte[] junk = "{\"object\":\"job\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, fake.deliver(junk, webhook, Scheme.AIG_HEADERS, Webhook.VALID, 1));

        Parked job = parkedThenEnded("failed", "Upstream provider rejected the prompt");
        String forged = "{\"id\":\"" + job.jobId() + "\",\"status\":\"completed\",\"result_url\":\""
                + fake.mediaOrigin() + "/forged.mp4\"}";
        assertEquals(
                204,
                fake.deliver(
                        forged.getBytes(StandardCharsets.UTF_8), webhook, Scheme.GATEWAY_HEADER, Webhook.VALID, 1));
        studio.tick();
        assertEquals("failed", status(job.id()).getString("status"));
        assertEquals("Upstream provider rejected the prompt", status(job.id()).getString("error"));
        assertTrue(fake.requests(Endpoint.MEDIA).isEmpty(), "the webhook's URL was fetched");
    }
}
