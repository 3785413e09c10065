package dev.imaginestudio.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.testing.BrowserForms;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.awt.Color;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes made with a browser's session need the CSRF token its pages carry; API tokens and requests without cookies do
 * not. No {@code @TestSecurity} here: the member logs in through the login form as a browser does.
 */
@QuarkusTest
class CsrfTokenTest {

    private static final String PASSWORD = "a long enough password";

    private String name;
    private String apiToken;
    private BrowserForms browser;
    private String session;

    @BeforeEach
    void logIn() {
        name = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201);
        apiToken = Members.tokenFor(name);
        browser = BrowserForms.open("/login");
        session = logIn(browser.form()).then().statusCode(303).extract().cookie("studio_session");
    }

    private io.restassured.response.Response logIn(RequestSpecification request) {
        return request.redirects()
                .follow(false)
                .formParam("username", name)
                .formParam("password", PASSWORD)
                .post("/login");
    }

    /** The logged-in browser's cookies, session and CSRF, without the token. */
    private RequestSpecification cookies() {
        return RestAssured.given()
                .cookie("studio_session", session)
                .cookie(BrowserForms.COOKIE, browser.cookie())
                .redirects()
                .follow(false);
    }

    private java.util.List<String> collectionNames() {
        return Members.as(apiToken)
                .get("/api/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .path("data.name");
    }

    @Test
    void aSessionFormWithoutTheTokenIsRefusedAndWithTheTokenFromThePageWorks() {
        cookies()
                .formParam("name", "no token")
                .post("/collections")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("Reload the page"));
        cookies()
                .formParam("name", "wrong token")
                .formParam(BrowserForms.FIELD, browser.cookie())
                .post("/collections")
                .then()
                .statusCode(403);
        // the session alone, without the CSRF cookie, is refused too
        RestAssured.given()
                .cookie("studio_session", session)
                .redirects()
                .follow(false)
                .formParam("name", "no cookie")
                .formParam(BrowserForms.FIELD, browser.token())
                .post("/collections")
                .then()
                .statusCode(403);
        assertEquals(java.util.List.of(), collectionNames(), "nothing was created");

        String page =
                cookies().get("/collections").then().statusCode(200).extract().asString();
        cookies()
                .formParam("name", "with the token")
                .formParam(BrowserForms.FIELD, BrowserForms.tokenIn(page))
                .post("/collections")
                .then()
                .statusCode(303);
        assertEquals(java.util.List.of("with the token"), collectionNames());
    }

    @Test
    void uploadsAndHtmxSendTheTokenAsAHeader() {
        byte[] png = Images.encode(Images.solid(64, 36, Color.GREEN), "png");
        cookies()
                .multiPart("file", "frame.png", png, "image/png")
                .post("/uploads")
                .then()
                .statusCode(403);
        cookies()
                .header("X-CSRF-Token", browser.token())
                .multiPart("file", "frame.png", png, "image/png")
                .post("/uploads")
                .then()
                .statusCode(201);
        // a create form without the token is refused before anything is queued
        cookies().multiPart("prompt", "A forged job").post("/jobs").then().statusCode(403);
        Members.as(apiToken).get("/api/v1/videos").then().statusCode(200).body("data", empty());
    }

    @Test
    void anOversizedFormIsStill413AndTheApiNeedsNoCsrfToken() {
        cookies()
                .formParam("name", "x".repeat(2 * 1024 * 1024))
                .post("/collections")
                .then()
                .statusCode(413);
        Members.as(apiToken)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"by the API\"}")
                .post("/api/v1/collections")
                .then()
                .statusCode(201);
        // a Bearer form post (a script using the pages) is the token's, not the cookies': no CSRF token either
        Members.as(apiToken)
                .cookie(BrowserForms.COOKIE, browser.cookie())
                .redirects()
                .follow(false)
                .formParam("name", "by a script")
                .post("/collections")
                .then()
                .statusCode(303);
        assertEquals(java.util.Set.of("by the API", "by a script"), java.util.Set.copyOf(collectionNames()));
    }

    @Test
    void loginNeedsTheTokenOfTheLoginPage() {
        logIn(RestAssured.given()).then().statusCode(403);
    }
}
