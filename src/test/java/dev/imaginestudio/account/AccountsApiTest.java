package dev.imaginestudio.account;

import static dev.imaginestudio.testing.Members.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.imaginestudio.testing.Members;
import dev.imaginestudio.testing.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** API tokens as OpenRouter keys: no token, a wrong one, a revoked one or a disabled account's answer 401. */
@QuarkusTest
class AccountsApiTest {

    @Test
    void withoutATokenTheApiAnswers401InBothErrorShapes() {
        given().get("/api/v1/videos")
                .then()
                .statusCode(401)
                .contentType(containsString("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"))
                .body("error.code", equalTo(401));
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/v1/videos")
                .then()
                .statusCode(401)
                .body("detail", containsString("not valid"));
        given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"A free video\"}")
                .post("/api/v1/videos")
                .then()
                .statusCode(401);
    }

    @Test
    void theHeadlessFirstRunTokenWorksAndListsTheAdmin() {
        Members.asAdmin()
                .get("/api/v1/admin/users")
                .then()
                .statusCode(200)
                .body("data.username", hasItem(TestAccounts.ADMIN))
                .body("data.find { it.username == 'admin' }.role", equalTo("admin"));
        Members.asAdmin().get("/api/v1/tokens").then().statusCode(200).body("data.name", hasItem("STUDIO_ADMIN_TOKEN"));
    }

    @Test
    void aRevokedTokenStopsWorkingAndTheListNeverShowsValues() {
        String token = Members.create("carol").token();
        as(token).get("/api/v1/videos").then().statusCode(200);
        String id =
                as(token).get("/api/v1/tokens").then().statusCode(200).extract().path("data[0].id");
        as(token)
                .get("/api/v1/tokens")
                .then()
                .body("data[0].token", nullValue())
                .body("data[0].hint", equalTo("…" + token.substring(token.length() - 4)))
                .body("data[0].last_used_at", notNullValue());
        as(token).delete("/api/v1/tokens/" + id).then().statusCode(204);
        as(token).get("/api/v1/videos").then().statusCode(401);
    }

    @Test
    void aDisabledAccountsTokensStopAndWorkAgainWhenEnabled() {
        String name = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"password\":\"a long enough password\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201)
                .body("role", equalTo("member"));
        String token = Members.tokenFor(name);
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"disabled\":true}")
                .patch("/api/v1/admin/users/" + name)
                .then()
                .statusCode(200)
                .body("disabled", equalTo(true));
        as(token).get("/api/v1/videos").then().statusCode(401);
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"disabled\":false}")
                .patch("/api/v1/admin/users/" + name)
                .then()
                .statusCode(200);
        as(token).get("/api/v1/videos").then().statusCode(200);
        Members.asAdmin().delete("/api/v1/admin/users/" + name).then().statusCode(204);
        as(token).get("/api/v1/videos").then().statusCode(401);
        Members.asAdmin().get("/api/v1/admin/users").then().body("data.username", not(hasItem(name)));
    }

    @Test
    void membersCannotManageAccounts() {
        String token = Members.create("erin").token();
        as(token).get("/api/v1/admin/users").then().statusCode(403).body("status", equalTo(403));
        as(token)
                .contentType(ContentType.JSON)
                .body("{\"username\":\"mallory\",\"password\":\"a long enough password\",\"role\":\"admin\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(403);
        as(token).get("/admin/users").then().statusCode(403);
    }

    @Test
    void badAccountRequestsNameTheField() {
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"Bad Name!\",\"password\":\"short\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("username"))
                .body("errors.field", hasItem("password"));
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"frank\",\"password\":\"a long enough password\",\"role\":\"owner\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"));
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"admin\",\"password\":\"a long enough password\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(409);
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .post("/api/v1/admin/users/nobody-here/tokens")
                .then()
                .statusCode(404);
        Members.asAdmin().delete("/api/v1/admin/users/admin").then().statusCode(409);
    }
}
