package dev.imaginestudio.provider.openrouter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Recorded;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenRouter client against the fake: what is sent, and how every answer is classified. */
class OpenRouterApiTest {

    static final String GROK = "x-ai/grok-imagine-video";
    static final String VEO = "google/veo-3.1";

    static FakeOpenRouter fake;
    static ScheduledExecutorService watchdog;
    static List<ModelCapabilities> models;
    OpenRouterApi api;

    @BeforeAll
    static void startFake() throws Exception {
        fake = FakeOpenRouter.start();
        watchdog = Executors.newSingleThreadScheduledExecutor();
        models = ModelListing.parse(new ObjectMapper().readTree(fake.models().toString()));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
        watchdog.shutdownNow();
    }

    @BeforeEach
    void fresh() {
        fake.reset();
        api = api(fake.baseUrl(), FakeOpenRouter.DEFAULT_KEY, Duration.ofSeconds(1));
    }

    static OpenRouterApi api(String base, String key, Duration timeout) {
        return new OpenRouterApi(
                new OpenRouterApi.Settings(
                        base,
                        Optional.of("https://studio.example.test"),
                        Optional.of("Imagine Studio"),
                        Duration.ofSeconds(1),
                        timeout),
                key,
                new ObjectMapper(),
                watchdog);
    }

    static ModelCapabilities model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    static SubmitRequest text(String model, int duration, String resolution, String aspect, Long seed, Boolean audio) {
        return new SubmitRequest(
                "studioJob0000000001",
                model,
                GenerationMode.TEXT,
                "A red kite over a windy beach",
                duration,
                resolution,
                aspect,
                0,
                0,
                seed,
                audio,
                List.of(),
                null);
    }

    static SubmitRequest grok() {
        return text(GROK, 6, "480p", "16:9", null, null);
    }

