package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Members made through the admin API with the bootstrap admin's token, and requests made as them with their own. */
public final class Members {

    private Members() {}

    /** A request as the bootstrap admin, by its API token. */
    public static RequestSpecification asAdmin() {
        return as(TestAccounts.ADMIN_TOKEN);
    }

    /** A request carrying {@code token} as OpenRouter clients send their key. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A new member (a unique name starting with {@code prefix}) and an API token of theirs. */
    public static Member create(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-password-" + username, "role", "member"))
                .post("/api/v1/admin/users")
                .then()
                .statusCode(201);
        return new Member(username, tokenFor(username));
    }

    /** A new API token of {@code username}'s, made by the admin. */
    public static String tokenFor(String username) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "tests"))
                .post("/api/v1/admin/users/" + username + "/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    public record Member(String username, String token) {
        public RequestSpecification request() {
            return as(token);
        }
    }
}
