package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Another site cannot make a visitor's browser queue (paid) jobs or delete videos. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class SameOriginGuardTest {

    private static final String BODY = "{\"prompt\":\"forged\",\"duration\":1}";

    @Test
    void crossSiteRequestsAreRefusedAndStoreNothing() {
        long before = Ledger.count();
        given().contentType(ContentType.JSON)
                .header("Origin", "https://evil.example")
                .body(BODY)
                .post("/api/v1/videos")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("another site"));
        given().contentType(ContentType.JSON)
                .header("Sec-Fetch-Site", "cross-site")
                .body(BODY)
                .post("/api/v1/videos")
                .then()
                .statusCode(403);
        given().contentType("application/x-www-form-urlencoded")
                .header("Origin", "http://attacker.test:8080")
                .formParam("prompt", "forged")
                .post("/jobs")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("came from another site"));
        assertEquals(before, Ledger.count());
    }

    @Test
    void sameOriginBrowsersAndScriptsAreServed() {
        String id = given().contentType(ContentType.JSON)
                .body(BODY)
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().header("Sec-Fetch-Site", "same-origin")
                .delete("/api/v1/videos/" + id)
                .then()
                .statusCode(204);
        given().contentType(ContentType.JSON)
                .header("Sec-Fetch-Site", "none")
                .body(BODY)
                .post("/api/v1/videos")
                .then()
                .statusCode(202);
    }
}
