package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The V2 schema and the gallery's queries on PostgreSQL: search with escaped LIKE, keyset cursors on cost and
 * date, collections (row locks, ordered items), share links and the cascades that kill them.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(PostgresGalleryTest.OnPostgres.class)
class PostgresGalleryTest {

    public static class OnPostgres extends dev.imaginestudio.testing.PostgresProfile {}

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Test
    void searchAndKeysetPagingOnPostgres() {
        String t = "k" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (String p : List.of(
                "Alpha pg_search one " + t,
                "alpha pg search TWO " + t,
                "beta pg search three " + t,
                "pg search 100% four " + t)) {
            String id = jobs.create(
                            new dev.imaginestudio.job.JobRequest(null, p, 1, "480p", "16:9", null, null, null), null)
                    .job()
                    .publicId;
            QuarkusTransaction.requiringNew()
                    .run(() -> GenerationJob.update("nextAttemptAt = null where publicId = ?1", id));
            ids.add(id);
        }
        given().queryParam("q", "ALPHA search " + t)
                .get("/api/v1/videos")
                .then()
                .statusCode(200)
                .body("data.id", contains(ids.get(1), ids.get(0)));
        given().queryParam("q", "alpha two " + t).get("/api/v1/videos").then().body("data.id", contains(ids.get(1)));
        given().queryParam("q", "pg_search " + t).get("/api/v1/videos").then().body("data.id", contains(ids.get(0)));
        given().queryParam("q", "100% " + t).get("/api/v1/videos").then().body("data.id", contains(ids.get(3)));
        given().queryParam("q", t)
                .queryParam("mode", "text")
                .queryParam("route", "local")
                .get("/api/v1/videos")
                .then()
                .body("data", hasSize(4));

        String[] costs = {"0.30", "0.10", "0.30", "0.70"};
        for (int i = 0; i < ids.size(); i++) {
            BigDecimal cost = new BigDecimal(costs[i]);
            String id = ids.get(i);
            QuarkusTransaction.requiringNew()
                    .run(() -> GenerationJob.<GenerationJob>find("publicId", id).firstResult().costUsd = cost);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = given().queryParam("q", t)
                    .queryParam("sort", "cost_high")
                    .queryParam("limit", 1)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/videos");
            page.then().statusCode(200);
            seen.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
        } while (cursor != null);
        assertEquals(4, seen.size());
        assertEquals(ids.get(3), seen.get(0));
        assertEquals(ids.get(1), seen.get(3));
        given().queryParam("q", t)
                .queryParam("min_cost", "0.2")
                .queryParam("max_cost", "0.5")
                .get("/api/v1/videos")
                .then()
                .body("data", hasSize(2));

        List<String> byDate = new ArrayList<>();
        cursor = null;
        do {
            Response page = given().queryParam("q", t)
                    .queryParam("sort", "oldest")
                    .queryParam("limit", 3)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/videos");
            byDate.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
        } while (cursor != null);
        assertEquals(ids, byDate);
    }

    @Test
    void collectionsSharesAndCascadesOnPostgres() {
        List<String> v = Videos.finished(jobs, worker, "1:1", List.of("pg collection one", "pg collection two"));
        String c = given().contentType(ContentType.JSON)
                .body("{\"name\":\"On PostgreSQL\",\"videos\":[\"" + v.get(1) + "\",\"" + v.get(0) + "\"]}")
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/api/v1/collections")
                .then()
                .body("data.find { it.id == '" + c + "' }.video_count", equalTo(2))
                .body("data.find { it.id == '" + c + "' }.cover_url", notNullValue());
        given().contentType(ContentType.JSON)
                .body("{\"videos\":[\"" + v.get(0) + "\",\"" + v.get(1) + "\"]}")
                .put("/api/v1/collections/" + c + "/items")
                .then()
                .statusCode(200)
                .body("videos.id", contains(v.get(0), v.get(1)));

        String token = given().contentType(ContentType.JSON)
                .body("{\"collection\":\"" + c + "\"}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String videoToken = given().contentType(ContentType.JSON)
                .body("{\"video\":\"" + v.get(1) + "\",\"expires_in\":600}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().get("/s/" + token).then().statusCode(200);
        given().header("Range", "bytes=0-9")
                .get("/s/" + token + "/2/video.mp4")
                .then()
                .statusCode(206);
        given().get("/s/" + videoToken + "/video.mp4").then().statusCode(200);

        given().delete("/api/v1/videos/" + v.get(1)).then().statusCode(204);
        given().get("/s/" + videoToken).then().statusCode(404);
        given().get("/api/v1/collections/" + c).then().body("videos.id", contains(v.get(0)));
        given().get("/s/" + token + "/2/video.mp4").then().statusCode(404);
        given().delete("/api/v1/collections/" + c).then().statusCode(204);
        given().get("/s/" + token).then().statusCode(404);
        given().post("/api/v1/videos/" + v.get(0) + "/retry")
                .then()
                .statusCode(201)
                .body("retry_of", equalTo(v.get(0)));
    }
}
