package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Another site cannot make a visitor's browser queue (paid) jobs or delete videos: not with its own Origin, not with
 * {@code Origin: null} (a sandboxed or no-referrer page), and not by renaming itself to the studio's address (DNS
 * rebinding), which the host check refuses with 421 before the guard is asked.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class SameOriginGuardTest {

    private static final String BODY = "{\"prompt\":\"forged\",\"duration\":1}";

    /** A request with these headers, given as name, value, name, value... */
    private static RequestSpecification with(String... headers) {
        RequestSpecification r = given();
        for (int i = 0; i < headers.length; i += 2) {
            r = r.header(headers[i], headers[i + 1]);
        }
        return r;
    }

    /** Queues a job through the API with these headers. */
    static ValidatableResponse postJob(String... headers) {
        return with(headers)
                .contentType(ContentType.JSON)
                .body(BODY)
                .post("/api/v1/videos")
                .then();
    }

    /** Posts the create form with these headers. */
    private static ValidatableResponse postForm(String... headers) {
        return with(headers)
                .contentType("application/x-www-form-urlencoded")
                .formParam("prompt", "forged")
                .post("/jobs")
                .then();
    }

    @Test
    void crossSiteRequestsAreRefusedAndStoreNothing() {
        long before = Ledger.count();
        postJob("Origin", "https://evil.example")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("another site"));
        postJob("Sec-Fetch-Site", "cross-site").statusCode(403);
        postForm("Origin", "http://attacker.test:8080")
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("came from another site"));
        assertEquals(before, Ledger.count());
    }

    @Test
    void aRebindingHostIsRefusedOnWritesAndReads() {
        long before = Ledger.count();
        // the attacker's page, its name now resolving to the studio: Origin and Host agree, both the attacker's
        postJob("Host", "rebind.evil.example:8080", "Origin", "http://rebind.evil.example:8080")
                .statusCode(421)
                .contentType("application/problem+json")
                .body("status", equalTo(421))
                .body("detail", containsString("rebind.evil.example"))
                .body("detail", containsString("studio.allowed-hosts"));
        with("Host", "rebind.evil.example:8080")
                .get("/api/v1/shares")
                .then()
                .statusCode(421)
                .contentType("application/problem+json")
                .body(not(containsString("token")));
        with("Host", "rebind.evil.example")
                .get("/jobs")
                .then()
                .statusCode(421)
                .contentType(containsString("text/html"))
                .body(containsString("does not answer to the host name"));
        assertEquals(before, Ledger.count());
    }

    @Test
    void healthProbesAnswerUnderAnyHostAndLoopbackNamesAreServed() {
        with("Host", "10.1.2.3:8080").get("/q/health/live").then().statusCode(200);
        for (String host : new String[] {"localhost", "127.0.0.1:9", "[::1]:8080", "LOCALHOST:1"}) {
            with("Host", host).get("/api/v1/shares").then().statusCode(200);
        }
    }

    @Test
    void originNullIsRefusedOnFormsAndTheApi() {
        long before = Ledger.count();
        postJob("Origin", "null").statusCode(403).contentType("application/problem+json");
        postForm("Origin", "null")
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("came from another site"));
        assertEquals(before, Ledger.count());
    }

    @Test
    void sameOriginBrowsersAndScriptsAreServed() {
        String id = postJob().statusCode(202).extract().path("id");
        with("Sec-Fetch-Site", "same-origin")
                .delete("/api/v1/videos/" + id)
                .then()
                .statusCode(204);
        postJob("Sec-Fetch-Site", "none").statusCode(202);
        postJob("Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080").statusCode(202);
        // a loopback Origin on another port is another site
        postJob("Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:3000").statusCode(403);
    }
}
