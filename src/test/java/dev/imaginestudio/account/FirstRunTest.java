package dev.imaginestudio.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.testing.BrowserForms;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A studio started without STUDIO_ADMIN_PASSWORD and no account: every page leads to setup, once. */
@QuarkusTest
@TestProfile(FirstRunTest.NoAdminYet.class)
class FirstRunTest {

    public static class NoAdminYet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:h2:mem:studio-first-run;DB_CLOSE_DELAY=-1",
                    "studio.admin-password", "",
                    "studio.admin-token", "");
        }
    }

    @Test
    void setupCreatesTheAdminOnceAndNothingElseWorksBefore() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/setup"));
        given().redirects()
                .follow(false)
                .get("/login")
                .then()
                .statusCode(303)
                .header("Location", containsString("/setup"));
        given().get("/api/v1/videos").then().statusCode(401).body("detail", containsString("/setup"));
        BrowserForms browser = BrowserForms.open("/setup");
        browser.form()
                .formParam("username", "boss")
                .formParam("password", "short")
                .formParam("password_again", "short")
                .post("/setup")
                .then()
                .statusCode(400)
                .body(containsString("at least 10 characters"))
                .body(containsString("value=\"boss\""));
        Response made = browser.form()
                .redirects()
                .follow(false)
                .formParam("username", "boss")
                .formParam("password", "a good long password")
                .formParam("password_again", "a good long password")
                .post("/setup");
        assertEquals(303, made.statusCode());
        String session = made.cookie("studio_session");
        given().cookie("studio_session", session)
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString("boss"));
        // a second setup cannot make another admin
        browser.form()
                .redirects()
                .follow(false)
                .formParam("username", "intruder")
                .formParam("password", "another long password")
                .formParam("password_again", "another long password")
                .post("/setup")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login"));
        given().redirects()
                .follow(false)
                .get("/setup")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login"));
    }
}