    String accept(SubmitRequest request) {
        SubmitOutcome outcome = api.submit(request, model(request.providerModelId()), null);
        return assertInstanceOf(SubmitOutcome.Accepted.class, outcome, () -> "not accepted: " + outcome)
                .providerJobId();
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: what is sent

    @Test
    void submitSendsTheGrokRequestWithTheKeyAndNothingTheModelCannotTake() {
        String id = accept(text(GROK, 6, "720p", "9:16", 42L, Boolean.TRUE));

        List<Recorded> posts = fake.requests(Endpoint.SUBMIT);
        assertEquals(1, posts.size());
        Recorded post = posts.get(0);
        assertEquals("Bearer test-key", post.header("Authorization").orElse(null));
        assertTrue(post.header("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("https://studio.example.test", post.header("HTTP-Referer").orElse(null));
        assertEquals("Imagine Studio", post.header("X-OpenRouter-Title").orElse(null));
        JsonNode body = post.json();
        assertEquals(GROK, body.get("model").asText());
        assertEquals("A red kite over a windy beach", body.get("prompt").asText());
        assertEquals(6, body.get("duration").asInt());
        assertEquals("720p", body.get("resolution").asText());
        assertEquals("9:16", body.get("aspect_ratio").asText());
        assertFalse(body.has("seed"), "Grok has no seed control: sending one is a 400");
        assertFalse(body.has("generate_audio"), "Grok has no audio control: sending one is a 400");
        assertFalse(body.has("size"), "size or resolution+aspect_ratio, never both");
        assertFalse(body.has("frame_images"));
        assertFalse(body.has("input_references"));
        assertFalse(body.has("callback_url"));
        assertEquals(GROK, fake.job(id).model);
    }

    @Test
    void seedAndAudioAreSentToAModelThatHasThem() {
        accept(text(VEO, 8, "720p", "16:9", 7L, Boolean.FALSE));
        JsonNode body = fake.requests(Endpoint.SUBMIT).get(0).json();
        assertEquals(7, body.get("seed").asLong());
        assertFalse(body.get("generate_audio").asBoolean());
    }

    @Test
    void callbackUrlIsSentWhenGiven() {
        SubmitOutcome outcome =
                api.submit(grok(), model(GROK), "https://studio.example.test/api/v1/webhooks/openrouter");
        assertInstanceOf(SubmitOutcome.Accepted.class, outcome);
        assertEquals(
                "https://studio.example.test/api/v1/webhooks/openrouter",
                fake.requests(Endpoint.SUBMIT).get(0).json().get("callback_url").asText());
    }

    @Test
    void imageToVideoSendsTheStoredFirstFrameAsADataUrl(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("input-0.png");
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4};
        Files.write(png, bytes);
        SubmitRequest r = new SubmitRequest(
                "studioJob0000000002",
                GROK,
                GenerationMode.IMAGE,
                "Animate the still",
                6,
                "480p",
                "16:9",
                854,
                480,
                null,
                null,
                List.of(new InputImage(png, "image/png", 854, 480)),
                null);
        String id = accept(r);

        JsonNode body = fake.requests(Endpoint.SUBMIT).get(0).json();
        JsonNode frame = body.get("frame_images").get(0);
        assertEquals("image_url", frame.get("type").asText());
        assertEquals("first_frame", frame.get("frame_type").asText());
        String url = frame.get("image_url").get("url").asText();
        assertTrue(url.startsWith("data:image/png;base64,"), url);
        assertArrayEquals(bytes, Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        assertFalse(body.has("input_references"));

        // the fake bills 6 s at 480p plus one input image: 0.30 + 0.002
        fake.finish(id, "completed", null);
        PollOutcome done = api.poll(id);
        assertEquals(0, new BigDecimal("0.302").compareTo(done.costUsd()));
    }

    @Test
    void referenceToVideoSendsEveryStoredImageAsAnInputReference(@TempDir Path dir) throws IOException {
        List<InputImage> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path jpg = dir.resolve("input-" + i + ".jpg");
            Files.write(jpg, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) i});
            images.add(new InputImage(jpg, "image/jpeg", 640, 480));
        }
        SubmitRequest r = new SubmitRequest(
                "studioJob0000000003",
                GROK,
                GenerationMode.REFERENCE,
                "The same fox, three places",
                5,
                "720p",
                "4:3",
                960,
                720,
                null,
                null,
                images,
                null);
        String id = accept(r);

        JsonNode refs = fake.requests(Endpoint.SUBMIT).get(0).json().get("input_references");
        assertEquals(3, refs.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("image_url", refs.get(i).get("type").asText());
            String url = refs.get(i).get("image_url").get("url").asText();
            assertArrayEquals(
                    new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) i},
                    Base64.getDecoder().decode(url.substring("data:image/jpeg;base64,".length())));
        }
        fake.finish(id, "completed", null);
        // 5 s at 720p (0.35) plus three images (0.006)
        assertEquals(0, new BigDecimal("0.356").compareTo(api.poll(id).costUsd()));
    }

    @Test
    void anUnreadableInputImageIsRejectedWithoutSendingAnything(@TempDir Path dir) {
        SubmitRequest r = new SubmitRequest(
                "studioJob0000000004",
                GROK,
                GenerationMode.IMAGE,
                "x",
                6,
                "480p",
                "16:9",
                854,
                480,
                null,
                null,
                List.of(new InputImage(dir.resolve("gone.png"), "image/png", 1, 1)),
                null);
        assertInstanceOf(SubmitOutcome.Rejected.class, api.submit(r, model(GROK), null));
        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void withoutAKeyNothingIsSent() {
        OpenRouterApi keyless = api(fake.baseUrl(), "  ", Duration.ofSeconds(1));
        assertFalse(keyless.hasKey());
        assertInstanceOf(SubmitOutcome.Rejected.class, keyless.submit(grok(), model(GROK), null));
        assertEquals(PollOutcome.State.UNAVAILABLE, keyless.poll("abc").state());
        assertTrue(fake.requests().isEmpty());
    }

    // ------------------------------------------------------------------------------------------------
    // Submit: how answers are classified

    @Test
    void outOfCatalogueValuesAreRejectedByTheFakeWithItsMessage() {
        SubmitOutcome outcome = api.submit(text(GROK, 20, "480p", "16:9", null, null), model(GROK), null);
        SubmitOutcome.Rejected rejected = assertInstanceOf(SubmitOutcome.Rejected.class, outcome);
        assertTrue(rejected.message().contains("duration 20 is not supported"), rejected.message());
        assertTrue(rejected.message().endsWith("(HTTP 400)"), rejected.message());

        // the catalogue row is what keeps seed away from Grok: without it the field would be sent and refused
        SubmitOutcome seeded = api.submit(text(GROK, 6, "480p", "16:9", 5L, null), model(VEO), null);
        assertTrue(
                assertInstanceOf(SubmitOutcome.Rejected.class, seeded).message().contains("seed is not supported"));
        assertTrue(fake.jobs().isEmpty());
    }

    @Test
    void insufficientCreditsIsRejectedWithOpenRoutersMessage() {
        fake.insufficientCredits(true);
        SubmitOutcome.Rejected rejected =
                assertInstanceOf(SubmitOutcome.Rejected.class, api.submit(grok(), model(GROK), null));
        assertEquals(FakeOpenRouter.CREDITS_MESSAGE + " (HTTP 402)", rejected.message());
        assertTrue(fake.jobs().isEmpty());
    }

    @Test
    void aWrongKeyIsRejected() {
        OpenRouterApi wrong = api(fake.baseUrl(), "not-the-key", Duration.ofSeconds(1));
        SubmitOutcome.Rejected rejected =
                assertInstanceOf(SubmitOutcome.Rejected.class, wrong.submit(grok(), model(GROK), null));
        assertTrue(rejected.message().contains("HTTP 401"), rejected.message());
    }

    @Test
    void anUnknownModelIsRejected() {
        SubmitOutcome outcome = api.submit(text("x-ai/no-such-model", 6, "480p", "16:9", null, null), null, null);
        assertTrue(assertInstanceOf(SubmitOutcome.Rejected.class, outcome)
                .message()
                .contains("(HTTP 404)"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 404, 409, 413, 422})
    void clientErrorsAreRejectionsThatCreateNothing(int status) {
        fake.inject(Endpoint.SUBMIT, Fault.status(status, null, "refused with " + status));
        SubmitOutcome.Rejected rejected =
                assertInstanceOf(SubmitOutcome.Rejected.class, api.submit(grok(), model(GROK), null));
        assertEquals("refused with " + status + " (HTTP " + status + ")", rejected.message());
        assertTrue(fake.jobs().isEmpty());
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() {
        fake.rateLimit(1, 17);
        SubmitOutcome.RetryLater later =
                assertInstanceOf(SubmitOutcome.RetryLater.class, api.submit(grok(), model(GROK), null));
        assertEquals(Duration.ofSeconds(17), later.after());
        assertTrue(later.reason().contains("Rate limit exceeded"), later.reason());
        assertTrue(fake.jobs().isEmpty());

        fake.rateLimit(1, null);
        assertEquals(
                OpenRouterApi.DEFAULT_RETRY_AFTER,
                assertInstanceOf(SubmitOutcome.RetryLater.class, api.submit(grok(), model(GROK), null))
                        .after());
    }

    @Test
    void serviceUnavailableIsRetriedAfterRetryAfter() {
        fake.inject(Endpoint.SUBMIT, Fault.status(503, 4));
        assertEquals(
                Duration.ofSeconds(4),
                assertInstanceOf(SubmitOutcome.RetryLater.class, api.submit(grok(), model(GROK), null))
                        .after());
        fake.inject(Endpoint.SUBMIT, Fault.status(503));
        assertEquals(
                OpenRouterApi.DEFAULT_RETRY_AFTER,
                assertInstanceOf(SubmitOutcome.RetryLater.class, api.submit(grok(), model(GROK), null))
                        .after());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 504})
    void serverErrorsLeaveTheOutcomeUnknown(int status) {
        fake.inject(Endpoint.SUBMIT, Fault.status(status).creatingJob());
        SubmitOutcome.Unknown unknown =
                assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        assertTrue(unknown.message().contains("HTTP " + status), unknown.message());
        assertEquals(1, fake.jobs().size(), "the fake created the job before failing, as OpenRouter may");
        assertEquals(1, fake.requests(Endpoint.SUBMIT).size(), "a submit is never retried");
    }

    @Test
    void aLostAnswerAfterTheJobWasCreatedIsUnknownAndNotRetried() {
        fake.inject(Endpoint.SUBMIT, Fault.createdThenDropped());
        assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        assertEquals(1, fake.jobs().size());
        assertEquals(1, fake.requests(Endpoint.SUBMIT).size());
    }

    @Test
    void aDroppedConnectionIsUnknown() {
        fake.inject(Endpoint.SUBMIT, Fault.drop());
        assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        assertEquals(1, fake.requests(Endpoint.SUBMIT).size());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUnknown() {
        fake.inject(Endpoint.SUBMIT, Fault.slow(Duration.ofSeconds(3)));
        SubmitOutcome.Unknown unknown =
                assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        assertTrue(unknown.message().contains("no answer within"), unknown.message());
        assertEquals(1, fake.requests(Endpoint.SUBMIT).size());
    }

    @Test
    void aMalformedOrEmptyAcceptanceIsUnknown() {
        fake.inject(Endpoint.SUBMIT, Fault.malformedJson());
        assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        fake.inject(Endpoint.SUBMIT, Fault.emptyBody());
        assertInstanceOf(SubmitOutcome.Unknown.class, api.submit(grok(), model(GROK), null));
        assertEquals(2, fake.jobs().size());
    }

    @Test
    void aRefusedConnectionProvesNothingWasSent() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OpenRouterApi down =
                api("http://127.0.0.1:" + closed + "/api/v1", FakeOpenRouter.DEFAULT_KEY, Duration.ofSeconds(1));
        SubmitOutcome.RetryLater later =
                assertInstanceOf(SubmitOutcome.RetryLater.class, down.submit(grok(), model(GROK), null));
        assertEquals(OpenRouterApi.DEFAULT_RETRY_AFTER, later.after());
        assertTrue(later.reason().toLowerCase().contains("refused"), later.reason());
        assertEquals(PollOutcome.State.UNAVAILABLE, down.poll("abc").state());
    }

    @Test
    void aRelativePollingUrlIsAccepted() {
        fake.relativePollingUrl(true).generationIds(true);
        String id = accept(grok());
        assertEquals(PollOutcome.State.PENDING, api.poll(id).state());
        assertEquals("/api/v1/videos/" + id, fake.requests(Endpoint.POLL).get(0).path());
    }

    // ------------------------------------------------------------------------------------------------
    // Poll

    @Test
    void pollsFollowTheTimelineAndReportTheExactCost() {
        String id = accept(grok());
        assertEquals(PollOutcome.State.PENDING, api.poll(id).state());
        assertEquals(PollOutcome.State.RUNNING, api.poll(id).state());
        PollOutcome done = api.poll(id);
        assertEquals(PollOutcome.State.COMPLETED, done.state());
        assertEquals(0, new BigDecimal("0.3").compareTo(done.costUsd()), () -> "cost " + done.costUsd());
        assertEquals(List.of(URI.create(fake.baseUrl() + "/videos/" + id + "/content?index=0")), done.outputs());
        for (Recorded poll : fake.requests(Endpoint.POLL)) {
            assertEquals("Bearer test-key", poll.header("Authorization").orElse(null));
            assertEquals("/api/v1/videos/" + id, poll.path());
        }
    }

    @Test
    void aCostIsReadFromTheJsonTextNotThroughADouble() {
        fake.nextJob(Script.of("completed").withCost("0.1000000000000000055511151231257827"));
        String id = accept(grok());
        assertEquals(
                new BigDecimal("0.1000000000000000055511151231257827"),
                api.poll(id).costUsd());
    }

    @Test
    void endingsCarryOpenRoutersErrorVerbatim() {
        fake.nextJob(Script.failing("Content policy violation: the prompt was flagged", "pending"));
        String failed = accept(grok());
        assertEquals(PollOutcome.State.PENDING, api.poll(failed).state());
        PollOutcome f = api.poll(failed);
        assertEquals(PollOutcome.State.FAILED, f.state());
        assertEquals("Content policy violation: the prompt was flagged", f.message());

        fake.nextJob(Script.of("cancelled"));
        PollOutcome c = api.poll(accept(grok()));
        assertEquals(PollOutcome.State.CANCELLED, c.state());
        assertEquals("Job was cancelled", c.message());

        fake.nextJob(Script.of("pending", "expired"));
        String expired = accept(grok());
        api.poll(expired);
        PollOutcome e = api.poll(expired);
        assertEquals(PollOutcome.State.EXPIRED, e.state());
        assertEquals("Job exceeded maximum time to live", e.message());
    }

    @Test
    void anUnknownStatusIsTreatedAsRunning() {
        String id = accept(grok());
        fake.inject(Endpoint.POLL, Fault.unknownStatus("queued_for_gpu"));
        assertEquals(PollOutcome.State.RUNNING, api.poll(id).state());
    }

    @Test
    void completedWithoutUrlsHasNoOutputs() {
        fake.nextJob(Script.of("completed").withOutput(Script.Output.EMPTY));
        PollOutcome empty = api.poll(accept(grok()));
        assertEquals(PollOutcome.State.COMPLETED, empty.state());
        assertTrue(empty.outputs().isEmpty());

        fake.nextJob(Script.of("completed").withOutput(Script.Output.MISSING));
        PollOutcome missing = api.poll(accept(grok()));
        assertEquals(PollOutcome.State.COMPLETED, missing.state());
        assertTrue(missing.outputs().isEmpty());
        assertEquals(0, new BigDecimal("0.3").compareTo(missing.costUsd()));
    }

    @Test
    void aRelativeOutputUrlIsResolvedAgainstTheBaseUrl() {
        fake.nextJob(Script.of("completed").withOutput(Script.Output.RELATIVE_CONTENT));
        String id = accept(grok());
        assertEquals(
                List.of(URI.create(fake.baseUrl() + "/videos/" + id + "/content?index=0")),
                api.poll(id).outputs());
        fake.nextJob(Script.of("completed").withOutput(Script.Output.BASE_RELATIVE_CONTENT));
        String other = accept(grok());
        assertEquals(
                List.of(URI.create(fake.baseUrl() + "/videos/" + other + "/content?index=0")),
                api.poll(other).outputs());
    }

    @Test
    void anUnknownJobIsFailedNotPolledForever() {
        PollOutcome lost = api.poll("NoSuchJob00000000000");
        assertEquals(PollOutcome.State.FAILED, lost.state());
        assertTrue(lost.message().contains("NoSuchJob00000000000"), lost.message());
    }

    @Test
    void transientPollFailuresAreUnavailableWithRetryAfter() {
        fake.nextJob(Script.untilFinished());
        String id = accept(grok());
        fake.inject(Endpoint.POLL, Fault.status(429, 12));
        PollOutcome throttled = api.poll(id);
        assertEquals(PollOutcome.State.UNAVAILABLE, throttled.state());
        assertEquals(Duration.ofSeconds(12), throttled.retryAfter());

        fake.inject(Endpoint.POLL, Fault.status(500));
        assertEquals(PollOutcome.State.UNAVAILABLE, api.poll(id).state());
        fake.inject(Endpoint.POLL, Fault.status(502, 3));
        assertEquals(Duration.ofSeconds(3), api.poll(id).retryAfter());
        // the JDK's client sends an idempotent GET once more when the connection closes before any answer
        fake.inject(Endpoint.POLL, Fault.drop(), 2);
        assertEquals(PollOutcome.State.UNAVAILABLE, api.poll(id).state());
        fake.inject(Endpoint.POLL, Fault.malformedJson());
        assertEquals(PollOutcome.State.UNAVAILABLE, api.poll(id).state());
        fake.inject(Endpoint.POLL, Fault.emptyBody());
        assertEquals(PollOutcome.State.UNAVAILABLE, api.poll(id).state());
        fake.inject(Endpoint.POLL, Fault.slow(Duration.ofSeconds(3)));
        assertEquals(PollOutcome.State.UNAVAILABLE, api.poll(id).state());
        // and the job is still there to be followed
        assertEquals(PollOutcome.State.PENDING, api.poll(id).state());
    }

    // ------------------------------------------------------------------------------------------------
    // Download

    static byte[] readAll(Download d) throws IOException {
        try (d;
                InputStream in = d.body()) {
            return in.readAllBytes();
        }
    }

    String completed(Script script) {
        fake.nextJob(script);
        String id = accept(grok());
        PollOutcome done = api.poll(id);
        assertEquals(PollOutcome.State.COMPLETED, done.state());
        return id;
    }

    URI output(String id) {
        return api.poll(id).outputs().get(0);
    }

    @Test
    void theContentEndpointGetsTheKeyAndStreamsTheVideo() throws IOException {
        String id = completed(Script.of("completed"));
        Download d = api.download(id, output(id));
        assertEquals("video/mp4", d.contentType());
        assertArrayEquals(fake.video(), readAll(d));
        Recorded get = fake.requestsFor(id, Endpoint.CONTENT).get(0);
        assertEquals("Bearer test-key", get.header("Authorization").orElse(null));
        assertEquals("index=0", get.query());
    }

    @Test
    void aCdnUrlNeverSeesTheKey() throws IOException {
        String id = completed(Script.of("completed").withOutput(Script.Output.CDN));
        URI cdn = output(id);
        assertTrue(cdn.toString().startsWith(fake.mediaOrigin()), cdn.toString());
        Download d = api.download(id, cdn);
        assertEquals(fake.video().length, d.contentLength());
        assertArrayEquals(fake.video(), readAll(d));
        List<Recorded> atCdn = fake.requests(Endpoint.CDN);
        assertEquals(1, atCdn.size());
        assertFalse(atCdn.get(0).hasHeader("Authorization"));
        assertFalse(atCdn.get(0).hasHeader("HTTP-Referer"));
        assertTrue(fake.requests(Endpoint.CONTENT).isEmpty());
    }

    @Test
    void aRedirectToAnotherHostIsFollowedWithoutTheKey() throws IOException {
        String id = completed(Script.of("completed"));
        fake.inject(Endpoint.CONTENT, Fault.redirectToCdn());
        assertArrayEquals(fake.video(), readAll(api.download(id, output(id))));
        assertEquals(
                "Bearer test-key",
                fake.requests(Endpoint.CONTENT).get(0).header("Authorization").orElse(null));
        Recorded atCdn = fake.requests(Endpoint.CDN).get(0);
        assertFalse(atCdn.hasHeader("Authorization"), "the key must not follow a redirect to another host");
    }

    @Test
    void aGoneCdnLinkFallsBackToOpenRoutersContentEndpoint() throws IOException {
        String id = completed(Script.of("completed").withOutput(Script.Output.CDN));
        URI cdn = output(id);
        fake.expireMedia(id);
        assertArrayEquals(fake.video(), readAll(api.download(id, cdn)));
        assertEquals(1, fake.requests(Endpoint.CDN).size());
        assertEquals(
                "Bearer test-key",
                fake.requestsFor(id, Endpoint.CONTENT)
                        .get(0)
                        .header("Authorization")
                        .orElse(null));
    }

    @Test
    void aHostThatOnlyLooksLikeTheBaseDoesNotGetTheKey() {
        assertTrue(api.sameOrigin(URI.create(fake.baseUrl() + "/videos/x/content?index=0")));
        String port = fake.baseUrl().replaceAll(".*:(\\d+)/.*", "$1");
        assertFalse(api.sameOrigin(URI.create("http://localhost:" + port + "/api/v1/videos/x/content")));
        assertFalse(api.sameOrigin(URI.create("https://127.0.0.1:" + port + "/api/v1/videos/x/content")));
        assertFalse(api.sameOrigin(URI.create("http://127.0.0.1:1/api/v1/videos/x/content")));
        OpenRouterApi real = api("https://openrouter.ai/api/v1", "k", Duration.ofSeconds(1));
        assertTrue(real.sameOrigin(URI.create("https://openrouter.ai:443/api/v1/videos/a/content?index=0")));
        assertTrue(real.sameOrigin(URI.create("https://OpenRouter.ai/api/v1/videos/a/content?index=0")));
        assertFalse(real.sameOrigin(URI.create("https://openrouter.ai.evil.example/api/v1/videos/a/content")));
        assertFalse(real.sameOrigin(URI.create("http://openrouter.ai/api/v1/videos/a/content")));
        assertFalse(real.sameOrigin(URI.create("https://storage.example.com/video.mp4")));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 404, 500, 502})
    void aRefusedDownloadFails(int status) {
        String id = completed(Script.of("completed"));
        fake.inject(Endpoint.CONTENT, Fault.status(status));
        IOException e = assertThrows(IOException.class, () -> readAll(api.download(id, output(id))));
        assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    }

    @Test
    void aDownloadWithoutTheRightKeyIsRefused() {
        String id = completed(Script.of("completed"));
        OpenRouterApi wrong = api(fake.baseUrl(), "not-the-key", Duration.ofSeconds(1));
        IOException e = assertThrows(IOException.class, () -> wrong.download(id, output(id)));
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    }

    @Test
    void somethingThatIsNotAVideoIsRefused() {
        String id = completed(Script.of("completed"));
        fake.inject(Endpoint.CONTENT, Fault.contentType("text/html"));
        IOException e = assertThrows(IOException.class, () -> api.download(id, output(id)));
        assertTrue(e.getMessage().contains("text/html"), e.getMessage());
    }

    @Test
    void aTruncatedDownloadFailsWhileReading() {
        String id = completed(Script.of("completed").withOutput(Script.Output.CDN));
        fake.inject(Endpoint.CDN, Fault.truncated());
        assertThrows(IOException.class, () -> readAll(api.download(id, output(id))));
    }

    @Test
    void aStalledDownloadIsCutOff() {
        String id = completed(Script.of("completed").withOutput(Script.Output.CDN));
        fake.inject(Endpoint.CDN, Fault.stall(Duration.ofSeconds(30)));
        IOException e = assertThrows(IOException.class, () -> readAll(api.download(id, output(id))));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------
    // The key

    @Test
    void theKeyIsRedactedFromEverythingThatComesBack() {
        fake.inject(Endpoint.SUBMIT, Fault.status(400, null, "your key test-key is not allowed here"));
        SubmitOutcome.Rejected rejected =
                assertInstanceOf(SubmitOutcome.Rejected.class, api.submit(grok(), model(GROK), null));
        assertFalse(rejected.message().contains("test-key"), rejected.message());
        assertTrue(rejected.message().contains("[redacted]"), rejected.message());

        String id = accept(grok());
        fake.inject(Endpoint.POLL, Fault.status(500, null, "upstream echoed Bearer test-key"));
        assertFalse(api.poll(id).message().contains("test-key"));
    }

    @Test
    void theModelListIsFetchedWithoutTheKey() throws Exception {
        List<ModelCapabilities> listed = api.models();
        assertTrue(listed.stream().anyMatch(m -> m.id().equals(GROK)));
        assertFalse(fake.requests(Endpoint.MODELS).get(0).hasHeader("Authorization"));
        fake.inject(Endpoint.MODELS, Fault.status(500));
        assertThrows(IOException.class, api::models);
        fake.inject(Endpoint.MODELS, Fault.malformedJson());
        assertThrows(IOException.class, api::models);
    }
}
