package dev.imaginestudio.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.testing.BrowserForms;
import dev.imaginestudio.testing.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Form login with a server-side session: the cookie's flags, logout, password change and guessing limits. */
@QuarkusTest
class LoginPagesTest {

    private static String member() {
        String name = "gina-" + UUID.randomUUID().toString().substring(0, 8);
        Members.asAdmin()
                .contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"the right password\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201);
        return name;
    }

    /** A browser that opened the login page (once the studio runs): its forms carry its CSRF token. */
    private static final class Browser {
        static final BrowserForms FORMS = BrowserForms.open("/login");
    }

    private static Response login(String username, String password) {
        return Browser.FORMS
                .form()
                .redirects()
                .follow(false)
                .formParam("username", username)
                .formParam("password", password)
                .formParam("next", "/jobs")
                .post("/login");
    }

    @Test
    void pagesLeadToTheLoginPageAndBack() {
        given().redirects()
                .follow(false)
                .get("/jobs?status=failed")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login?next=%2Fjobs%3Fstatus%3Dfailed"));
        given().get("/login").then().statusCode(200).body(containsString("name=\"password\""));
        given().header("HX-Request", "true")
                .get("/jobs")
                .then()
                .statusCode(401)
                .header("HX-Redirect", containsString("/login"));
    }

    @Test
    void aLoginSetsAStrictSessionCookieThatLogoutEnds() {
        String name = member();
        Response in = login(name, "the right password");
        assertEquals(303, in.statusCode());
        assertEquals("/jobs", java.net.URI.create(in.header("Location")).getPath());
        String setCookie = in.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
        String session = in.cookie("studio_session");
        given().cookie("studio_session", session)
                .get("/jobs")
                .then()
                .statusCode(200)
                .body(containsString(name));
        Browser.FORMS
                .form()
                .cookie("studio_session", session)
                .redirects()
                .follow(false)
                .post("/logout")
                .then()
                .statusCode(303);
        given().cookie("studio_session", session)
                .redirects()
                .follow(false)
                .get("/jobs")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login"));
    }

    @Test
    void aWrongPasswordReShowsTheFormAndAnOffSiteNextIsIgnored() {
        String name = member();
        login(name, "not the password")
                .then()
                .statusCode(401)
                .body(containsString("Wrong username or password."))
                .body(containsString("value=\"" + name + "\""));
        Response in = Browser.FORMS
                .form()
                .redirects()
                .follow(false)
                .formParam("username", name)
                .formParam("password", "the right password")
                .formParam("next", "//evil.example/steal")
                .post("/login");
        assertEquals(303, in.statusCode());
        assertEquals("/", java.net.URI.create(in.header("Location")).getPath());
    }

    @Test
    void guessingIsStoppedPerAccountEvenWithTheRightPasswordAfterwards() {
        String name = member();
        for (int i = 0; i < 5; i++) {
            login(name, "guess " + i).then().statusCode(401);
        }
        login(name, "the right password")
                .then()
                .statusCode(429)
                .header("Retry-After", not(equalTo(null)))
                .body(containsString("Too many failed logins"));
    }

    @Test
    void aPasswordChangeEndsEverySessionAndTheNewOneWorks() {
        String name = member();
        String session = login(name, "the right password").cookie("studio_session");
        Browser.FORMS
                .form()
                .cookie("studio_session", session)
                .formParam("current_password", "wrong")
                .formParam("new_password", "a brand new password")
                .formParam("new_password_again", "a brand new password")
                .post("/account/password")
                .then()
                .statusCode(400)
                .body(containsString("current password is not right"));
        Browser.FORMS
                .form()
                .cookie("studio_session", session)
                .redirects()
                .follow(false)
                .formParam("current_password", "the right password")
                .formParam("new_password", "a brand new password")
                .formParam("new_password_again", "a brand new password")
                .post("/account/password")
                .then()
                .statusCode(303);
        given().cookie("studio_session", session)
                .redirects()
                .follow(false)
                .get("/jobs")
                .then()
                .statusCode(303);
        assertEquals(303, login(name, "a brand new password").statusCode());
    }

    @Test
    void aTokenMadeOnTheAccountPageIsShownOnceAndWorks() {
        String name = member();
        String session = login(name, "the right password").cookie("studio_session");
        String page = Browser.FORMS
                .form()
                .cookie("studio_session", session)
                .formParam("name", "render script")
                .post("/account/tokens")
                .then()
                .statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .extract()
                .asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("class=\"token-value\">(ist_[A-Za-z0-9_-]+)<")
                .matcher(page);
        assertTrue(m.find(), "the new token is on the page");
        String token = m.group(1);
        Members.as(token).get("/api/v1/videos").then().statusCode(200);
        given().cookie("studio_session", session)
                .get("/account")
                .then()
                .statusCode(200)
                .body(containsString("render script"))
                .body(not(containsString(token)));
    }
}
