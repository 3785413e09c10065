package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Collections through the API: create, rename, delete; add, remove and order videos. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class CollectionApiTest {

    /** Three finished videos, made once for the whole class. */
    private static List<String> videos;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private List<String> videos() {
        if (videos == null) {
            videos = Videos.finished(
                    jobs,
                    worker,
                    "1:1",
                    List.of("collection clip one", "collection clip two", "collection clip three"));
        }
        return videos;
    }

    private static String create(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/collections/"))
                .extract()
                .path("id");
    }

    @Test
    void aCollectionKeepsItsVideosInTheOrderTheyWereAdded() {
        List<String> v = videos();
        String id = create("{\"name\":\"  Holiday  \"}");
        given().get("/api/v1/collections/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Holiday"))
                .body("video_count", equalTo(0))
                .body("videos", hasSize(0))
                .body("$", not(org.hamcrest.Matchers.hasKey("added")));

        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + v.get(2) + "\",\"" + v.get(0) + "\"]}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(200)
                .body("added", equalTo(2))
                .body("videos.id", contains(v.get(2), v.get(0)));
        // adding again keeps the first place; a new one goes to the end
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + v.get(0) + "\",\"" + v.get(1) + "\"]}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(200)
                .body("added", equalTo(1))
                .body("already_there", equalTo(1))
                .body("videos.id", contains(v.get(2), v.get(0), v.get(1)))
                .body("videos.position", contains(0, 1, 2))
                .body("videos[0].poster_url", endsWith("/api/v1/videos/" + v.get(2) + "/poster.jpg"))
                .body("videos[0].content_url", endsWith("/api/v1/videos/" + v.get(2) + "/content"));

        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + v.get(1) + "\",\"" + v.get(2) + "\",\"" + v.get(0) + "\"]}")
                .put("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(200)
                .body("videos.id", contains(v.get(1), v.get(2), v.get(0)));
        given().get("/api/v1/collections/" + id).then().body("videos.id", contains(v.get(1), v.get(2), v.get(0)));

        given().delete("/api/v1/collections/" + id + "/items/" + v.get(2))
                .then()
                .statusCode(204);
        given().get("/api/v1/collections/" + id).then().body("videos.id", contains(v.get(1), v.get(0)));
        given().delete("/api/v1/collections/" + id + "/items/" + v.get(2))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // the video itself is untouched
        given().get("/api/v1/videos/" + v.get(2)).then().statusCode(200);
    }

    @Test
    void createWithVideosRenameListAndDelete() {
        List<String> v = videos();
        String id = create("{\"name\":\"Teasers\",\"videos\":[\"" + v.get(0) + "\",\"" + v.get(1) + "\"]}");
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"Teasers, final\"}")
                .patch("/api/v1/collections/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Teasers, final"))
                .body("video_count", equalTo(2));
        given().get("/api/v1/collections")
                .then()
                .statusCode(200)
                .body("data.find { it.id == '" + id + "' }.name", equalTo("Teasers, final"))
                .body("data.find { it.id == '" + id + "' }.video_count", equalTo(2))
                .body(
                        "data.find { it.id == '" + id + "' }.cover_url",
                        endsWith("/api/v1/videos/" + v.get(0) + "/poster.jpg"));
        given().delete("/api/v1/collections/" + id).then().statusCode(204);
        given().get("/api/v1/collections/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(id));
        given().get("/api/v1/collections").then().body("data.id", not(hasItem(id)));
        given().get("/api/v1/videos/" + v.get(0)).then().statusCode(200);
    }

    @Test
    void badInputNamesTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"   \"}")
                .post("/api/v1/collections")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(201) + "\"}")
                .post("/api/v1/collections")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":42}")
                .post("/api/v1/collections")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().contentType(ContentType.JSON)
                .body("[1]")
                .post("/api/v1/collections")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));

        String id = create("{\"name\":\"Checks\"}");
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[]}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("videos"));
        given().contentType(ContentType.JSON)
                .body("{\"videos\":\"abc\"}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("videos"));
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"NoSuchVideo000000000\"]}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(404)
                .body("detail", containsString("NoSuchVideo000000000"));
        // a reorder must name every video once
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + videos().get(0) + "\"]}")
                .post("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + videos().get(1) + "\"]}")
                .put("/api/v1/collections/" + id + "/items")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("videos"));

        given().get("/api/v1/collections/NoSuchCollection").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}")
                .patch("/api/v1/collections/NoSuchCollection")
                .then()
                .statusCode(404);
        given().delete("/api/v1/collections/NoSuchCollection").then().statusCode(404);
    }

    @Test
    void onlyFinishedVideosGoIntoCollections() {
        String queued = jobs.create(new JobRequest(null, "not finished yet", 1, "480p", "1:1", null, null, null), null)
                .job()
                .publicId;
        try {
            String id = create("{\"name\":\"Only finished\"}");
            given().contentType(ContentType.JSON)
                    .body("{\"videos\":[\"" + videos().get(0) + "\",\"" + queued + "\"]}")
                    .post("/api/v1/collections/" + id + "/items")
                    .then()
                    .statusCode(409)
                    .body("detail", containsString(queued));
            given().get("/api/v1/collections/" + id).then().body("videos", hasSize(0));
        } finally {
            Videos.deleteQuietly(jobs, List.of(queued));
        }
    }

    @Test
    void deletingAVideoTakesItOutOfItsCollections() {
        String doomed = Videos.finished(jobs, worker, "1:1", List.of("collection clip to delete"))
                .get(0);
        String id = create("{\"name\":\"Loses one\",\"videos\":[\"" + videos().get(0) + "\",\"" + doomed + "\"]}");
        given().get("/api/v1/collections/" + id).then().body("videos.id", contains(videos().get(0), doomed));
        given().delete("/api/v1/videos/" + doomed).then().statusCode(204);
        given().get("/api/v1/collections/" + id)
                .then()
                .statusCode(200)
                .body("videos.id", contains(videos().get(0)))
                .body("id", notNullValue());
    }
}
