package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collection and sharing pages: forms that redirect after success and show their errors beside the field. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class CollectionPagesTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static List<String> videos;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private List<String> videos() {
        if (videos == null) {
            videos = Videos.finished(
                    jobs, worker, "3:4", List.of("Page clip: a comet over the hills", "Page clip: tulips in the wind"));
        }
        return videos;
    }

    private static String createCollection(String name) {
        String location = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("name", name)
                .post("/collections")
                .then()
                .statusCode(303)
                .header("Location", matchesPattern(".*/collections/[A-Za-z0-9]{16}$"))
                .extract()
                .header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void collectionsAreInTheNavAndCreatedFromTheirPage() {
        given().get("/collections")
                .then()
                .statusCode(200)
                .body(containsString("href=\"/collections\" aria-current=\"page\">Collections</a>"))
                .body(containsString("<form class=\"card inline-form\" method=\"post\" action=\"/collections\""));
        given().get("/gallery").then().body(containsString("<a href=\"/collections\">Collections</a>"));

        given().contentType(FORM)
                .formParam("name", "   ")
                .post("/collections")
                .then()
                .statusCode(400)
                .body(containsString("id=\"name-error\">name is required"))
                .body(containsString("aria-invalid=\"true\""));
        String id = createCollection("Night <skies>");
        given().get("/collections/" + id)
                .then()
                .statusCode(200)
                .body(containsString("<h1 class=\"collection-title\">Night &lt;skies&gt;</h1>"))
                .body(containsString("No videos in this collection yet."));
        given().get("/collections").then().body(containsString("data-collection-id=\"" + id + "\""));
    }

    @Test
    void selectedVideosGoIntoAnExistingOrANewCollection() {
        List<String> v = videos();
        String queued = jobs.create(
                        new JobRequest(null, "Page clip not finished", 1, "480p", "1:1", null, null, null), null)
                .job()
                .publicId;
        try {
            String id = createCollection("From the history");
            io.restassured.response.Response added = given().redirects()
                    .follow(false)
                    .contentType(FORM)
                    .formParam("ids", v.get(0))
                    .formParam("ids", queued)
                    .formParam("collection", id)
                    .formParam("back", "/jobs")
                    .post("/collections/add");
            // the notice rides on a one-time cookie, not in the address (a reload would repeat it)
            added.then().statusCode(303).header("Location", endsWith("/collections/" + id));
            String flash = added.getCookie("studio_flash");
            given().cookie("studio_flash", flash)
                    .get("/collections/" + id)
                    .then()
                    .statusCode(200)
                    // one of two cookies: a browser without the CSRF cookie gets that too
                    .cookie("studio_flash", "")
                    .body(containsString("1 video added. 1 job has no finished video yet and was left out."))
                    .body(containsString("data-job-id=\"" + v.get(0) + "\""))
                    .body(not(containsString("data-job-id=\"" + queued + "\"")));
            given().get("/collections/" + id).then().statusCode(200).body(not(containsString("video added")));

            String location = given().redirects()
                    .follow(false)
                    .contentType(FORM)
                    .formParam("ids", v.get(1))
                    .formParam("ids", v.get(0))
                    .formParam("new_name", "Brand new")
                    .post("/collections/add")
                    .then()
                    .statusCode(303)
                    .extract()
                    .header("Location");
            String fresh = location.replaceAll(".*/collections/([A-Za-z0-9]+).*", "$1");
            String page = given().get("/collections/" + fresh)
                    .then()
                    .statusCode(200)
                    .body(containsString("Brand new"))
                    .extract()
                    .asString();
            assertTrue(page.indexOf(v.get(1)) < page.indexOf(v.get(0)), "in the order selected");

            // no choice made yet: the page asks which collection, keeping the selection
            given().contentType(FORM)
                    .formParam("ids", v.get(0))
                    .formParam("back", "/gallery")
                    .post("/collections/add")
                    .then()
                    .statusCode(200)
                    .body(containsString("Add 1 video to a collection"))
                    .body(containsString("<input type=\"hidden\" name=\"ids\" value=\"" + v.get(0) + "\">"))
                    .body(containsString("value=\"" + id + "\""));
            given().contentType(FORM)
                    .formParam("collection", id)
                    .post("/collections/add")
                    .then()
                    .statusCode(400)
                    .body(containsString("Select at least one video first."));
            given().contentType(FORM)
                    .formParam("ids", v.get(0))
                    .formParam("collection", "NoSuchCollection")
                    .post("/collections/add")
                    .then()
                    .statusCode(404)
                    .body(containsString("No collection with id"));
        } finally {
            Videos.deleteQuietly(jobs, List.of(queued));
        }
    }

    @Test
    void renameMoveRemoveAndDelete() {
        List<String> v = videos();
        String id = createCollection("Order");
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("ids", v.get(1))
                .formParam("collection", id)
                .post("/collections/add")
                .then()
                .statusCode(303);

        given().contentType(FORM)
                .formParam("name", "")
                .post("/collections/" + id + "/rename")
                .then()
                .statusCode(400)
                .body(containsString("id=\"rename-error\">name is required"));
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("name", "Order, renamed")
                .post("/collections/" + id + "/rename")
                .then()
                .statusCode(303);
        given().get("/collections/" + id).then().body(containsString("Order, renamed"));

        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("video", v.get(1))
                .formParam("direction", "up")
                .post("/collections/" + id + "/move")
                .then()
                .statusCode(303);
        String page = given().get("/collections/" + id).asString();
        assertTrue(page.indexOf("id=\"video-" + v.get(1)) < page.indexOf("id=\"video-" + v.get(0)), "moved up");
        given().contentType(FORM)
                .formParam("video", v.get(1))
                .formParam("direction", "sideways")
                .post("/collections/" + id + "/move")
                .then()
                .statusCode(400);

        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("video", v.get(1))
                .post("/collections/" + id + "/remove")
                .then()
                .statusCode(303);
        given().get("/collections/" + id).then().body(not(containsString("id=\"video-" + v.get(1))));

        given().redirects()
                .follow(false)
                .post("/collections/" + id + "/delete")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/collections"));
        given().get("/collections/" + id).then().statusCode(404).contentType(containsString("text/html"));
    }

    @Test
    void shareLinksAreMadeListedAndRevokedFromThePages() {
        List<String> v = videos();
        String id = createCollection("Shared from the page");
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("collection", id)
                .formParam("expires", "1d")
                .post("/shares")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/collections/" + id + "#share-links"));
        String page = given().get("/collections/" + id)
                .then()
                .statusCode(200)
                .body(containsString("id=\"share-links\""))
                // the test studio has no public URL: where links are made, the page says they may not reach anyone
                .body(containsString("These links may not open for anyone else"))
                .body(containsString("studio.public-url is not set"))
                .body(containsString("expires <time"))
                .body(containsString(">in 24 h</time>"))
                .extract()
                .asString();
        String token = page.replaceAll("(?s).*data-token=\"([A-Za-z0-9_-]{24})\".*", "$1");
        given().get("/s/" + token).then().statusCode(200);
        given().redirects()
                .follow(false)
                .post("/shares/" + token + "/revoke")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/collections/" + id + "#share-links"));
        given().get("/s/" + token).then().statusCode(404);

        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("video", v.get(0))
                .formParam("hide_prompt", "1")
                .post("/shares")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/videos/" + v.get(0) + "/share#share-links"));
        given().get("/videos/" + v.get(0) + "/share")
                .then()
                .statusCode(200)
                .body(containsString("never expires"))
                .body(containsString("prompt hidden"));
        given().contentType(FORM)
                .formParam("video", v.get(0))
                .formParam("expires", "forever")
                .post("/shares")
                .then()
                .statusCode(400)
                .body(containsString("expires must be one of"));
    }

    @Test
    void theJobPagePanelAndTheOptionsFragment() {
        List<String> v = videos();
        String id = createCollection("Panel check");
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("collection", id)
                .post("/collections/add")
                .then()
                .statusCode(303);
        given().get("/videos/" + v.get(0) + "/panel")
                .then()
                .statusCode(200)
                .body(not(containsString("<html")))
                .body(containsString("<a class=\"chip\" href=\"/collections/" + id + "\">Panel check</a>"))
                .body(containsString("Add to collection"))
                .body(containsString("aria-label=\"Take it out of Panel check\""))
                .body(containsString("href=\"/videos/" + v.get(0) + "/share\""));
        // taken out again from the job's page, which it returns to
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("video", v.get(0))
                .formParam("back", "/jobs/" + v.get(0))
                .post("/collections/" + id + "/remove")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/jobs/" + v.get(0)));
        given().get("/videos/" + v.get(0) + "/panel")
                .then()
                .body(not(containsString("href=\"/collections/" + id + "\"")));
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("collection", id)
                .post("/collections/add")
                .then()
                .statusCode(303);
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("video", v.get(0))
                .formParam("back", "https://evil.example/")
                .post("/collections/" + id + "/remove")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/collections/" + id));
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("collection", id)
                .post("/collections/add")
                .then()
                .statusCode(303);
        given().get("/collections/options")
                .then()
                .statusCode(200)
                .body(not(containsString("<html")))
                .body(containsString("<option value=\"\">New collection…</option>"))
                .body(containsString("<option value=\"" + id + "\">Panel check (1)</option>"));
        given().get("/jobs/" + v.get(0))
                .then()
                .statusCode(200)
                .body(containsString("hx-get=\"/videos/" + v.get(0) + "/panel\""))
                .body(containsString("href=\"/videos/" + v.get(0) + "/share\">Share</a>"));
    }

    @Test
    void galleryFiltersByShapeAndKeepsFiltersWhilePaging() {
        List<String> v = videos();
        given().queryParam("aspect_ratio", "3:4")
                .get("/gallery")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + v.get(0) + "\""))
                .body(containsString("<option value=\"3:4\" selected>3:4</option>"));
        given().queryParam("aspect_ratio", "2:3")
                .queryParam("q", "Page clip")
                .get("/gallery")
                .then()
                .statusCode(200)
                .body(not(containsString("data-job-id=\"" + v.get(0) + "\"")))
                .body(containsString("No videos match these filters."));
        given().queryParam("q", "tulips")
                .queryParam("mode", "text")
                .queryParam("model", "local/preview")
                .queryParam("route", "local")
                .get("/gallery")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + v.get(1) + "\""))
                .body(not(containsString("data-job-id=\"" + v.get(0) + "\"")));
        given().queryParam("from", "soon")
                .get("/gallery")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("from must be a date"));
    }
}
