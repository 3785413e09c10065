package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of answer carries the security headers: pages, static files, the API, refusals and share pages. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class SecurityHeadersTest {

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private static ValidatableResponse hasSecurityHeaders(ValidatableResponse r, String referrerPolicy) {
        return r.header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", referrerPolicy)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("object-src 'none'"))
                .header("Content-Security-Policy", containsString("base-uri 'self'"))
                .header("Content-Security-Policy", containsString("form-action 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("img-src 'self' data: blob:"))
                .header("Content-Security-Policy", containsString("media-src 'self' blob:"));
    }

    @Test
    void studioPagesStaticFilesAndApiAnswersCarryTheHeaders() {
        hasSecurityHeaders(given().get("/").then().statusCode(200), "same-origin");
        hasSecurityHeaders(given().get("/settings").then().statusCode(200), "same-origin");
        hasSecurityHeaders(given().get("/css/studio.css").then().statusCode(200), "same-origin");
        hasSecurityHeaders(given().get("/js/studio.js").then().statusCode(200), "same-origin");
        hasSecurityHeaders(given().get("/api/v1/videos/models").then().statusCode(200), "same-origin");
        hasSecurityHeaders(given().get("/api/v1/videos/nope").then().statusCode(404), "same-origin");
        // refusals made before any resource runs, too
        hasSecurityHeaders(
                given().header("Host", "rebind.evil.example").get("/").then().statusCode(421), "same-origin");
    }

    @Test
    void sharePagesAndTheirMediaSendNoReferrer() {
        String token = Videos.share(Videos.finished(jobs, worker, "16:9", List.of("A kite over dunes, shared"))
                .get(0));
        hasSecurityHeaders(given().get("/s/" + token).then().statusCode(200), "no-referrer");
        // no owner choice allows embedding yet, so the player page is not framable either
        hasSecurityHeaders(given().get("/s/" + token + "/embed").then().statusCode(200), "no-referrer");
        hasSecurityHeaders(given().get("/s/" + token + "/poster.jpg").then().statusCode(200), "no-referrer");
        hasSecurityHeaders(given().get("/s/unknown-token").then().statusCode(404), "no-referrer");
    }
}
