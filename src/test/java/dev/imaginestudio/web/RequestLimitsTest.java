package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Oversized requests are refused like every other bad request: with the status that says why and a body that says it
 * in words (problem+json for the API, the error page for pages), never an empty answer, and before anything is read.
 */
@QuarkusTest
class RequestLimitsTest {

    private static final String LONG = "a".repeat(9000);

    @Test
    void anOverLongAddressIs414WithAProblem() {
        given().queryParam("q", LONG)
                .get("/api/v1/videos")
                .then()
                .statusCode(414)
                .contentType("application/problem+json")
                .body("status", equalTo(414))
                .body("detail", containsString("characters long"));
    }

    @Test
    void anOverLongPageAddressIs414WithTheErrorPage() {
        given().queryParam("q", LONG)
                .get("/jobs")
                .then()
                .statusCode(414)
                .contentType(containsString("text/html"))
                .body(containsString("URI Too Long"))
                .body(containsString("Send long values in a request body"));
    }

    @Test
    void oversizedHeadersAre431WithAProblem() {
        given().header("X-Padding", "b".repeat(20_000))
                .get("/api/v1/videos")
                .then()
                .statusCode(431)
                .contentType("application/problem+json")
                .body("error.code", equalTo(431))
                .body("detail", containsString("headers total"));
    }

    @Test
    void aLargeBodyWhereNoImagesGoIs413AndNothingIsStored() {
        int before = given().get("/api/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .path("data.size()");
        String body = "{\"name\":\"" + "c".repeat(2 * 1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/collections")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("/api/v1/collections takes at most"));
        int after = given().get("/api/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .path("data.size()");
        assertEquals(before, after);
    }

    @Test
    void creatingAVideoStillTakesALargeBody() {
        String body =
                "{\"prompt\":\"a lighthouse\",\"frame_images\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                        + "A".repeat(2 * 1024 * 1024) + "\"},\"frame_type\":\"first_frame\"}]}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/videos")
                .then()
                .statusCode(not(equalTo(413)))
                .statusCode(400)
                .body("errors[0].field", containsString("frame_images"));
    }

    @Test
    void aMalformedFormEncodingIs400NotAServerError() {
        given().contentType("application/x-www-form-urlencoded")
                .body("prompt=a+lighthouse&%E0%A4%A=broken")
                .post("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("not followed by two hex digits"));
    }
}
