package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.util.Map;
import org.junit.jupiter.api.Test;

@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class SettingsPagesTest {

    @Test
    void settingsListRoutesAndHowToEnableThemWithoutSecrets() {
        String html = given().when()
                .get("/settings")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Offline preview <code>local</code>"))
                .body(containsString("Enabled"))
                .body(containsString("<code>local/preview</code> <span class=\"badge\">default</span>"))
                .body(containsString("OPENROUTER_API_KEY"))
                .body(containsString("AIGATEWAY_API_KEY"))
                .body(containsString("XAI_API_KEY"))
                .body(containsString("Data directory"))
                // the test profile switches the scheduled poller off
                .body(containsString("Off: jobs stay where they are"))
                .extract()
                .asString();
        // whatever keys, tokens or secrets this machine has, none of them reaches the page
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            String name = e.getKey().toUpperCase();
            boolean secret = name.endsWith("_KEY")
                    || name.contains("SECRET")
                    || name.contains("TOKEN")
                    || name.contains("PASSWORD");
            if (secret && e.getValue() != null && e.getValue().length() >= 8) {
                assertFalse(html.contains(e.getValue()), "the value of " + e.getKey() + " is not shown");
            }
        }
    }

    @Test
    void pagesStayOutOfTheApiDocument() {
        given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/videos"))
                .body(not(containsString("/jobs/estimate")))
                .body(not(containsString("/settings:")))
                .body(not(containsString("/gallery:")));
    }

    @Test
    void browsableApiDocsAreServedByTheStudioAndLinkedFromEveryPage() {
        String ui = given().when()
                .get("/q/swagger-ui/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertTrue(ui.contains("swagger-ui"), "Swagger UI");
        assertFalse(ui.matches("(?s).*(src|href)=\"https?://.*"), "nothing from a CDN");
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString("<a href=\"/q/swagger-ui\">API docs</a>"))
                .body(not(containsString("/uploads:")));
        given().when().get("/q/openapi").then().body(not(containsString("/uploads:")));
    }
}
