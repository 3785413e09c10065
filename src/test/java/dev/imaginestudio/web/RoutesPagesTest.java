package dev.imaginestudio.web;

import static dev.imaginestudio.testing.StudioDriver.create;
import static dev.imaginestudio.testing.StudioDriver.request;
import static dev.imaginestudio.testing.StudioDriver.status;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.testing.AllRoutesTestProfile;
import dev.imaginestudio.testing.KeyChecks;
import dev.imaginestudio.testing.StudioTest;
import dev.imaginestudio.testing.aigateway.FakeAigateway;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.xai.FakeXai;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grok Imagine Video is one model on three routes: the create form offers each enabled route with its price, in
 * the configured order ({@code studio.route-order=xai,openrouter}), a job keeps the route it was created on, and
 * the settings page says which routes are on and how, never with a key.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(AllRoutesTestProfile.class)
class RoutesPagesTest extends StudioTest {

    static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    static final Map<String, String> ROUTES = Map.of(
            "grok-imagine-video",
            "xai",
            "x-ai/grok-imagine-video",
            "openrouter",
            "xai/grok-imagine-video",
            "aigateway",
            "local/preview",
            "local");

    @InjectFake
    FakeXai xai;

    @InjectFake
    FakeOpenRouter openrouter;

    @InjectFake
    FakeAigateway aigateway;

    @BeforeEach
    void freshFakes() {
        xai.reset().clock(clock::instant);
        openrouter.reset().clock(clock::instant);
        aigateway.reset().clock(clock::instant);
    }

    @Test
    void theCreateFormOffersEveryEnabledRoutesGrokWithItsPriceInTheConfiguredOrder() {
        String html = given().get("/").then().statusCode(200).extract().asString();
        List<String> expected = List.of(
                "<optgroup label=\"xAI\">",
                "<option value=\"grok-imagine-video\" selected>Grok Imagine Video — via xAI · from $0.05/s</option>",
                "<optgroup label=\"OpenRouter\">",
                "<option value=\"x-ai/grok-imagine-video\">xAI: Grok Imagine Video — via OpenRouter · from $0.05/s</option>",
                "<optgroup label=\"AIgateway\">",
                "<option value=\"xai/grok-imagine-video\">Grok Imagine Video — via AIgateway · from $0.05/s</option>",
                "<optgroup label=\"Offline preview\">",
                "<option value=\"local/preview\">Offline preview · Free</option>");
        int at = -1;
        for (String fragment : expected) {
            int next = html.indexOf(fragment);
            assertTrue(next >= 0, "the form lacks " + fragment);
            assertTrue(next > at, fragment + " is out of the configured order");
            at = next;
        }
    }

    @Test
    void postingTheFormWithTheXaiRouteCreatesAnXaiJobThatARemixKeeps() {
        String location = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("model", "grok-imagine-video")
                .formParam("prompt", prompt)
                .formParam("duration", "3")
                .formParam("resolution", "480p")
                .formParam("aspect_ratio", "16:9")
                .formParam("mode", "text")
                .when()
                .post("/jobs")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        JsonPath job = status(id);
        assertEquals("xai", job.getString("route"));
        assertEquals("grok-imagine-video", job.getString("model"));

        JsonPath done = studio.untilFinished(id);
        assertEquals("completed", done.getString("status"));
        assertEquals(0, new BigDecimal("0.15").compareTo((BigDecimal) done.get("usage.cost")));
        assertEquals(1, xai.submitsWithPrompt(prompt).size());
        assertTrue(
                openrouter.submitsWithPrompt(prompt).isEmpty()
                        && aigateway.submitsWithPrompt(prompt).isEmpty(),
                "another route was used");
        String page =
                given().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("xAI <code>xai</code>"), "the job page names its route");

        // a remix starts on the same route, and keeps it when the user changes nothing
        String remix =
                given().get("/?remix=" + id).then().statusCode(200).extract().asString();
        assertTrue(
                remix.contains("<option value=\"grok-imagine-video\" selected>"), "the remix form is on another route");
        String again = given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("model", "grok-imagine-video")
                .formParam("prompt", prompt + " remixed")
                .formParam("duration", "3")
                .formParam("mode", "text")
                .when()
                .post("/jobs")
                .then()
                .statusCode(303)
                .extract()
                .header("Location");
        assertEquals("xai", status(again.substring(again.lastIndexOf('/') + 1)).getString("route"));
    }

    @Test
    void aRetryRunsOnTheRouteOfTheJobItRetries() {
        String id = create(request("xai/grok-imagine-video", prompt));
        assertEquals("completed", studio.untilFinished(id).getString("status"));
        String retry = given().post("/api/v1/videos/" + id + "/retry")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals("aigateway", status(retry).getString("route"));
        assertEquals(id, status(retry).getString("retry_of"));
        assertEquals("completed", studio.untilFinished(retry).getString("status"));
        assertEquals(2, aigateway.submitsWithPrompt(prompt).size());
        assertTrue(
                xai.submitsWithPrompt(prompt).isEmpty()
                        && openrouter.submitsWithPrompt(prompt).isEmpty(),
                "the retry went to another route");
    }

    @Test
    void theApiTakesEachRoutesModelIdAndTheRouteOrderPicksTheDefault() {
        for (Map.Entry<String, String> route : ROUTES.entrySet()) {
            String id = create(request(route.getKey(), prompt));
            assertEquals(route.getValue(), status(id).getString("route"), route.getKey());
        }
        Map<String, Object> noModel = request(null, prompt);
        noModel.remove("model");
        assertEquals("xai", status(create(noModel)).getString("route"), "xai is first in studio.route-order");

        JsonPath models = given().get("/api/v1/videos/models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (Map.Entry<String, String> route : ROUTES.entrySet()) {
            assertEquals(
                    route.getValue(),
                    models.getString("data.find { it.id == '" + route.getKey() + "' }.route"),
                    route.getKey());
        }
        assertEquals("grok-imagine-video", models.getString("data[0].id"), "the first route's model comes first");
    }

    @Test
    void settingsShowEveryRouteEnabledWithItsVariableAndNoKey() {
        String html = given().get("/settings").then().statusCode(200).extract().asString();
        for (String[] route : new String[][] {
            {"xai", "XAI_API_KEY"}, {"openrouter", "OPENROUTER_API_KEY"}, {"aigateway", "AIGATEWAY_API_KEY"}
        }) {
            int at = html.indexOf("data-route=\"" + route[0] + "\"");
            assertTrue(at >= 0, route[0] + " is not listed");
            int end = html.indexOf("data-route=", at + 1);
            String item = html.substring(at, end < 0 ? html.length() : end);
            assertTrue(item.contains("Enabled"), route[0] + " is not shown enabled");
            assertTrue(item.contains("Key read from " + route[1] + " (never shown)"), item);
        }
        assertTrue(html.contains("<code>grok-imagine-video</code> <span class=\"badge\">default</span>"));
        assertFalse(html.contains("Not configured"));
        for (String key : List.of(FakeXai.DEFAULT_KEY, FakeOpenRouter.DEFAULT_KEY, FakeAigateway.DEFAULT_KEY)) {
            KeyChecks.assertNotShown(key, List.of());
        }
    }
}
