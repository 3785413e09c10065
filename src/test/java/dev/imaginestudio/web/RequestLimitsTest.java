package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Oversized requests are refused like every other bad request: with the status that says why and a body that says it
 * in words (problem+json for the API, the error page for pages), never an empty answer, and before anything is read.
 */
@TestSecurity(user = "admin", roles = "admin")
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

    @Test
    void aBodyOfUnknownLengthWhereNoImagesGoIs411() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // a test must not hang: the answer comes at once or the read fails
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/collections HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the status line and headers, then the body by its Content-Length (the connection may stay open)
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(head);
            assertTrue(length.find(), head.toString());
            byte[] body = new byte[Integer.parseInt(length.group(1))];
            in.readFully(body);
            String answer = head + new String(body, StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("Content-Length"), answer);
        }
    }

    @Test
    void onlyAFewLargeUploadsAreReadAtOnce() throws Exception {
        // four uploads that announce 5 MB and send a few bytes hold every large-body slot
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream()
                        .write(("POST /api/v1/videos HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                        + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"pro")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                held.add(socket);
            }
            String big = "{\"prompt\":\"" + "p".repeat(2 * 1024 * 1024) + "\"}";
            Response refused = awaitStatus(503, big);
            assertEquals("5", refused.header("Retry-After"));
            assertEquals("application/problem+json", refused.contentType());
            assertTrue(refused.asString().contains("large uploads already"), refused.asString());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        // the slots come back when those requests end: a large body is read again (and refused for its prompt)
        String big = "{\"prompt\":\"" + "p".repeat(2 * 1024 * 1024) + "\"}";
        Response read = awaitStatus(400, big);
        assertTrue(read.asString().contains("prompt"), read.asString());
    }

    /** Posts {@code body} until the answer has {@code status} (the slots change as other connections end). */
    private static Response awaitStatus(int status, String body) throws InterruptedException {
        Response last = null;
        for (int i = 0; i < 100; i++) {
            last = given().contentType(ContentType.JSON).body(body).post("/api/v1/videos");
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never answered " + status + "; last " + last.statusCode() + ": " + last.asString());
    }

    @TestHTTPResource("/")
    java.net.URL root;

    private int port;

    @org.junit.jupiter.api.BeforeEach
    void port() {
        port = root.getPort();
    }
}
