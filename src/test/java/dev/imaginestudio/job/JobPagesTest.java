package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class JobPagesTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final List<String> ASPECTS = List.of("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3");

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    /** Jobs this test queued; removed afterwards so no other test's ticks spend time rendering them. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreatedJobs() {
        for (String id : created) {
            try {
                jobs.delete(id);
            } catch (JobNotFoundException alreadyGone) {
                // the test deleted it itself
            }
        }
    }

    private static String unique(String prompt) {
        return prompt + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Queues a job through the form and returns its id. */
    private String submit(String prompt, String duration, String resolution, String aspect) {
        String location = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("prompt", prompt)
                .formParam("model", "local/preview")
                .formParam("duration", duration)
                .formParam("resolution", resolution)
                .formParam("aspect_ratio", aspect)
                .when()
                .post("/jobs")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        return track(location.substring(location.lastIndexOf('/') + 1));
    }

    private String track(String id) {
        created.add(id);
        return id;
    }

    // ------------------------------------------------------------------------------------------------
    // Create

    @Test
    void createPageHasEveryFieldTheSevenAspectRatiosAndTheModel() {
        String html = given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<form id=\"create-form\""))
                .body(containsString("method=\"post\" action=\"/jobs\""))
                .body(containsString("<textarea id=\"prompt\" name=\"prompt\""))
                .body(containsString("maxlength=\"4096\""))
                .body(containsString("0 / 4096"))
                .body(containsString("<select id=\"model\" name=\"model\""))
                .body(containsString("<optgroup label=\"Offline preview\">"))
                .body(containsString("<option value=\"local/preview\" selected>Offline preview · Free</option>"))
                .body(containsString("type=\"range\" id=\"duration\" name=\"duration\" min=\"1\" max=\"15\""))
                .body(containsString("name=\"resolution\" value=\"480p\" checked"))
                .body(containsString("name=\"resolution\" value=\"720p\""))
                .body(containsString("name=\"seed\""))
                .body(containsString("Free (offline preview)"))
                .body(containsString("<label for=\"prompt\">Prompt</label>"))
                .extract()
                .asString();
        for (String aspect : ASPECTS) {
            assertTrue(
                    html.contains("name=\"aspect_ratio\" value=\"" + aspect + "\""),
                    "aspect ratio " + aspect + " is offered");
            assertTrue(
                    html.contains("data-aspect=\"" + aspect + "\""), "aspect ratio " + aspect + " has a visual option");
        }
        // the default is checked and its pixel size shown for the default resolution
        assertTrue(html.contains("value=\"16:9\" checked"));
        assertTrue(html.contains("id=\"size-16-9\">854×480<"));
        assertTrue(html.contains("id=\"size-9-16\">480×854<"));
        // image and reference modes are a hint only for now
        assertTrue(html.contains("Image to video") && html.contains("Reference to video"));
    }

    @Test
    void everyPageLoadsHtmxAndItsStylesFromTheStudioItself() {
        for (String page : List.of("/", "/jobs", "/gallery", "/settings")) {
            given().when()
                    .get(page)
                    .then()
                    .statusCode(200)
                    .body(containsString("<script src=\"/webjars/htmx.org/2.0.8/dist/htmx.min.js\""))
                    .body(containsString("<link rel=\"stylesheet\" href=\"/css/studio.css\">"))
                    .body(not(containsString("src=\"http")))
                    .body(not(containsString("href=\"http")))
                    .body(containsString("<nav class=\"nav\" aria-label=\"Main\">"));
        }
        given().when()
                .get("/webjars/htmx.org/2.0.8/dist/htmx.min.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("htmx"));
        given().when().get("/css/studio.css").then().statusCode(200).contentType(containsString("css"));
        given().when().get("/js/studio.js").then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void validSubmissionRedirectsToTheNewJobsPage() {
        String prompt = unique("A lighthouse in a storm, waves crashing");
        Response r = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("prompt", prompt)
                .formParam("model", "local/preview")
                .formParam("duration", "2")
                .formParam("resolution", "720p")
                .formParam("aspect_ratio", "3:4")
                .formParam("seed", "77")
                .when()
                .post("/jobs");
        r.then().statusCode(303).header("Location", matchesPattern(".*/jobs/[A-Za-z0-9]{20}$"));
        String id = track(r.header("Location").substring(r.header("Location").lastIndexOf('/') + 1));

        GenerationJob job = jobs.get(id);
        assertTrue(job.prompt.equals(prompt)
                && job.durationSeconds == 2
                && job.resolution.equals("720p")
                && job.aspectRatio.equals("3:4")
                && job.seed == 77L
                && job.width == 720
                && job.height == 960);
        given().when().get("/jobs/" + id).then().statusCode(200).body(containsString(prompt));
    }

    @Test
    void badSubmissionShowsEveryMessageBesideItsFieldAndKeepsTheInput() {
        String html = given().contentType(FORM)
                .formParam("prompt", "")
                .formParam("model", "local/preview")
                .formParam("duration", "abc")
                .formParam("resolution", "720p")
                .formParam("aspect_ratio", "9:16")
                .formParam("seed", "1234")
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("The job was not created."))
                .body(containsString("<p class=\"field-error\" id=\"prompt-error\">prompt is required"))
                .body(
                        containsString(
                                "<p class=\"field-error\" id=\"duration-error\">duration must be a whole number of seconds, not &#39;abc&#39;"))
                // the user's other choices are still chosen
                .body(containsString("name=\"aspect_ratio\" value=\"9:16\" checked"))
                .body(not(containsString("value=\"16:9\" checked")))
                .body(containsString("name=\"resolution\" value=\"720p\" checked"))
                .body(containsString("value=\"1234\""))
                // and the picker shows the sizes of the chosen resolution
                .body(containsString("id=\"size-9-16\">720×1280<"))
                .extract()
                .asString();
        assertFalse(html.contains("Internal Server Error"));

        String prompt = "Keep <this> prompt & \"all\" of it";
        given().contentType(FORM)
                .formParam("prompt", prompt)
                .formParam("duration", "99")
                .formParam("resolution", "480p")
                .formParam("aspect_ratio", "1:1")
                .formParam("seed", "not-a-number")
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString(">Keep &lt;this&gt; prompt &amp; &quot;all&quot; of it</textarea>"))
                .body(containsString("duration must be one of 1-15 seconds for local/preview, not 99"))
                .body(containsString("seed must be a whole number from 0 to 4294967295, not &#39;not-a-number&#39;"))
                .body(containsString("value=\"1:1\" checked"))
                .body(not(containsString("prompt-error")));
    }

    @Test
    void unknownModelAndResolutionAreReportedNotCrashed() {
        given().contentType(FORM)
                .formParam("prompt", "A cat")
                .formParam("model", "nobody/nothing")
                .formParam("resolution", "4k")
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("id=\"model-error\">model &#39;nobody/nothing&#39; is not available"))
                .body(containsString(">A cat</textarea>"));
        given().contentType(FORM)
                .formParam("prompt", "A cat")
                .formParam("resolution", "4k")
                .formParam("aspect_ratio", "5:4")
                .when()
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("id=\"resolution-error\">resolution must be one of 480p, 720p"))
                .body(containsString("id=\"aspect-error\">aspect ratio must be one of"));
    }

    @Test
    void nothingIsStoredWhenTheFormIsRejected() {
        String prompt = unique("Never stored");
        given().contentType(FORM)
                .formParam("prompt", prompt)
                .formParam("duration", "x")
                .when()
                .post("/jobs")
                .then()
                .statusCode(400);
        given().when().get("/jobs").then().statusCode(200).body(not(containsString(prompt)));
    }

    @Test
    void estimateFragmentFollowsResolutionDurationAndAspect() {
        given().queryParam("model", "local/preview")
                .queryParam("duration", "3")
                .queryParam("resolution", "720p")
                .queryParam("aspect_ratio", "9:16")
                .when()
                .get("/jobs/estimate")
                .then()
                .statusCode(200)
                .body(containsString("Free (offline preview)"))
                .body(containsString("3 s at 720p"))
                .body(containsString("<strong>720×1280</strong>"))
                // the aspect picker's sizes are swapped in out of band
                .body(containsString(
                        "<span class=\"aspect-size\" id=\"size-16-9\" hx-swap-oob=\"true\">1280×720</span>"))
                .body(not(containsString("<html")));
    }

    @Test
    void changingTheModelReRendersTheFormKeepingWhatTheUserTyped() {
        given().contentType(FORM)
                .formParam("model", "local/preview")
                .formParam("prompt", "Typed before switching")
                .formParam("duration", "4")
                .formParam("resolution", "720p")
                .formParam("aspect_ratio", "3:2")
                .when()
                .post("/jobs/form")
                .then()
                .statusCode(200)
                .body(containsString("<form id=\"create-form\""))
                .body(not(containsString("<html")))
                .body(containsString(">Typed before switching</textarea>"))
                .body(containsString("value=\"4\""))
                .body(containsString("value=\"3:2\" checked"))
                .body(not(containsString("field-error")));
    }

    @Test
    void remixPrefillsTheFormFromAnEarlierJob() {
        String prompt = unique("Remix me: a paper boat on a river");
        String location = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("prompt", prompt)
                .formParam("duration", "9")
                .formParam("resolution", "720p")
                .formParam("aspect_ratio", "2:3")
                .formParam("seed", "4242")
                .when()
                .post("/jobs")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        String id = track(location.substring(location.lastIndexOf('/') + 1));

        given().queryParam("remix", id)
                .when()
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString(">" + prompt + "</textarea>"))
                .body(containsString("Remixing <a href=\"/jobs/" + id + "\">"))
                .body(containsString("value=\"9\" data-output"))
                .body(containsString("value=\"720p\" checked"))
                .body(containsString("value=\"2:3\" checked"))
                .body(containsString("value=\"4242\""));
        given().queryParam("remix", "noSuchJob")
                .when()
                .get("/")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"));
    }

    // ------------------------------------------------------------------------------------------------
    // History

    @Test
    void historyListsJobsNewestFirstAndPollsOnlyRunningRows() {
        String older = submit(unique("First of two"), "1", "480p", "16:9");
        String newer = submit(unique("Second of two"), "1", "480p", "1:1");
        String html = given().when()
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + older + "\""))
                .body(containsString("data-job-id=\"" + newer + "\""))
                .body(containsString("hx-get=\"/jobs/" + newer + "/row\" hx-trigger=\"sse:job-" + newer
                        + ", every 30s\" hx-swap=\"outerHTML\" hx-sync=\"this:replace\""))
                .body(containsString("hx-ext=\"sse\" sse-connect=\"/jobs/events\""))
                .extract()
                .asString();
        assertTrue(html.indexOf(newer) < html.indexOf(older), "the newer job comes first");

        given().queryParam("status", "active")
                .when()
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + newer + "\""))
                .body(containsString("href=\"/jobs?status=active\" aria-current=\"page\""));
        given().queryParam("status", "completed")
                .when()
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(not(containsString("data-job-id=\"" + newer + "\"")));
        given().queryParam("status", "bogus")
                .when()
                .get("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("status must be one of active, completed"));
    }

    @Test
    void historyPagesWithAnOlderLink() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < HistoryPages.HISTORY_PAGE + 1; i++) {
            ids.add(track(jobs.create(new JobRequest(null, "Paging job " + i, 1, null, null, null, null, null), null)
                    .job()
                    .publicId));
        }
        String oldest = ids.get(0);
        String first = given().when()
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + ids.get(ids.size() - 1) + "\""))
                .body(not(containsString("data-job-id=\"" + oldest + "\"")))
                .body(containsString(">Older</a>"))
                .extract()
                .asString();
        String after = first.replaceAll("(?s).*href=\"/jobs\\?after=([A-Za-z0-9]+)\" rel=\"next\".*", "$1");
        given().queryParam("after", after)
                .when()
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + oldest + "\""))
                .body(not(containsString("data-job-id=\"" + ids.get(ids.size() - 1) + "\"")));
        given().queryParam("after", "noSuchCursor")
                .when()
                .get("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"));
    }

    @Test
    void rowFragmentPollsWhileTheJobRunsAndStopsOnceItEnded() {
        String id = submit(unique("Row fragment"), "1", "480p", "4:3");
        given().when()
                .get("/jobs/" + id + "/row")
                .then()
                .statusCode(200)
                .body(containsString("<li class=\"job-row\" id=\"job-" + id + "\""))
                .body(containsString("hx-trigger=\"sse:job-" + id + ", every 30s\""))
                .body(containsString("role=\"progressbar\""))
                .body(not(containsString("<html")));

        GenerationJob ended = Ledger.runUntilTerminal(worker, id);
        given().when()
                .get("/jobs/" + id + "/row")
                .then()
                .statusCode(200)
                .body(containsString("id=\"job-" + id + "\""))
                .body(containsString("data-status=\"" + ended.status.apiName() + "\""))
                .body(not(containsString("hx-trigger")))
                .body(not(containsString("role=\"progressbar\"")));
    }

    // ------------------------------------------------------------------------------------------------
    // A job's page

    @Test
    void jobPageShowsPromptParametersTimelineAndLiveStatus() {
        String prompt = unique("A hot air balloon over the desert");
        String id = submit(prompt, "3", "480p", "3:2");
        given().when()
                .get("/jobs/" + id)
                .then()
                .statusCode(200)
                .body(containsString("<h1 class=\"job-title\">" + prompt + "</h1>"))
                .body(containsString("<dt>Model</dt><dd>Offline preview <code>local/preview</code></dd>"))
                .body(containsString("<dt>Size</dt><dd>720×480 px</dd>"))
                .body(containsString("<dt>Estimate</dt><dd>Free</dd>"))
                .body(containsString("Timeline"))
                .body(containsString("<strong>Queued</strong>"))
                .body(containsString("Accepted by the studio"))
                .body(containsString("hx-get=\"/jobs/" + id + "/live\" hx-trigger=\"sse:job-" + id
                        + ", every 30s\" hx-swap=\"outerHTML\" hx-sync=\"this:replace\""))
                .body(containsString("sse-connect=\"/jobs/events\""))
                .body(containsString("href=\"/?remix=" + id + "\""))
                .body(containsString("action=\"/jobs/" + id + "/delete\""))
                .body(containsString("data-confirm=\"This job is still running"));

        GenerationJob ended = Ledger.runUntilTerminal(worker, id);
        String live = given().when()
                .get("/jobs/" + id + "/live")
                .then()
                .statusCode(200)
                .header("HX-Trigger", "job-ended")
                .body(containsString("id=\"job-live\""))
                .body(not(containsString("hx-trigger")))
                .body(not(containsString("<html")))
                .body(containsString("<strong>Sending</strong>"))
                .extract()
                .asString();
        if (ended.status == JobStatus.SUCCEEDED) {
            assertTrue(live.contains("<video class=\"player\" controls")
                    && live.contains("src=\"/api/v1/videos/" + id + "/content\""));
            assertTrue(live.contains("href=\"/api/v1/videos/" + id + "/content?download=1\""));
        } else {
            assertTrue(live.contains("role=\"alert\""), "a failed job explains itself");
            assertTrue(live.contains(escape(ended.errorMessage)), "the error message is shown");
            assertTrue(live.contains("<code>" + ended.errorCategory + "</code>"), "the error category is shown");
            assertFalse(live.contains("<video"));
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    @Test
    void promptsAreEscapedEverywhere() {
        String id = submit("<script>alert('x')</script> a dog", "1", "480p", "16:9");
        for (String page : List.of("/jobs/" + id, "/jobs", "/jobs/" + id + "/row", "/?remix=" + id)) {
            given().when()
                    .get(page)
                    .then()
                    .statusCode(200)
                    .body(not(containsString("<script>alert")))
                    .body(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; a dog"));
        }
    }

    @Test
    void unknownJobIsAnHtmlNotFoundPage() {
        given().when()
                .get("/jobs/NoSuchJob000000000000")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("No video job with id &#39;NoSuchJob000000000000&#39;."))
                .body(containsString("<nav class=\"nav\" aria-label=\"Main\">"));
        given().redirects()
                .follow(false)
                .when()
                .post("/jobs/NoSuchJob000000000000/delete")
                .then()
                .statusCode(404);
    }

    @Test
    void deleteRemovesTheJobAndStopsItsPolling() {
        String prompt = unique("Delete me");
        String id = submit(prompt, "1", "480p", "16:9");
        String flash = given().redirects()
                .follow(false)
                .when()
                .post("/jobs/" + id + "/delete")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/jobs"))
                .extract()
                .cookie("studio_flash");
        // the confirmation shows once, on the page the delete led to
        given().cookie("studio_flash", flash)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("Deleted the job “" + prompt))
                // one of two cookies: a browser without the CSRF cookie gets that too
                .cookie(
                        "studio_flash",
                        io.restassured.matcher.RestAssuredMatchers.detailedCookie()
                                .maxAge(0));
        given().get("/jobs").then().body(not(containsString("Deleted the job")));
        given().when().get("/jobs/" + id).then().statusCode(404);
        given().when().get("/jobs").then().body(not(containsString("data-job-id=\"" + id + "\"")));
        // a history row or job page still open somewhere is told to stop polling
        given().when()
                .get("/jobs/" + id + "/row")
                .then()
                .statusCode(JobPages.STOP_POLLING)
                .body(containsString("This job was deleted."))
                .body(not(containsString("hx-trigger")));
        given().when()
                .get("/jobs/" + id + "/live")
                .then()
                .statusCode(JobPages.STOP_POLLING)
                .body(containsString("This job was deleted."));
    }
}
