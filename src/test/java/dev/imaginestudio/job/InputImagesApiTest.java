package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image-to-video and reference-to-video through the API, and every way an input image is refused. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class InputImagesApiTest {

    private static final Color[] PALETTE = {
        Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.MAGENTA, Color.CYAN, Color.WHITE
    };

    @Inject
    JobWorker worker;

    // @TempDir is not injected into @QuarkusTest instances
    final Path tmp = Files.createTempDirectory("studio-test");

    InputImagesApiTest() throws java.io.IOException {}

    private static String frame(String url, String type) {
        return "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"},\"frame_type\":\"" + type + "\"}";
    }

    private static String reference(String url) {
        return "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}";
    }

    private Path content(String id) throws Exception {
        byte[] mp4 = given().get("/api/v1/videos/" + id + "/content")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        Path file = tmp.resolve(id + ".mp4");
        Files.write(file, mp4);
        return file;
    }

    private static double distance(Color a, Color b) {
        return Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2)
                + Math.pow(a.getGreen() - b.getGreen(), 2)
                + Math.pow(a.getBlue() - b.getBlue(), 2));
    }

    @Test
    void anImageToVideoJobStartsFromItsFirstFrame() throws Exception {
        BufferedImage input = Images.quadrants(800, 450);
        String id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"slow push in\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\","
                        + "\"frame_images\":[" + frame(Images.pngDataUrl(input), "first_frame") + "]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().get("/api/v1/videos/" + id)
                .then()
                .body("mode", equalTo("image"))
                .body("inputs", hasSize(1))
                .body("inputs[0].role", equalTo("first_frame"))
                .body("inputs[0].mime_type", equalTo("image/png"));
        byte[] stored = given().get("/api/v1/videos/" + id + "/inputs/0")
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertArrayEquals(Images.encode(input, "png"), stored, "the studio keeps the input as it was sent");

        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        Path video = content(id);
        Mp4Probe.Info info = Mp4Probe.inspect(video);
        assertEquals(854, info.width());
        assertEquals(480, info.height());
        assertEquals(24, info.frameCount());

        BufferedImage first = Mp4Probe.frame(video, 0);
        // each quadrant's centre region keeps the input's colour
        int w = first.getWidth();
        int h = first.getHeight();
        assertTrue(distance(Images.mean(first, w / 8, h / 3 - h / 8, w / 8, h / 8), Color.RED) < 80, "top left is red");
        assertTrue(
                distance(Images.mean(first, w * 6 / 8, h / 3 - h / 8, w / 8, h / 8), Color.GREEN) < 80,
                "top right is green");
        assertTrue(
                distance(Images.mean(first, w / 8, h * 5 / 8, w / 8, h / 8), Color.YELLOW) < 80,
                "bottom left is yellow");
        assertTrue(
                distance(Images.mean(first, w * 6 / 8, h * 5 / 8, w / 8, h / 8), Color.BLUE) < 80,
                "bottom right is blue");
    }

    @Test
    void aSevenReferenceJobTravelsThroughEveryImage() throws Exception {
        List<String> refs = new ArrayList<>();
        for (Color c : PALETTE) {
            refs.add(reference(Images.pngDataUrl(Images.solid(320, 320, c))));
        }
        String id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"a tour\",\"duration\":7,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\","
                        + "\"input_references\":[" + String.join(",", refs) + "]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().get("/api/v1/videos/" + id)
                .then()
                .body("mode", equalTo("reference"))
                .body("inputs", hasSize(7))
                .body("estimated_cost", equalTo(0));
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        Path video = content(id);
        Mp4Probe.Info info = Mp4Probe.inspect(video);
        assertEquals(480, info.width());
        assertEquals(480, info.height());
        assertEquals(7 * 24, info.frameCount());
        for (int i = 0; i < PALETTE.length; i++) {
            // the middle of each image's stretch of the clip shows that image
            int index = (int) ((i + 0.5) * info.frameCount() / PALETTE.length);
            BufferedImage f = Mp4Probe.frame(video, index);
            Color seen = Images.mean(f, f.getWidth() / 4, f.getHeight() / 4, f.getWidth() / 2, f.getHeight() / 2);
            assertTrue(distance(seen, PALETTE[i]) < 90, "frame " + index + " shows reference " + i + ": " + seen);
        }
    }

    @Test
    void frameImagesWinOverReferencesAsAtOpenRouter() {
        String png = Images.pngDataUrl(Images.solid(64, 64, Color.RED));
        String id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"both\",\"duration\":1,\"frame_images\":[" + frame(png, "first_frame") + "],"
                        + "\"input_references\":[" + reference(png) + "," + reference(png) + "]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().get("/api/v1/videos/" + id)
                .then()
                .body("mode", equalTo("image"))
                .body("inputs", hasSize(1));
    }

    @Test
    void badImagesAreRefusedByNameAndNothingIsStored() {
        long before = Ledger.count();
        String text = Images.dataUrl("just some text, named cat.png".getBytes(StandardCharsets.UTF_8), "image/png");
        refused(
                "{\"prompt\":\"p\",\"frame_images\":[" + frame(text, "first_frame") + "]}",
                "frame_images[0]",
                "not a PNG, JPEG or WebP");

        byte[] huge = new byte[21 * 1024 * 1024];
        byte[] header = Images.encode(Images.solid(32, 32, Color.RED), "png");
        System.arraycopy(header, 0, huge, 0, header.length);
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference(Images.dataUrl(huge, "image/png")) + "]}",
                "input_references[0]",
                "larger than 20 MiB");

        refused(
                "{\"prompt\":\"p\",\"frame_images\":["
                        + frame(Images.pngDataUrl(Images.solid(9000, 20, Color.RED)), "first_frame") + "]}",
                "frame_images[0]",
                "8192 pixels");

        String png = Images.pngDataUrl(Images.solid(64, 64, Color.RED));
        List<String> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(reference(png));
        }
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + String.join(",", eight) + "]}",
                "input_references[7]",
                "at most 7 reference images");

        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference("https://127.0.0.1/cat.png") + "]}",
                "input_references[0]",
                "local or private address");
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference("https://169.254.169.254/latest/meta-data")
                        + "]}",
                "input_references[0]",
                "local or private address");
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference("http://example.com/cat.png") + "]}",
                "input_references[0]",
                "only https");
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference("file:///etc/passwd") + "]}",
                "input_references[0]",
                "only https");
        refused(
                "{\"prompt\":\"p\",\"frame_images\":[" + frame(png, "last_frame") + "]}",
                "frame_images[0]",
                "last_frame is not supported");
        refused(
                "{\"prompt\":\"p\",\"frame_images\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + png
                        + "\"}}]}",
                "frame_images[0]",
                "frame_type is required");
        refused(
                "{\"prompt\":\"p\",\"input_references\":[{\"type\":\"video_url\",\"video_url\":{\"url\":\"https://x.test/a.mp4\"}}]}",
                "input_references[0]",
                "only image_url");
        refused("{\"prompt\":\"p\",\"input_references\":\"cat.png\"}", "input_references", "must be an array");
        refused(
                "{\"prompt\":\"p\",\"input_references\":[" + reference("data:image/png;base64,@@@@") + "]}",
                "input_references[0]",
                "not valid base64");
        assertEquals(before, Ledger.count(), "a refused request stores nothing");
    }

    private static void refused(String body, String field, String text) {
        // a body of megabytes (a data URL over the size limit) would cost seconds in REST Assured's failure log
        given().config(body.length() > 1_000_000 ? Requests.withoutFailureLog() : RestAssured.config())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("detail", containsString(text));
    }
}
