package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class VideoApiTest {

    @Inject
    JobWorker worker;

    @Inject
    MediaStore media;

    // @TempDir is not injected into @QuarkusTest instances
    final Path tmp = Files.createTempDirectory("studio-test");

    VideoApiTest() throws java.io.IOException {}

    static String create(String json) {
        return given().contentType(ContentType.JSON)
                .body(json)
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .body("status", equalTo("pending"))
                .extract()
                .path("id");
    }

    @Test
    void aTextJobBecomesAStoredMp4OfTheRequestedSizeAndLength() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body("{\"model\":\"local/preview\",\"prompt\":\"A red kite over a windy beach\",\"duration\":2,"
                        + "\"resolution\":\"480p\",\"aspect_ratio\":\"9:16\",\"seed\":42}")
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .body("id", notNullValue())
                .body("status", equalTo("pending"))
                .extract()
                .path("id");
        assertEquals(20, id.length(), "public ids are 20 random characters");

        given().when()
                .get("/api/v1/videos/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("pending"))
                .body("polling_url", endsWith("/api/v1/videos/" + id))
                .body("size", equalTo("480x854"))
                .body("seed", equalTo(42));

        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);

        given().when()
                .get("/api/v1/videos/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("unsigned_urls", contains(endsWith("/api/v1/videos/" + id + "/content?index=0")))
                .body("usage.cost", equalTo(0))
                .body("progress", equalTo(100))
                .body("error", nullValue())
                .body("timeline.status", hasItem("succeeded"));

        byte[] mp4 = given().when()
                .get("/api/v1/videos/" + id + "/content?index=0")
                .then()
                .statusCode(200)
                .contentType("video/mp4")
                .header("Accept-Ranges", "bytes")
                .extract()
                .asByteArray();
        Path file = tmp.resolve("out.mp4");
        Files.write(file, mp4);
        Mp4Probe.Info info = Mp4Probe.inspect(file);
        assertEquals(480, info.width());
        assertEquals(854, info.height());
        assertEquals(48, info.frameCount());
        assertEquals(2.0, info.durationSeconds(), 0.05);
        assertEquals(24.0, info.fps(), 0.01);

        byte[] poster = given().when()
                .get("/api/v1/videos/" + id + "/poster.jpg")
                .then()
                .statusCode(200)
                .contentType("image/jpeg")
                .extract()
                .asByteArray();
        assertTrue(poster.length > 1000);
    }

    @Test
    void contentAnswersRangesEtagsAndDownloads() {
        String id = create("{\"prompt\":\"ranges\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\"}");
        Ledger.runUntilTerminal(worker, id);
        String url = "/api/v1/videos/" + id + "/content";
        Response full = given().when().get(url);
        full.then().statusCode(200);
        byte[] all = full.asByteArray();
        String etag = full.header("ETag");

        byte[] head = given().header("Range", "bytes=0-99")
                .when()
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes 0-99/" + all.length)
                .header("Content-Length", "100")
                .extract()
                .asByteArray();
        assertArrayEquals(Arrays.copyOfRange(all, 0, 100), head);

        byte[] tail = given().header("Range", "bytes=-50")
                .when()
                .get(url)
                .then()
                .statusCode(206)
                .extract()
                .asByteArray();
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 50, all.length), tail);

        byte[] open = given().header("Range", "bytes=100-")
                .when()
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes 100-" + (all.length - 1) + "/" + all.length)
                .extract()
                .asByteArray();
        assertArrayEquals(Arrays.copyOfRange(all, 100, all.length), open);

        given().header("Range", "bytes=" + all.length + "-")
                .when()
                .get(url)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + all.length);
        given().header("Range", "pages=1-2")
                .when()
                .get(url)
                .then()
                .statusCode(416)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Range"));

        given().header("If-None-Match", etag).when().get(url).then().statusCode(304);
        given().header("Range", "bytes=0-9")
                .header("If-Range", "\"stale\"")
                .when()
                .get(url)
                .then()
                .statusCode(200);

        given().when()
                .get(url + "?download=1")
                .then()
                .statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"imagine-" + id + ".mp4\""));
        given().when()
                .get(url + "?index=1")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("index"));
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstJob() {
        String body = "{\"prompt\":\"same request twice\",\"duration\":1}";
        long before = Ledger.count();
        String first = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-42")
                .body(body)
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String second = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-42")
                .body(body)
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String other = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-43")
                .body(body)
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertEquals(first, second);
        assertNotEquals(first, other);
        assertEquals(before + 2, Ledger.count());
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIsRefused() {
        String key = "reuse-" + java.util.UUID.randomUUID();
        String first = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"prompt\":\"a kite over the sea\",\"duration\":2}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        long before = Ledger.count();
        // the same fields written another way are the same request
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{ \"duration\": 2, \"prompt\": \"a kite over the sea\" }")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .body("id", org.hamcrest.Matchers.equalTo(first));
        for (String other : new String[] {
            "{\"prompt\":\"a kite over the sea\",\"duration\":3}",
            "{\"prompt\":\"a ship over the sea\",\"duration\":2}",
            "{\"duration\":2}"
        }) {
            given().contentType(ContentType.JSON)
                    .header("Idempotency-Key", key)
                    .body(other)
                    .post("/api/v1/videos")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("detail", containsString("Idempotency-Key"))
                    .body("detail", containsString(first))
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
        }
        assertEquals(before, Ledger.count(), "nothing stored for a refused reuse");
    }

    @Test
    void eachBadFieldIsRefusedByNameAndNothingIsStored() {
        long before = Ledger.count();
        badRequest("{\"duration\":3}", "prompt", "prompt is required");
        badRequest("{\"prompt\":\"   \"}", "prompt", "prompt is required");
        badRequest("{\"prompt\":\"" + "x".repeat(4097) + "\"}", "prompt", "4096");
        badRequest("{\"prompt\":\"p\",\"duration\":20}", "duration", "1-15");
        badRequest("{\"prompt\":\"p\",\"duration\":0}", "duration", "1-15");
        badRequest("{\"prompt\":\"p\",\"duration\":\"six\"}", "duration", "whole number");
        badRequest("{\"prompt\":\"p\",\"duration\":2.5}", "duration", "whole number");
        badRequest("{\"prompt\":\"p\",\"resolution\":\"1080p\"}", "resolution", "480p, 720p");
        badRequest("{\"prompt\":\"p\",\"aspect_ratio\":\"21:9\"}", "aspect_ratio", "16:9");
        badRequest("{\"prompt\":\"p\",\"size\":\"100x100\"}", "size", "854x480");
        badRequest("{\"prompt\":\"p\",\"size\":\"1280x720\",\"resolution\":\"480p\"}", "size", "contradicts");
        badRequest("{\"prompt\":\"p\",\"seed\":-1}", "seed", "0 to 4294967295");
        badRequest("{\"prompt\":\"p\",\"seed\":\"abc\"}", "seed", "whole number");
        badRequest("{\"prompt\":\"p\",\"model\":\"nobody/nothing\"}", "model", "local/preview");
        badRequest("{\"prompt\":\"p\",\"generate_audio\":true}", "generate_audio", "not supported");
        badRequest("[1,2]", "body", "JSON object");
        // a value of the wrong JSON type is refused, never converted, and named by its path
        badRequest("{\"prompt\":\"p\",\"duration\":\"6\"}", "duration", "whole number");
        badRequest("{\"prompt\":\"p\",\"duration\":99999999999}", "duration", "whole number");
        badRequest("{\"prompt\":\"p\",\"model\":5}", "model", "model must be a string");
        badRequest("{\"prompt\":true}", "prompt", "prompt must be a string");
        badRequest("{\"prompt\":\"p\",\"generate_audio\":\"true\"}", "generate_audio", "true or false");
        badRequest("{\"prompt\":\"p\",\"frame_images\":{}}", "frame_images", "must be an array");
        badRequest(
                "{\"prompt\":\"p\",\"input_references\":[{\"type\":\"image_url\",\"image_url\":{\"url\":5}}]}",
                "input_references[0].image_url.url",
                "input_references[0].image_url.url must be a string");
        given().contentType(ContentType.JSON)
                .body("")
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON)
                .body("{\"prompt\": ")
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("JSON"));
        assertEquals(before, Ledger.count(), "a refused request stores nothing");
    }

    @Test
    void sizeAloneChoosesResolutionAndAspect() {
        String id = create("{\"prompt\":\"by size\",\"size\":\"1080x720\",\"duration\":1}");
        given().when()
                .get("/api/v1/videos/" + id)
                .then()
                .body("resolution", equalTo("720p"))
                .body("aspect_ratio", equalTo("3:2"))
                .body("size", equalTo("1080x720"));
    }

    private static void badRequest(String body, String field, String text) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/videos")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("detail", containsString(text))
                .body("error.code", equalTo(400))
                .body("error.message", containsString(text));
    }

    @Test
    void aNonNumericIndexIsA400NamingIt() {
        String id = create("{\"prompt\":\"an index\",\"duration\":1}");
        given().when()
                .get("/api/v1/videos/" + id + "/content?index=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("index"));
        given().when()
                .get("/api/v1/videos?limit=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void unknownJobsAre404Problems() {
        given().when()
                .get("/api/v1/videos/nosuchjob")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("nosuchjob"));
        given().when().get("/api/v1/videos/nosuchjob/content").then().statusCode(404);
        given().when().delete("/api/v1/videos/nosuchjob").then().statusCode(404);
    }

    @Test
    void contentOfAnUnfinishedJobIsAConflict() {
        String id = create("{\"prompt\":\"not yet\",\"duration\":1}");
        given().when()
                .get("/api/v1/videos/" + id + "/content")
                .then()
                .statusCode(409)
                .body("detail", containsString("no video yet"));
    }

    @Test
    void historyPagesNewestFirstAndFiltersByStatus() {
        String a = create("{\"prompt\":\"page a\",\"duration\":1}");
        String b = create("{\"prompt\":\"page b\",\"duration\":1}");
        String c = create("{\"prompt\":\"page c\",\"duration\":1}");
        Response first = given().when().get("/api/v1/videos?limit=2");
        first.then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(c))
                .body("data[1].id", equalTo(b))
                .body("has_more", equalTo(true));
        String cursor = first.path("next_cursor");
        given().when()
                .get("/api/v1/videos?limit=2&cursor=" + cursor)
                .then()
                .statusCode(200)
                .body("data[0].id", equalTo(a));

        Ledger.runUntilTerminal(worker, b);
        given().when()
                .get("/api/v1/videos?status=completed&limit=100")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(b))
                .body("data.status", org.hamcrest.Matchers.everyItem(equalTo("completed")));
        given().when()
                .get("/api/v1/videos?status=finished")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        given().when()
                .get("/api/v1/videos?limit=1000")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().when()
                .get("/api/v1/videos?cursor=bogus")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void deleteRemovesTheJobAndItsFiles() {
        String id = create("{\"prompt\":\"to be deleted\",\"duration\":1}");
        Ledger.runUntilTerminal(worker, id);
        Path dir = media.jobDir(id);
        assertTrue(Files.exists(dir.resolve("output-0.mp4")));
        assertTrue(Files.exists(dir.resolve("poster.jpg")));
        given().when().delete("/api/v1/videos/" + id).then().statusCode(204);
        given().when().get("/api/v1/videos/" + id).then().statusCode(404);
        assertFalse(Files.exists(dir));
    }

    @Test
    void modelsAreListedInOpenRoutersShape() {
        given().when()
                .get("/api/v1/videos/models")
                .then()
                .statusCode(200)
                .body("data.id", hasItem("local/preview"))
                .body("data[0].supported_durations", hasSize(15))
                .body("data[0].supported_resolutions", contains("480p", "720p"))
                .body("data[0].supported_aspect_ratios", hasSize(7))
                .body("data[0].supported_sizes", hasItem("854x480"))
                .body("data[0].supported_frame_images", contains("first_frame"));
    }

    @Test
    void openApiAndHealthAreServed() {
        io.restassured.path.json.JsonPath doc = given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/videos"))
                .body("paths", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("/jobs")))
                .body("paths", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("/")))
                .extract()
                .jsonPath();
        // the request body is a real schema (a record), not a free-form object
        String ref = doc.getString("paths.'/api/v1/videos'.post.requestBody.content.'application/json'.schema.'$ref'");
        String schema = ref.substring(ref.lastIndexOf('/') + 1);
        assertTrue(doc.getMap("components.schemas." + schema + ".properties").containsKey("prompt"), ref);
        assertTrue(doc.getMap("components.schemas." + schema + ".properties").containsKey("input_references"), ref);
        String status = doc.getString(
                "paths.'/api/v1/videos/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'");
        assertTrue(
                doc.getMap("components.schemas." + status.substring(status.lastIndexOf('/') + 1) + ".properties")
                        .containsKey("polling_url"),
                status);
        // OpenRouter's SDKs require these three in every answer about a job
        assertEquals(
                java.util.List.of("id", "polling_url", "status"),
                doc.getList("components.schemas." + status.substring(status.lastIndexOf('/') + 1) + ".required"));
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
