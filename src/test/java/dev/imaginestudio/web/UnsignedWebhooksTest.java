package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.imaginestudio.testing.fake.RouteTestProfile;
import dev.imaginestudio.testing.openrouter.FakeOpenRouterResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route that sends webhooks to the studio without a signing secret is called out on the settings page. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(UnsignedWebhooksTest.Unsigned.class)
class UnsignedWebhooksTest {

    public static class Unsigned extends RouteTestProfile {
        public Unsigned() {
            super(
                    "openrouter-unsigned",
                    Map.of("studio.public-url", "https://studio.example.test"),
                    FakeOpenRouterResource.class);
        }
    }

    @Test
    void theSettingsPageSaysWebhooksAreUnsignedAndHowToFixIt() {
        given().get("/settings")
                .then()
                .statusCode(200)
                .body(containsString("OpenRouter webhooks are accepted unsigned"))
                .body(containsString("Set OPENROUTER_WEBHOOK_SECRET"));
    }
}
