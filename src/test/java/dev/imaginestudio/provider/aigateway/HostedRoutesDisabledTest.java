package dev.imaginestudio.provider.aigateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without keys (the test configuration blanks XAI_API_KEY and AIGATEWAY_API_KEY) both routes are off and offer nothing. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class HostedRoutesDisabledTest {

    @Inject
    AigatewayProvider aigateway;

    @Inject
    ModelCatalog catalog;

    @Test
    void withoutKeysTheRoutesAreOffAndTheirModelsAreNotOffered() {
        VideoProvider xai = catalog.allProviders().stream()
                .filter(p -> p.id().equals("xai"))
                .findFirst()
                .orElseThrow();
        assertFalse(xai.enabled());
        assertFalse(aigateway.enabled());
        assertFalse(catalog.enabledProviders().contains(xai));
        assertFalse(catalog.enabledProviders().contains(aigateway));
        for (String model : new String[] {"grok-imagine-video", "xai/grok-imagine-video"}) {
            given().get("/api/v1/videos/models").then().statusCode(200).body("data.id", not(hasItem(model)));
            given().contentType(ContentType.JSON)
                    .body(Map.of("model", model, "prompt", "a kite"))
                    .post("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("model"));
        }
    }

    @Test
    void withoutAPublicHttpsUrlNoWebhookIsAskedForAndWithoutASecretDeliveriesNeedNoSignature() {
        assertNull(aigateway.webhookUrl(), "no public https URL, no webhook address");
        given().contentType(ContentType.JSON)
                .body("{\"id\":\"job_NOTAJOBOFTHISSTUDIO0000000\",\"status\":\"completed\"}")
                .post("/api/v1/webhooks/aigateway")
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"object\":\"job\"}")
                .post("/api/v1/webhooks/aigateway")
                .then()
                .statusCode(400);
    }
}
