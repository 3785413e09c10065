package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Videos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history's search, filters and actions on selected jobs, and the job page's retry and cancel. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class HistoryActionsPagesTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        Videos.deleteQuietly(jobs, created);
    }

    private String parked(String prompt) {
        String id = jobs.create(new JobRequest(null, prompt, 1, "480p", "16:9", null, null, null), null)
                .job()
                .publicId;
        created.add(id);
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update("nextAttemptAt = null where publicId = ?1", id));
        return id;
    }

    private static String tag() {
        return "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void theSearchBoxFindsJobsByTheWordsOfTheirPrompt() {
        String t = tag();
        String owl = parked("An owl in the moonlight " + t);
        String cat = parked("A cat on a windowsill " + t);
        given().queryParam("q", "OWL " + t)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("data-job-id=\"" + owl + "\""))
                .body(not(containsString("data-job-id=\"" + cat + "\"")))
                .body(containsString("value=\"OWL " + t + "\""))
                .body(containsString(">Clear</a>"))
                .body(containsString("href=\"/jobs?status=active&amp;q=OWL+" + t + "\""));
        given().queryParam("q", "zebra " + t)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("No jobs match."));
        given().queryParam("q", t)
                .queryParam("sort", "oldest")
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString("<option value=\"oldest\" selected>Oldest first</option>"));
        given().queryParam("q", t)
                .queryParam("min_cost", "lots")
                .get("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("min_cost must be an amount"));
        given().queryParam("mode", "image")
                .queryParam("q", t)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(not(containsString("data-job-id=\"" + owl + "\"")))
                .body(containsString("<details class=\"more-filters\" open>"));
    }

    @Test
    void rowsCarryASelectBoxForTheBulkForm() {
        String id = parked("selectable " + tag());
        given().get("/jobs/" + id + "/row")
                .then()
                .statusCode(200)
                .body(containsString("<input type=\"checkbox\" name=\"ids\" value=\"" + id + "\" form=\"bulk\""));
        given().queryParam("q", "selectable")
                .get("/jobs")
                .then()
                .body(containsString(
                        "<form id=\"bulk\" class=\"bulk-bar\" method=\"post\" action=\"/jobs/bulk/delete\""))
                .body(containsString("formaction=\"/collections/add\""))
                .body(containsString("formaction=\"/jobs/bulk/zip\""));
    }

    @Test
    void selectedJobsAreDeletedAndTheHistoryComesBackAsItWas() {
        String t = tag();
        String a = parked("delete me " + t);
        String b = parked("delete me too " + t);
        String keep = parked("keep me " + t);
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", a)
                .formParam("ids", b)
                .formParam("back", "/jobs?q=" + t)
                .post("/jobs/bulk/delete")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/jobs?q=" + t));
        given().get("/api/v1/videos/" + a).then().statusCode(404);
        given().get("/api/v1/videos/" + b).then().statusCode(404);
        given().get("/api/v1/videos/" + keep).then().statusCode(200);
        // nothing selected: the history again, with the reason
        given().contentType(FORM)
                .formParam("back", "/jobs?q=" + t)
                .post("/jobs/bulk/delete")
                .then()
                .statusCode(400)
                .body(containsString("Select at least one job first."))
                .body(containsString("data-job-id=\"" + keep + "\""));
        // never back to another site
        given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("ids", keep)
                .formParam("back", "//evil.example/")
                .post("/jobs/bulk/delete")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/jobs"));
    }

    @Test
    void selectedVideosDownloadAsAZipFromThePage() {
        List<String> v = Videos.finished(jobs, worker, "16:9", List.of("page zip one", "page zip two"));
        created.addAll(v);
        given().contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("ids", v.get(1))
                .post("/jobs/bulk/zip")
                .then()
                .statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", containsString("attachment; filename="));
        String waiting = parked("page zip not ready " + tag());
        given().contentType(FORM)
                .formParam("ids", v.get(0))
                .formParam("ids", waiting)
                .formParam("back", "/jobs")
                .post("/jobs/bulk/zip")
                .then()
                .statusCode(409)
                .contentType(containsString("text/html"))
                .body(containsString("has no video to download"));
    }

    @Test
    void theJobPageCancelsAndRetries() {
        String id = parked("cancel from the page " + tag());
        given().get("/jobs/" + id)
                .then()
                .body(containsString("action=\"/jobs/" + id + "/cancel\""))
                .body(containsString("nothing is charged"))
                .body(not(containsString("action=\"/jobs/" + id + "/retry\"")));
        given().redirects()
                .follow(false)
                .post("/jobs/" + id + "/cancel")
                .then()
                .statusCode(303)
                .header("Location", endsWith("/jobs/" + id));
        assertEquals(JobStatus.CANCELLED, Ledger.find(id).status);
        given().get("/jobs/" + id)
                .then()
                .body(containsString("Cancelled in the studio before it was sent"))
                .body(containsString("action=\"/jobs/" + id + "/retry\""))
                .body(not(containsString("action=\"/jobs/" + id + "/cancel\"")));
        // a second cancel: the page again, with the reason
        given().post("/jobs/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body(containsString("That did not work."))
                .body(containsString("This job has already ended"));

        String location = given().redirects()
                .follow(false)
                .post("/jobs/" + id + "/retry")
                .then()
                .statusCode(303)
                .header("Location", matchesPattern(".*/jobs/[A-Za-z0-9]{20}$"))
                .extract()
                .header("Location");
        String retry = location.substring(location.lastIndexOf('/') + 1);
        created.add(retry);
        given().get("/jobs/" + retry)
                .then()
                .statusCode(200)
                .body(containsString("<dt>Retry of</dt><dd><a href=\"/jobs/" + id + "\">"))
                .body(containsString("Accepted by the studio as a retry"));
    }

    @Test
    void aRemixKeepsTheModelOrSaysWhyNot() {
        String id = parked("remix me " + tag());
        given().queryParam("remix", id)
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString("<option value=\"local/preview\" selected>"))
                .body(not(containsString("class=\"remix-note\"")));
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update(
                        "modelId = 'x-ai/grok-imagine-video', route = 'openrouter' where publicId = ?1", id));
        given().queryParam("remix", id)
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString(
                        "class=\"remix-note\">The model of that job, x-ai/grok-imagine-video, is not available now"));
    }
}
