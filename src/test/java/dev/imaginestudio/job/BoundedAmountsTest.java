package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Amounts in the address are bounded before any arithmetic: a number with ten million digits is a 400 naming the
 * parameter (it used to hold a core for 20 s and answer 500), from the API, a forged cursor and the history page alike.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class BoundedAmountsTest {

    @Test
    void hugeCostFiltersAreRefusedByName() {
        for (String field : new String[] {"min_cost", "max_cost"}) {
            given().queryParam(field, "1e10000000")
                    .get("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .contentType(containsString("json"))
                    .body("errors[0].field", equalTo(field));
            given().queryParam(field, "9".repeat(3000))
                    .get("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo(field));
        }
    }

    @Test
    void aForgedCostCursorIsRefused() {
        String keyset = HexFormat.of().formatHex("1|cost_high|1e10000000|abc".getBytes(StandardCharsets.UTF_8));
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("q1\n" + keyset + "\nsort=cost_high").getBytes(StandardCharsets.UTF_8));
        given().queryParam("cursor", forged)
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void theHistoryPageShowsTheMessageInsteadOfAnErrorPage() {
        given().queryParam("min_cost", "1e10000000")
                .get("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("min_cost must be an amount in US dollars"));
    }
}
