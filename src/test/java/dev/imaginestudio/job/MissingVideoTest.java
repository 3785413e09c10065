package dev.imaginestudio.job;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.StudioTest;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import dev.imaginestudio.testing.openrouter.OpenRouterTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A finished, paid video whose MP4 was deleted by hand (or lost with a disk): the studio says so everywhere instead of
 * serving a dead player or an empty archive, keeps the job's status and cost, and "download again" copies the
 * provider's existing output once more (never a new generation) while the provider still keeps it.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(OpenRouterTestProfile.class)
class MissingVideoTest extends StudioTest {

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    MediaStore media;

    @BeforeEach
    void freshFake() {
        fake.reset().clock(clock::instant);
    }

    /** A finished job whose MP4 has then been deleted from the media store. */
    private String finishedThenDeleted() throws Exception {
        String id = create(request("x-ai/grok-imagine-video", prompt));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        Files.delete(media.output(id, 0));
        return id;
    }

    @Test
    void aDeletedMp4Answers410AndTheJobKeepsItsStatusAndCostAndSaysSo() throws Exception {
        String id = finishedThenDeleted();

        given().get("/api/v1/videos/" + id + "/content")
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("detail", containsString("stored video of job " + id + " is missing"))
                .body("detail", containsString("/api/v1/videos/" + id + "/download"));
        given().get("/api/v1/videos/" + id + "/poster.jpg")
                .then()
                .statusCode(410)
                .contentType("application/problem+json");
        given().header("Range", "bytes=0-99")
                .get("/api/v1/videos/" + id + "/content")
                .then()
                .statusCode(410);

        JsonPath doc = StudioDriver.status(id);
        assertEquals("completed", doc.getString("status"));
        assertUsd("0.3", doc.get("usage.cost"));
        List<String> notes = doc.getList("timeline.message", String.class);
        assertEquals(
                1,
                notes.stream()
                        .filter(m -> m != null && m.startsWith("Stored video missing"))
                        .count(),
                "noted once in the timeline: " + notes);

        String page =
                given().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("Stored video missing"), "the page says the video is missing");
        assertTrue(page.contains("action=\"/jobs/" + id + "/download\""), "the page offers download again");
        assertTrue(page.contains("Download again"));
        assertFalse(page.contains("<video class=\"player\""), "no dead player");
    }

    @Test
    void aZipWithAMissingVideoIsRefusedBeforeAnythingIsStreamed() throws Exception {
        String kept = create(request("x-ai/grok-imagine-video", prompt + " kept"));
        assertEquals("completed", studio.untilFinished(kept).getString("status"));
        String gone = finishedThenDeleted();

        Response zip = given().contentType(ContentType.JSON)
                .body("{\"ids\":[\"" + kept + "\",\"" + gone + "\"]}")
                .post("/api/v1/videos/zip");
        assertEquals(409, zip.statusCode(), zip.asString());
        assertTrue(zip.contentType().startsWith("application/problem+json"), zip.contentType());
        String detail = zip.jsonPath().getString("detail");
        assertTrue(detail.contains(gone) && detail.contains("missing"), detail);
        assertFalse(detail.contains(kept), detail);
        given().queryParam("ids", gone)
                .get("/api/v1/videos/zip")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(gone));
        // the one still stored zips as before
        given().queryParam("ids", kept)
                .get("/api/v1/videos/zip")
                .then()
                .statusCode(200)
                .contentType("application/zip");
    }

    @Test
    void aSharedVideoWhoseFileIsGoneIsTheSharesDeadLink() throws Exception {
        String id = create(request("x-ai/grok-imagine-video", prompt));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        String token = given().contentType(ContentType.JSON)
                .body("{\"video\":\"" + id + "\"}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().get("/s/" + token).then().statusCode(200);
        String deadLink = given().get("/s/no-such-token-at-all-xyz")
                .then()
                .statusCode(404)
                .extract()
                .asString();

        Files.delete(media.output(id, 0));

        String page =
                given().get("/s/" + token).then().statusCode(404).extract().asString();
        assertEquals(deadLink, page, "the same dead-link page, nothing of the studio");
        given().get("/s/" + token + "/video.mp4").then().statusCode(404).body(not(containsString(id)));
        given().get("/s/" + token + "/embed").then().statusCode(404);
    }

    @Test
    void aSharedCollectionLeavesAVideoWhoseFileIsGoneOut() throws Exception {
        String kept = create(request("x-ai/grok-imagine-video", prompt + " kept"));
        assertEquals("completed", studio.untilFinished(kept).getString("status"));
        String gone = create(request("x-ai/grok-imagine-video", prompt + " gone"));
        assertEquals("completed", studio.untilFinished(gone).getString("status"));
        String collection = given().contentType(ContentType.JSON)
                .body("{\"name\":\"Rainy days\"}")
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + gone + "\",\"" + kept + "\"]}")
                .post("/api/v1/collections/" + collection + "/items")
                .then()
                .statusCode(200);
        String token = given().contentType(ContentType.JSON)
                .body("{\"collection\":\"" + collection + "\"}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().get("/s/" + token).then().statusCode(200).body(containsString("2 videos"));

        Files.delete(media.output(gone, 0));

        String page =
                given().get("/s/" + token).then().statusCode(200).extract().asString();
        assertTrue(page.contains("1 video"), "the lost video is left out");
        assertFalse(page.contains("missing"), "nothing about the studio's storage on a public page");
        // what was the second video is now the first; there is no second
        assertArrayEquals(
                fake.video(),
                given().get("/s/" + token + "/1/video.mp4")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        given().get("/s/" + token + "/2/video.mp4").then().statusCode(404);
    }

    @Test
    void downloadAgainRestoresTheFileAndTheJobPlaysAgainWithoutANewGeneration() throws Exception {
        String id = finishedThenDeleted();
        given().get("/api/v1/videos/" + id + "/content").then().statusCode(410);

        given().post("/api/v1/videos/" + id + "/download")
                .then()
                .statusCode(202)
                .body("id", org.hamcrest.Matchers.equalTo(id))
                .body("status", org.hamcrest.Matchers.equalTo("in_progress"));
        // asked twice: the second finds it already downloading
        given().post("/api/v1/videos/" + id + "/download")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("being downloaded"));

        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertUsd("0.3", done.get("usage.cost"));
        assertArrayEquals(
                fake.video(),
                given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .statusCode(200)
                        .contentType("video/mp4")
                        .extract()
                        .asByteArray());
        given().get("/api/v1/videos/" + id + "/poster.jpg").then().statusCode(200);
        assertEquals(1, fake.submitsWithPrompt(prompt).size(), "the generation was sent again");
        assertEquals(1, fake.jobsWithPrompt(prompt).size());
        assertEquals(2, fake.requestsFor(providerJobId(id), Endpoint.CONTENT).size());

        String page =
                given().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<video class=\"player\""), "the job plays again");
        assertFalse(page.contains("Stored video missing</p>"));
        // nothing to do for a stored video
        given().post("/api/v1/videos/" + id + "/download")
                .then()
                .statusCode(409)
                .body("detail", containsString("has its video stored"));
    }

    @Test
    void theJobPagesButtonDownloadsAgain() throws Exception {
        String id = finishedThenDeleted();
        given().redirects()
                .follow(false)
                .post("/jobs/" + id + "/download")
                .then()
                .statusCode(303)
                .header("Location", containsString("/jobs/" + id));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        given().get("/api/v1/videos/" + id + "/content").then().statusCode(200);
    }

    @Test
    void downloadAgainAfterTheProvidersUrlExpiredAnswers409NamingIt() throws Exception {
        String id = finishedThenDeleted();
        clock.advance(Duration.ofHours(2));
        fake.expireMedia(providerJobId(id));

        given().post("/api/v1/videos/" + id + "/download")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("has expired"))
                .body("detail", containsString("OpenRouter keeps a finished video for about 1 h"));
        assertEquals(JobStatus.SUCCEEDED, studio.job(id).status, "nothing changed");
        String page =
                given().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("has expired"), "the page says why it cannot be downloaded again");
        assertEquals(1, fake.requestsFor(providerJobId(id), Endpoint.CONTENT).size(), "nothing was fetched");
    }
}
