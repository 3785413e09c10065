package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class GalleryPagesTest {

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Test
    void galleryShowsFinishedVideosOnlyEachAsAPlayableCard() {
        String running = jobs.create(new JobRequest(null, "Still queued", 1, "480p", "16:9", null, null, null), null)
                .job()
                .publicId;
        given().when()
                .get("/gallery")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Gallery</h1>"))
                .body(containsString("href=\"/gallery\" aria-current=\"page\""))
                .body(not(containsString("data-job-id=\"" + running + "\"")));

        GenerationJob ended = Ledger.runUntilTerminal(worker, running);
        if (ended.status == JobStatus.SUCCEEDED) {
            given().when()
                    .get("/gallery")
                    .then()
                    .statusCode(200)
                    .body(containsString(
                            "data-job-id=\"" + running + "\" data-video=\"/api/v1/videos/" + running + "/content\""))
                    .body(containsString("<img src=\"/api/v1/videos/" + running + "/poster.jpg\""))
                    .body(containsString("<span class=\"badge\">1 s</span>"))
                    .body(containsString("<span class=\"badge\">16:9</span>"))
                    .body(containsString("<dialog id=\"player\""));
        } else {
            given().when()
                    .get("/gallery")
                    .then()
                    .statusCode(200)
                    .body(not(containsString("data-job-id=\"" + running + "\"")));
        }
    }

    @Test
    void theFiltersFoldAwayUntilOneIsUsedAndTouchUsersAreToldToTap() {
        given().when()
                .get("/gallery")
                .then()
                .statusCode(200)
                .body(containsString("<details class=\"more-filters\">"))
                .body(containsString("<span class=\"touch-only\">Tap one to play it"));
        given().queryParam("mode", "text")
                .when()
                .get("/gallery")
                .then()
                .statusCode(200)
                .body(containsString("<details class=\"more-filters\" open>"));
    }

    @Test
    void aBadCursorIsAnHtmlError() {
        given().queryParam("after", "noSuchCursor")
                .when()
                .get("/gallery")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("cursor"));
    }
}
