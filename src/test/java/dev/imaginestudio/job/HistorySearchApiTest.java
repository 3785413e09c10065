package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Videos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.Color;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/videos: prompt search, filters, sorts and keyset cursors. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class HistorySearchApiTest {

    @Inject
    JobService jobs;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        Videos.deleteQuietly(jobs, created);
    }

    /** A word no other test's prompt contains. */
    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A queued job the poller leaves alone (nothing due), so searching it costs no render. */
    private String parked(String prompt) {
        String id = jobs.create(new JobRequest(null, prompt, 1, "480p", "16:9", null, null, null), null)
                .job()
                .publicId;
        created.add(id);
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update("nextAttemptAt = null where publicId = ?1", id));
        return id;
    }

    private static void set(String id, java.util.function.Consumer<GenerationJob> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(GenerationJob.findByPublicId(id)));
    }

    private static List<String> ids(String query) {
        return given().when()
                .get("/api/v1/videos?limit=100&" + query)
                .then()
                .statusCode(200)
                .extract()
                .path("data.id");
    }

    @Test
    void everyWordMustMatchInAnyCase() {
        String t = tag();
        String fox = parked("Golden FOX in deep snow " + t);
        String dog = parked("golden retriever on a beach " + t);
        String dawn = parked("A fox at dawn " + t);
        given().queryParam("q", "golden fox " + t)
                .get("/api/v1/videos")
                .then()
                .statusCode(200)
                .body("data.id", contains(fox));
        given().queryParam("q", "GOLDEN " + t).get("/api/v1/videos").then().body("data.id", contains(dog, fox));
        given().queryParam("q", "fox " + t.toUpperCase())
                .get("/api/v1/videos")
                .then()
                .body("data.id", contains(dawn, fox));
        given().queryParam("q", "  " + t + "   ")
                .get("/api/v1/videos")
                .then()
                .body("data.id", contains(dawn, dog, fox));
        given().queryParam("q", "cat " + t).get("/api/v1/videos").then().body("data", hasSize(0));
        // LIKE wildcards typed by the user are plain characters
        given().queryParam("q", "% " + t).get("/api/v1/videos").then().body("data", hasSize(0));
        given().queryParam("q", "g_lden " + t).get("/api/v1/videos").then().body("data", hasSize(0));
        String underscore = parked("file_name style " + t);
        given().queryParam("q", "e_n " + t).get("/api/v1/videos").then().body("data.id", contains(underscore));
    }

    @Test
    void filtersByStatusModeModelRouteAndDate() {
        String t = tag();
        String text = parked("text job " + t);
        String image = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"image job " + t
                        + "\",\"duration\":1,\"frame_images\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                        + Images.pngDataUrl(Images.solid(64, 36, Color.ORANGE))
                        + "\"},\"frame_type\":\"first_frame\"}]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        created.add(image);
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update("nextAttemptAt = null where publicId = ?1", image));
        String failed = parked("failed job " + t);
        set(failed, j -> {
            j.status = JobStatus.FAILED;
            j.createdAt = Instant.parse("2020-01-15T10:00:00Z");
        });

        assertEquals(List.of(image), ids("q=" + t + "&mode=image"));
        assertEquals(List.of(text, failed), ids("q=" + t + "&mode=text"));
        assertEquals(List.of(image, text), ids("q=" + t + "&status=pending"));
        assertEquals(List.of(failed), ids("q=" + t + "&status=failed,cancelled"));
        assertEquals(3, ids("q=" + t + "&model=local/preview").size());
        assertEquals(0, ids("q=" + t + "&model=x-ai/grok-imagine-video").size());
        assertEquals(3, ids("q=" + t + "&route=local").size());
        assertEquals(0, ids("q=" + t + "&route=openrouter").size());
        assertEquals(List.of(failed), ids("q=" + t + "&from=2020-01-01&to=2020-01-31"));
        assertEquals(List.of(failed), ids("q=" + t + "&to=2020-01-15"));
        assertEquals(List.of(image, text), ids("q=" + t + "&from=2021-01-01"));
        assertEquals(List.of(), ids("q=" + t + "&from=2020-01-15T10:00:01Z&to=2020-12-31"));
        assertEquals(List.of(image), ids("q=" + t + "&aspect_ratio=16:9&mode=image"));
    }

    @Test
    void costFiltersAndSortPageThroughKeysetCursors() {
        String t = tag();
        String a = parked("cost a " + t);
        String b = parked("cost b " + t);
        String c = parked("cost c " + t);
        String d = parked("cost d " + t);
        String e = parked("cost e " + t);
        // what the provider charged replaces the estimate as the job's cost
        set(a, j -> j.costUsd = new BigDecimal("0.10"));
        set(b, j -> j.costUsd = new BigDecimal("0.30"));
        set(c, j -> j.costUsd = new BigDecimal("0.30"));
        set(d, j -> j.costUsd = new BigDecimal("0.05"));
        String tieFirst = b.compareTo(c) > 0 ? b : c;
        String tieSecond = tieFirst.equals(b) ? c : b;

        assertEquals(List.of(tieFirst, tieSecond, a, d, e), ids("q=" + t + "&sort=cost_high"));
        assertEquals(List.of(e, d, a, tieSecond, tieFirst), ids("q=" + t + "&sort=cost_low"));
        assertEquals(List.of(tieFirst, tieSecond, a), ids("q=" + t + "&sort=cost_high&min_cost=0.10"));
        assertEquals(List.of(a, d, e), ids("q=" + t + "&sort=cost_high&max_cost=0.1"));
        assertEquals(List.of(a), ids("q=" + t + "&min_cost=0.06&max_cost=0.29"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = given().queryParam("q", t)
                    .queryParam("sort", "cost_high")
                    .queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/videos");
            page.then().statusCode(200);
            seen.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
            if (cursor != null) {
                page.then().body("has_more", equalTo(true)).body("next_cursor", matchesPattern("[A-Za-z0-9_-]+"));
                long internal = Ledger.find(a).id;
                assertFalse(cursor.equals(String.valueOf(internal)), "the cursor is no sequential id");
            }
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(List.of(tieFirst, tieSecond, a, d, e), seen, "every job once, in order, across pages");

        // a cursor only fits its own sort
        String newestCursor = given().queryParam("q", t)
                .queryParam("limit", 2)
                .get("/api/v1/videos")
                .path("next_cursor");
        given().queryParam("q", t)
                .queryParam("sort", "cost_low")
                .queryParam("cursor", newestCursor)
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aCursorAloneContinuesTheFilteredListItWasMadeFor() {
        String t = tag();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = parked("paged " + i + " " + t);
            if (i % 2 == 0) {
                set(id, j -> j.status = JobStatus.FAILED);
                failed.add(0, id);
            }
        }
        // other jobs, newer and older, that the filter leaves out
        parked("paged other " + t);
        List<String> seen = new ArrayList<>();
        Response first = given().queryParam("q", t)
                .queryParam("status", "failed")
                .queryParam("limit", 1)
                .get("/api/v1/videos");
        first.then().statusCode(200);
        seen.addAll(first.path("data.id"));
        String cursor = first.path("next_cursor");
        int pages = 1;
        while (cursor != null) {
            // the cursor alone: no filters, no limit
            Response page = given().queryParam("cursor", cursor).get("/api/v1/videos");
            page.then()
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].status", equalTo("failed"))
                    .body("data[0].prompt", org.hamcrest.Matchers.containsString(t));
            seen.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
            pages++;
        }
        assertEquals(4, pages);
        assertEquals(failed, seen, "every failed job once, newest first, and nothing else");

        String second = first.path("next_cursor");
        // the same filters again are fine; different ones are refused, naming the cursor
        given().queryParam("q", t)
                .queryParam("status", "failed")
                .queryParam("cursor", second)
                .get("/api/v1/videos")
                .then()
                .statusCode(200)
                .body("data.id", contains(failed.get(1)));
        given().queryParam("status", "completed")
                .queryParam("cursor", second)
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"))
                .body("detail", org.hamcrest.Matchers.containsString("status=failed"));
        given().queryParam("limit", 5)
                .queryParam("cursor", second)
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void newestAndOldestPageByDate() {
        String t = tag();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(parked("dated " + i + " " + t));
        }
        List<String> newest = new ArrayList<>(made);
        java.util.Collections.reverse(newest);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = given().queryParam("q", t)
                    .queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/videos");
            seen.addAll(page.path("data.id"));
            cursor = page.path("next_cursor");
        } while (cursor != null);
        assertEquals(newest, seen);
        assertEquals(made, ids("q=" + t + "&sort=oldest"));
        Response firstTwo = given().queryParam("q", t)
                .queryParam("sort", "oldest")
                .queryParam("limit", 2)
                .get("/api/v1/videos");
        given().queryParam("q", t)
                .queryParam("sort", "oldest")
                .queryParam("limit", 2)
                .queryParam("cursor", (String) firstTwo.path("next_cursor"))
                .get("/api/v1/videos")
                .then()
                .body("data.id", contains(made.get(2), made.get(3)));
    }

    @Test
    void badParametersAre400sNamingTheField() {
        for (String[] bad : new String[][] {
            {"mode", "video"},
            {"from", "yesterday"},
            {"to", "2020-13-01"},
            {"min_cost", "cheap"},
            {"max_cost", "-1"},
            {"sort", "random"},
            {"cursor", "zz"},
            {"limit", "0"},
            {"status", "done"}
        }) {
            given().queryParam(bad[0], bad[1])
                    .get("/api/v1/videos")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[0]));
        }
        given().queryParam("from", "2021-01-02")
                .queryParam("to", "2021-01-01")
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().queryParam("min_cost", "2")
                .queryParam("max_cost", "1")
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("max_cost"));
        given().queryParam("q", "a b c d e f g h i j k l m")
                .get("/api/v1/videos")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void theEffectiveCostFollowsTheProvidersFigure() {
        String id = parked("effective cost " + tag());
        GenerationJob job = Ledger.find(id);
        assertEquals(0, job.effectiveCostUsd.signum(), "a free preview");
        set(id, j -> j.costUsd = new BigDecimal("1.25"));
        assertEquals(0, new BigDecimal("1.25").compareTo(Ledger.find(id).effectiveCostUsd));
        assertNull(Ledger.find(id).retryOf);
        given().get("/api/v1/videos/" + id).then().body("retry_of", org.hamcrest.Matchers.nullValue());
    }
}
