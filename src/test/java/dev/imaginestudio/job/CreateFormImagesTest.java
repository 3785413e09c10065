package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The create form's image and reference modes, as the browser posts them (uploads travel as data: URLs). */
@QuarkusTest
class CreateFormImagesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    JobService jobs;

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

    private static RequestSpecification form(String mode, String duration) {
        return given().redirects().follow(false).contentType(FORM).formParam("model", "local/preview")
                .formParam("prompt", "from the form").formParam("duration", duration).formParam("resolution", "480p")
                .formParam("aspect_ratio", "1:1").formParam("mode", mode);
    }

    private String created(io.restassured.response.Response response) {
        response.then().statusCode(303);
        String location = response.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        created.add(id);
        return id;
    }

    @Test
    void anUploadedFirstFrameMakesAnImageJobThatKeepsTheImage() {
        byte[] png = Images.encode(Images.quadrants(200, 200), "png");
        String id = created(form("image").formParam("first_frame", Images.dataUrl(png, "image/png")).post("/jobs"));
        GenerationJob job = jobs.get(id);
        assertEquals(GenerationMode.IMAGE, job.mode);
        assertArrayEquals(png, jobs.storedInput(id, 0));
        given().get("/jobs/" + id).then().statusCode(200)
                .body(containsString("First frame"))
                .body(containsString("/api/v1/videos/" + id + "/inputs/0"));
    }

    @Test
    void referencesKeepTheirOrder() {
        RequestSpecification request = form("reference");
        List<byte[]> images = new ArrayList<>();
        for (Color c : new Color[] {Color.RED, Color.GREEN, Color.BLUE}) {
            byte[] png = Images.encode(Images.solid(40, 40, c), "png");
            images.add(png);
            request.formParam("references", Images.dataUrl(png, "image/png"));
        }
        String id = created(request.post("/jobs"));
        assertEquals(GenerationMode.REFERENCE, jobs.get(id).mode);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(images.get(i), jobs.storedInput(id, i), "reference " + i);
        }
    }

    @Test
    void theTextTabIgnoresImagesLeftInTheOtherTabs() {
        String id = created(form("text").formParam("first_frame", Images.pngDataUrl(Images.solid(40, 40, Color.RED))).post("/jobs"));
        GenerationJob job = jobs.get(id);
        assertEquals(GenerationMode.TEXT, job.mode);
        assertEquals(0, job.inputCount);
    }

    @Test
    void aMissingOrBadImageIsShownBesideItsFieldAndEverythingIsKept() {
        long before = Ledger.count();
        form("image").post("/jobs").then().statusCode(400)
                .body(containsString("choose a first-frame image"))
                .body(containsString("from the form"));

        String text = Images.dataUrl("not an image at all".getBytes(StandardCharsets.UTF_8), "image/png");
        form("image").formParam("first_frame", text).post("/jobs").then().statusCode(400)
                .body(containsString("not a PNG, JPEG or WebP image"));

        String good = Images.pngDataUrl(Images.solid(40, 40, Color.ORANGE));
        RequestSpecification eight = form("reference", "abc");
        for (int i = 0; i < 8; i++) {
            eight.formParam("references", good);
        }
        String page = eight.post("/jobs").then().statusCode(400)
                .body(containsString("at most 7 reference images"))
                .body(containsString("duration must be a whole number"))
                .extract().asString();
        // the eight images are still on the form, ready to have one removed
        assertEquals(8, page.split("name=\"references\"", -1).length - 1);
        assertEquals(before, Ledger.count(), "nothing is stored for a rejected form");
    }

    @Test
    void aRemixCarriesTheImagesOfTheEarlierJob() {
        byte[] first = Images.encode(Images.solid(64, 48, Color.MAGENTA), "png");
        String original = created(form("image").formParam("first_frame", Images.dataUrl(first, "image/png")).post("/jobs"));
        String page = given().get("/?remix=" + original).then().statusCode(200)
                .body(containsString("value=\"job:" + original + "/0\""))
                .body(containsString("/api/v1/videos/" + original + "/inputs/0"))
                .body(not(containsString("data-mode-panel=\"image\" hidden")))
                .extract().asString();
        assertEquals(true, page.contains("id=\"mode-image\" name=\"mode\" value=\"image\" data-mode-tab checked"));

        String remix = created(form("image").formParam("first_frame", "job:" + original + "/0").post("/jobs"));
        assertArrayEquals(first, jobs.storedInput(remix, 0));
    }

    @Test
    void theEstimateCountsInputImages() {
        given().get("/jobs/estimate?model=local/preview&duration=3&resolution=480p&aspect_ratio=16:9&image_count=3")
                .then().statusCode(200).body(containsString("Free"));
    }
}
