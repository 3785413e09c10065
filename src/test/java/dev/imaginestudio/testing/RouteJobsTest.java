package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.testing.fake.FakeServer;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.Recorded;
import dev.imaginestudio.testing.fake.Script;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests of one hosted route against its fake (reset before each test, on the studio's clock), with
 * the scenarios every route must pass: the provider's failure message verbatim, a finished job without a video, a
 * job the provider forgot, a lost answer to a submit (never sent twice), an expired video URL replaced by a fresh
 * one, and the key shown nowhere.
 *
 * @param <E> the fake's endpoints
 */
// test methods declared here are looked up for @TestSecurity on this class, not on the subclass running them
@TestSecurity(user = "admin", roles = "admin")
public abstract class RouteJobsTest<E extends Enum<E>> extends StudioTest {

    private final String model;
    private final String name;
    private final String noun;
    private final E submit;
    private final E poll;
    private final E media;
    private final Duration urlLifetime;

    /**
     * @param model       the route's Grok model id
     * @param name        how messages call the provider ("xAI")
     * @param noun        what the provider calls a job ("request")
     * @param submit      the fake's submit endpoint; {@code poll} its poll endpoint, {@code media} its media host
     * @param urlLifetime how long the provider's video URLs work
     */
    protected RouteJobsTest(String model, String name, String noun, E submit, E poll, E media, Duration urlLifetime) {
        this.model = model;
        this.name = name;
        this.noun = noun;
        this.submit = submit;
        this.poll = poll;
        this.media = media;
        this.urlLifetime = urlLifetime;
    }

    /** The route's fake (a field the profile's resource fills). */
    protected abstract FakeServer<E, ?, ?> fake();

    @BeforeEach
    void freshFake() {
        fake().reset().clock(clock::instant);
    }

    /** A 6 s 480p 16:9 request for the route's Grok; {@code more} adds or overrides fields. */
    protected Map<String, Object> grok(String prompt, Object... more) {
        return StudioDriver.request(model, prompt, more);
    }

    /** The submits of this test's prompt. */
    protected List<Recorded> posts() {
        return fake().submitsWithPrompt(prompt);
    }

    /** The job finished with the fake's video stored and served, fetched from the media host without the key. */
    protected void assertStoredVideo(String id) {
        assertArrayEquals(
                fake().video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .contentType("video/mp4")
                        .extract()
                        .asByteArray());
        List<Recorded> downloads = fake().requestsFor(providerJobId(id), media);
        assertFalse(downloads.isEmpty(), "nothing was downloaded from the media host");
        downloads.forEach(d -> assertFalse(d.hasHeader("Authorization"), "the key went to the media host"));
    }

    // ------------------------------------------------------------------------------------------------
    // What every route must get right

    @Test
    void aFailedJobShowsTheProvidersMessageVerbatim() {
        fake().nextJob(Script.failing("The video could not be rendered: upstream GPU fault"));
        assertEnded(
                studio.untilFinished(StudioDriver.create(grok(prompt))),
                "failed",
                "failed",
                "The video could not be rendered: upstream GPU fault");
    }

    @Test
    void finishedWithoutAUrlFailsAsNoOutput() {
        fake().nextJob(fake().happy().withOutput(Script.Output.MISSING));
        assertEnded(studio.untilFinished(StudioDriver.create(grok(prompt))), "failed", "no_output", null);
        assertTrue(fake().requests(media).isEmpty());
    }

    @Test
    void aJobTheProviderNoLongerKnowsFailsWithAClearMessage() {
        fake().nextJob(Script.untilFinished());
        String id = StudioDriver.create(grok(prompt));
        studio.tick();
        String providerId = providerJobId(id);
        fake().forget(providerId);
        JsonPath failed = studio.untilFinished(id);
        assertEnded(failed, "failed", "provider_lost", null);
        assertTrue(
                failed.getString("error").contains(name + " no longer knows the " + noun + " " + providerId),
                failed.getString("error"));
    }

    @Test
    void aLostAnswerToASubmitFailsAsSubmitUnknownWithExactlyOnePost() {
        fake().inject(submit, Fault.createdThenDropped());
        String id = StudioDriver.create(grok(prompt));
        JsonPath failed = studio.untilFinished(id);
        assertEnded(failed, "failed", "submit_unknown", null);
        assertTrue(
                failed.getString("error").contains(name + " may have created and billed this job"),
                failed.getString("error"));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            studio.tick();
        }
        assertEquals(1, posts().size(), "the submit was sent again");
        assertEquals(1, fake().jobsWithPrompt(prompt).size(), "the provider did create the job");
    }

    @Test
    void anExpiredVideoUrlIsReplacedByAFreshOneFromAnotherPoll() throws Exception {
        String id = StudioDriver.create(grok(prompt));
        // the first download fails; by the next attempt the URL it was given has expired
        fake().inject(media, Fault.status(503));
        studio.tick();
        while (studio.job(id).status != JobStatus.DOWNLOADING) {
            clock.advance(StudioDriver.STEP);
            studio.tick();
        }
        URI first = URI.create(studio.job(id).outputUrl);
        clock.advance(urlLifetime.plusHours(1));
        HttpResponse<String> stale = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(first).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, stale.statusCode(), "the first URL has expired");

        assertEquals("completed", studio.untilFinished(id).getString("status"));
        List<Recorded> downloads = fake().requestsFor(providerJobId(id), media);
        Recorded last = downloads.get(downloads.size() - 1);
        assertEquals(first.getRawPath(), last.path());
        assertNotEquals(first.getRawQuery(), last.query(), "a freshly signed URL was asked for");
        // the polls to the end, and one more for the fresh URL
        assertEquals(
                fake().happy().statuses().size() + 1,
                fake().requestsFor(providerJobId(id), poll).size());
        assertStoredVideo(id);
        assertEquals(1, posts().size(), "the generation was sent again");
    }

    @Test
    void theKeyIsInNoAnswerPageOrLogLine() {
        KeyChecks.assertNeverShown(studio, fake(), submit, poll, media, model, prompt);
    }

    // ------------------------------------------------------------------------------------------------

    /** A job that ended as {@code status} with {@code category} and, when given, exactly {@code error}. */
    protected static void assertEnded(JsonPath job, String status, String category, String error) {
        assertEquals(status, job.getString("status"));
        assertEquals(category, job.getString("error_category"));
        if (error != null) {
            assertEquals(error, job.getString("error"));
        }
    }
}
