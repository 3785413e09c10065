package dev.imaginestudio.provider.openrouter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imaginestudio.provider.ModelCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a key (the test configuration blanks OPENROUTER_API_KEY) the route is off and offers nothing. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class OpenRouterDisabledTest {

    @Inject
    OpenRouterProvider provider;

    @Inject
    ModelCatalog catalog;

    @Test
    void withoutAKeyTheRouteIsOffAndItsModelsAreNotOffered() {
        assertFalse(provider.enabled());
        assertFalse(catalog.enabledProviders().contains(provider));
        assertNull(provider.callbackUrl(), "no public https URL, no webhook address");
        given().get("/api/v1/videos/models")
                .then()
                .statusCode(200)
                .body("data.id", not(hasItem("x-ai/grok-imagine-video")));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "x-ai/grok-imagine-video", "prompt", "a kite"))
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("model"));
    }
}
