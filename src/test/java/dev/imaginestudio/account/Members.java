package dev.imaginestudio.account;

import static io.restassured.RestAssured.given;

import dev.imaginestudio.testing.TestAccounts;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Members made through the admin API, acting with their own tokens, as scripts and OpenRouter clients do. */
final class Members {

    private Members() {}

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestAccounts.ADMIN_TOKEN);
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A new member with a fresh name; answers its token. */
    static String newMember(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin().contentType(ContentType.JSON)
                .body("{\"username\":\"" + name + "\",\"password\":\"a long enough password\",\"role\":\"member\"}")
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201);
        return tokenFor(name);
    }

    static String tokenFor(String username) {
        return admin().contentType(ContentType.JSON)
                .body("{\"name\":\"test\"}")
                .post("/api/v1/admin/users/" + username + "/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }
}
