package dev.imaginestudio.job;

import static dev.imaginestudio.testing.Requests.withoutFailureLog;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.UploadStage;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The create form's image and reference modes, as the browser posts them: multipart/form-data, images staged once
 * (by the page's script at /uploads, or from file parts of the form) and then named by id.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class CreateFormImagesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    JobService jobs;

    @Inject
    UploadStage stage;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreatedJobs() {
        for (String id : created) {
            try {
                jobs.delete(id);
            } catch (JobNotFoundException gone) {
                // deleted by the test
            }
        }
    }

    private static RequestSpecification form(String mode) {
        return form(mode, "1");
    }

    /** The create form as the browser posts it: multipart/form-data. */
    private static RequestSpecification form(String mode, String duration) {
        return form(mode, duration, "from the form");
    }

    private static RequestSpecification form(String mode, String duration, String prompt) {
        return given().redirects()
                .follow(false)
                .multiPart("model", "local/preview")
                .multiPart("prompt", prompt)
                .multiPart("duration", duration)
                .multiPart("resolution", "480p")
                .multiPart("aspect_ratio", "1:1")
                .multiPart("mode", mode);
    }

    private static byte[] png(int w, int h, Color c) {
        return Images.encode(Images.solid(w, h, c), "png");
    }

    /** Stages an image as the page's script does; returns its token (upload:<id>). */
    private static String staged(String name, byte[] bytes) {
        return given().multiPart("file", name, bytes, "image/png")
                .post("/uploads")
                .then()
                .statusCode(201)
                .body("token", startsWith("upload:"))
                .extract()
                .path("token");
    }

    private String created(io.restassured.response.Response response) {
        response.then().statusCode(303);
        String location = response.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        created.add(id);
        return id;
    }

    @Test
    void anUploadedFirstFrameFileMakesAnImageJobThatKeepsTheImage() {
        byte[] png = Images.encode(Images.quadrants(200, 200), "png");
        String id = created(form("image")
                .multiPart("first_frame_file", "first.png", png, "image/png")
                .post("/jobs"));
        GenerationJob job = jobs.get(id);
        assertEquals(GenerationMode.IMAGE, job.mode);
        assertArrayEquals(png, jobs.storedInput(id, 0));
        given().get("/jobs/" + id)
                .then()
                .statusCode(200)
                .body(containsString("First frame"))
                .body(containsString("/api/v1/videos/" + id + "/inputs/0"));
    }

    @Test
    void aStagedUploadIsNamedByItsIdAndServedForTheThumbnail() {
        byte[] png = png(50, 40, Color.PINK);
        String token = staged("pink.png", png);
        byte[] served = given().get("/uploads/" + token.substring(7))
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
        assertArrayEquals(png, served);
        String id = created(form("image").multiPart("first_frame", token).post("/jobs"));
        assertArrayEquals(png, jobs.storedInput(id, 0));
        given().get("/uploads/AAAAAAAAAAAAAAAAAAAA").then().statusCode(404);
        given().get("/uploads/..%2Fstudio.mv.db").then().statusCode(404);
    }

    @Test
    void referencesKeepTheirOrderWhetherStagedOrPostedAsFiles() {
        List<byte[]> images = new ArrayList<>();
        for (Color c : new Color[] {Color.RED, Color.GREEN, Color.BLUE}) {
            images.add(png(40, 40, c));
        }
        RequestSpecification request = form("reference")
                .multiPart("references", staged("red.png", images.get(0)))
                .multiPart("references", staged("green.png", images.get(1)))
                .multiPart("reference_files", "blue.png", images.get(2), "image/png");
        String id = created(request.post("/jobs"));
        assertEquals(GenerationMode.REFERENCE, jobs.get(id).mode);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(images.get(i), jobs.storedInput(id, i), "reference " + i);
        }
    }

    @Test
    void theTextTabIgnoresImagesLeftInTheOtherTabs() {
        String id = created(form("text")
                .multiPart("first_frame", staged("red.png", png(40, 40, Color.RED)))
                .post("/jobs"));
        GenerationJob job = jobs.get(id);
        assertEquals(GenerationMode.TEXT, job.mode);
        assertEquals(0, job.inputCount);
    }

    @Test
    void aMissingOrBadImageIsShownBesideItsFieldAndEverythingIsKept() {
        long before = Ledger.count();
        form("image")
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("choose a first-frame image"))
                .body(containsString("from the form"));

        form("image")
                .multiPart(
                        "first_frame_file",
                        "notes.png",
                        "not an image at all".getBytes(StandardCharsets.UTF_8),
                        "image/png")
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("notes.png: the file is not a PNG, JPEG or WebP image"));

        String good = staged("orange.png", png(40, 40, Color.ORANGE));
        RequestSpecification eight = form("reference", "abc");
        for (int i = 0; i < 8; i++) {
            eight.multiPart("references", good);
        }
        String page = eight.post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("at most 7 reference images"))
                .body(containsString("duration must be a whole number"))
                .extract()
                .asString();
        // the eight images are still on the form, by id, ready to have one removed
        assertEquals(8, page.split("name=\"references\" value=\"" + good + "\"", -1).length - 1);
        assertFalse(page.contains(";base64,"), "no image travels inside the page");
        assertEquals(before, Ledger.count(), "nothing is stored for a rejected form");
    }

    @Test
    void aFileOverTheLimitIsRefusedWithItsNameAndTheLimitAndTheFormIsKept() {
        byte[] big = new byte[25 * 1024 * 1024];
        big[0] = (byte) 0x89;
        String prompt = "k".repeat(2_990) + " keep this";
        long before = Ledger.count();
        String page = form("image", "1", prompt)
                .config(withoutFailureLog())
                .multiPart("first_frame_file", "holiday.png", big, "image/png")
                .post("/jobs")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertTrue(page.contains("holiday.png is 25.0 MiB; the limit is 20 MiB per image"), page);
        assertTrue(page.contains(prompt + "</textarea>"), "the typed prompt is kept");
        assertEquals(before, Ledger.count());

        // and the script's own upload is answered with the same message
        given().config(withoutFailureLog())
                .multiPart("file", "holiday.png", big, "image/png")
                .post("/uploads")
                .then()
                .statusCode(413)
                .body("message", equalTo("holiday.png is 25.0 MiB; the limit is 20 MiB per image"));
        given().multiPart("file", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/uploads")
                .then()
                .statusCode(415)
                .body("message", containsString("notes.txt: the file is not a PNG, JPEG or WebP image"));
    }

    @Test
    void aFormTooLargeOrOfAnotherTypeIsAnsweredWithTheFormNotABareErrorPage() {
        byte[] body = new byte[61 * 1024 * 1024];
        given().config(withoutFailureLog())
                .contentType("multipart/form-data; boundary=x")
                .body(body)
                .post("/jobs")
                .then()
                .statusCode(413)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"create-form\""))
                .body(containsString("more than the 60 MiB the studio takes"));
        given().contentType("text/plain")
                .body("prompt=hello")
                .post("/jobs")
                .then()
                .statusCode(415)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"create-form\""))
                .body(containsString("could not be read"));
    }

    @Test
    void aFormShownAgainKeepsItsImagesSoTheyAreNotSentAgain() {
        byte[] png = png(64, 48, Color.CYAN);
        String page = form("image", "not-a-number")
                .multiPart("first_frame_file", "cyan.png", png, "image/png")
                .post("/jobs")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "name=\"first_frame\" value=\"(upload:[A-Za-z0-9]{20})\"")
                .matcher(page);
        assertTrue(m.find(), "the re-shown form names the staged image");
        assertTrue(page.contains("/uploads/" + m.group(1).substring(7)), "and shows it");
        // the corrected form sends only the id
        String id = created(form("image").multiPart("first_frame", m.group(1)).post("/jobs"));
        assertArrayEquals(png, jobs.storedInput(id, 0));
    }

    @Test
    void unusedStagedUploadsAreSwept() throws Exception {
        String token = staged("old.png", png(30, 30, Color.GRAY));
        java.nio.file.Path file = stage.find(dev.imaginestudio.testing.TestAccounts.adminOwner(), token.substring(7))
                .orElseThrow();
        java.nio.file.Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        assertTrue(stage.sweep() >= 1);
        assertFalse(java.nio.file.Files.exists(file));
        form("image")
                .multiPart("first_frame", token)
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(containsString("no longer kept"));
    }

    @Test
    void aPromptOfTheFullLengthGoesThroughTheForm() {
        String prompt = "a long and careful description of a scene ".repeat(100).substring(0, 4_096);
        String id = created(form("text", "1", prompt).post("/jobs"));
        assertEquals(prompt, jobs.get(id).prompt);
        String encoded = created(given().redirects()
                .follow(false)
                .contentType(FORM)
                .formParam("model", "local/preview")
                .formParam("prompt", prompt)
                .formParam("duration", "1")
                .post("/jobs"));
        assertEquals(prompt, jobs.get(encoded).prompt);
    }

    @Test
    void aRemixCarriesTheImagesOfTheEarlierJob() {
        byte[] first = png(64, 48, Color.MAGENTA);
        String original = created(form("image")
                .multiPart("first_frame_file", "m.png", first, "image/png")
                .post("/jobs"));
        String page = given().get("/?remix=" + original)
                .then()
                .statusCode(200)
                .body(containsString("value=\"job:" + original + "/0\""))
                .body(containsString("/api/v1/videos/" + original + "/inputs/0"))
                .body(not(containsString("data-mode-panel=\"image\" hidden")))
                .extract()
                .asString();
        assertEquals(true, page.contains("id=\"mode-image\" name=\"mode\" value=\"image\" data-mode-tab checked"));

        String remix = created(
                form("image").multiPart("first_frame", "job:" + original + "/0").post("/jobs"));
        assertArrayEquals(first, jobs.storedInput(remix, 0));
    }

    @Test
    void theEstimateCountsInputImages() {
        given().get("/jobs/estimate?model=local/preview&duration=3&resolution=480p&aspect_ratio=16:9&image_count=3")
                .then()
                .statusCode(200)
                .body(containsString("Free"));
    }
}
