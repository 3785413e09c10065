package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.common.Ids;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Share links through the API and the public pages and media they open. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class ShareApiTest {

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
                    "16:9",
                    List.of("A lighthouse beam sweeping the fog", "A hidden garden behind a wall"));
        }
        return videos;
    }

    private static Response share(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/shares");
    }

    private static String token(String body) {
        return share(body).then().statusCode(201).extract().path("token");
    }

    @Test
    void aLongPromptIsClampedWithMoreSoTheVideoLeads() {
        String prompt = "A very long description of a slow crane shot over a harbour at dusk, gulls circling. "
                .repeat(5)
                .strip();
        String video = Videos.finished(jobs, worker, "16:9", List.of(prompt)).get(0);
        String page = given().get("/s/" + token("{\"video\":\"" + video + "\"}"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        int player = page.indexOf("<video class=\"player\"");
        int details = page.indexOf("<details class=\"prompt-more\">");
        org.junit.jupiter.api.Assertions.assertTrue(
                player > 0 && details > player, "the video first, then the clamped prompt");
        org.junit.jupiter.api.Assertions.assertTrue(page.contains("Show the whole prompt"));
        org.junit.jupiter.api.Assertions.assertTrue(
                page.contains("<p class=\"shared-prompt\">" + prompt + "</p>"), "the whole prompt behind more");
        // a short prompt is shown as it is
        String shortPage = given().get("/s/" + token("{\"video\":\"" + videos().get(0) + "\"}"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertFalse(shortPage.contains("prompt-more"));
    }

    @Test
    void aVideoLinkHasAnUnguessableTokenAndOpensAPublicPage() {
        String video = videos().get(0);
        Response created = share("{\"video\":\"" + video + "\"}");
        created.then()
                .statusCode(201)
                .body("token", matchesPattern("[A-Za-z0-9_-]{24}"))
                .body("url", endsWith("/s/" + created.path("token")))
                .body("video", equalTo(video))
                .body("show_prompt", equalTo(true))
                .body("created_at", notNullValue())
                .body("expires_at", nullValue())
                .body("expired", equalTo(false))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("collection")));
        String token = created.path("token");
        assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128, "at least 128 random bits");

        String html = given().when()
                .get("/s/" + token)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", containsString("no-store"))
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("A lighthouse beam sweeping the fog"))
                .body(matchesPattern("(?s).*src=\"http://[^\"/]+/s/" + token + "/video\\.mp4\".*"))
                .body(matchesPattern("(?s).*poster=\"http://[^\"/]+/s/" + token + "/poster\\.jpg\".*"))
                .extract()
                .asString();
        // nothing of the studio: no job ids, no navigation, no API or private pages
        assertFalse(html.contains(video), "no job id on a share page");
        assertFalse(html.contains("/api/"), "no API address on a share page");
        assertFalse(html.contains("/jobs"), "no link into the history");
        assertFalse(html.contains("href=\"/\""), "no link to the studio");
        assertFalse(html.contains("class=\"nav\""), "no studio navigation");
        assertFalse(html.contains("/gallery") || html.contains("/settings") || html.contains("/collections"));
        assertFalse(html.contains("studio.js"), "no studio script");
    }

    @Test
    void severalLinksPerVideoAreListedNewestFirstWithWhenEachWasMade() {
        String video = videos().get(1);
        String first = token("{\"video\":\"" + video + "\"}");
        String second = token("{\"video\":\"" + video + "\",\"expires_in\":3600,\"show_prompt\":false}");
        assertFalse(first.equals(second));
        Response list = given().queryParam("video", video).get("/api/v1/shares");
        list.then()
                .statusCode(200)
                .body("data.find { it.token == '" + second + "' }.expires_at", notNullValue())
                .body("data.find { it.token == '" + second + "' }.show_prompt", equalTo(false))
                .body("data.find { it.token == '" + first + "' }.expires_at", nullValue())
                .body("data.video", org.hamcrest.Matchers.everyItem(equalTo(video)));
        List<String> tokens = list.path("data.token");
        List<String> made = list.path("data.created_at");
        assertTrue(
                tokens.indexOf(second) >= 0 && tokens.indexOf(second) < tokens.indexOf(first),
                "newest first: " + tokens);
        for (int i = 1; i < made.size(); i++) {
            assertTrue(
                    Instant.parse(made.get(i - 1)).compareTo(Instant.parse(made.get(i))) >= 0, "newest first: " + made);
        }
        given().get("/api/v1/shares/" + second).then().statusCode(200).body("video", equalTo(video));

        // the owner hid the prompt: neither the page nor its tags show it
        given().get("/s/" + second)
                .then()
                .statusCode(200)
                .body(not(containsString("hidden garden")))
                .body(containsString("A shared video"));
        given().get("/s/" + first).then().statusCode(200).body(containsString("A hidden garden behind a wall"));
    }

    @Test
    void sharedMediaAnswerRangesUnderTheShareAddress() {
        String token = token("{\"video\":\"" + videos().get(0) + "\"}");
        byte[] whole = given().get("/api/v1/videos/" + videos().get(0) + "/content")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        byte[] part = given().header("Range", "bytes=0-99")
                .get("/s/" + token + "/video.mp4")
                .then()
                .statusCode(206)
                .contentType("video/mp4")
                .header("Content-Range", "bytes 0-99/" + whole.length)
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", containsString("no-cache"))
                .extract()
                .asByteArray();
        assertArrayEquals(java.util.Arrays.copyOf(whole, 100), part);
        byte[] all = given().get("/s/" + token + "/video.mp4")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(whole, all);
        given().get("/s/" + token + "/poster.jpg").then().statusCode(200).contentType("image/jpeg");
        given().get("/s/" + token + "/1/video.mp4").then().statusCode(200);
        given().get("/s/" + token + "/2/video.mp4").then().statusCode(404);
        // job ids do not open anything under a share
        given().get("/s/" + token + "/" + videos().get(1) + "/video.mp4").then().statusCode(404);
    }

    @Test
    void aCollectionLinkShowsItsVideosInOrderByPlace() {
        String c = given().contentType(ContentType.JSON)
                .body("{\"name\":\"Shared pair\",\"videos\":[\"" + videos().get(1) + "\",\"" + videos().get(0) + "\"]}")
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Response created = share("{\"collection\":\"" + c + "\"}");
        created.then().statusCode(201).body("collection", equalTo(c));
        String token = created.path("token");
        String html = given().get("/s/" + token)
                .then()
                .statusCode(200)
                .body(containsString("<h1>Shared pair</h1>"))
                .body(containsString("/s/" + token + "/1/video.mp4"))
                .body(containsString("/s/" + token + "/2/video.mp4"))
                .extract()
                .asString();
        assertTrue(html.indexOf("hidden garden") < html.indexOf("lighthouse"), "the collection's order");
        assertFalse(html.contains(c) || html.contains(videos().get(0)) || html.contains(videos().get(1)), "no ids");
        byte[] second = given().get("/s/" + token + "/2/video.mp4")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        byte[] original = given().get("/api/v1/videos/" + videos().get(0) + "/content")
                .then()
                .extract()
                .asByteArray();
        assertArrayEquals(original, second);
        given().header("Range", "bytes=10-19")
                .get("/s/" + token + "/1/video.mp4")
                .then()
                .statusCode(206);
        given().get("/s/" + token + "/2/poster.jpg").then().statusCode(200).contentType("image/jpeg");
        given().get("/s/" + token + "/3/video.mp4").then().statusCode(404);
        given().get("/s/" + token + "/0/video.mp4").then().statusCode(404);
        given().queryParam("collection", c).get("/api/v1/shares").then().body("data.token", contains(token));

        // deleting the collection kills its links; the videos stay
        given().delete("/api/v1/collections/" + c).then().statusCode(204);
        given().get("/s/" + token).then().statusCode(404);
        given().get("/api/v1/shares/" + token).then().statusCode(404);
    }

    @Test
    void revokingALinkIsImmediate() {
        String token = token("{\"video\":\"" + videos().get(0) + "\"}");
        given().get("/s/" + token).then().statusCode(200);
        given().delete("/api/v1/shares/" + token).then().statusCode(204);
        given().get("/s/" + token).then().statusCode(404);
        given().get("/s/" + token + "/video.mp4").then().statusCode(404);
        given().get("/s/" + token + "/poster.jpg").then().statusCode(404);
        given().delete("/api/v1/shares/" + token).then().statusCode(404).contentType("application/problem+json");
        given().queryParam("video", videos().get(0))
                .get("/api/v1/shares")
                .then()
                .body("data.token", not(org.hamcrest.Matchers.hasItem(token)));
    }

    @Test
    void expiryIsOptionalAndAnExpiredLinkIsGone() {
        String video = videos().get(0);
        String inAnHour = token(
                "{\"video\":\"" + video + "\",\"expires_at\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        given().get("/s/" + inAnHour).then().statusCode(200);

        share("{\"video\":\"" + video + "\",\"expires_at\":\"" + Instant.now().minusSeconds(60) + "\"}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("expires_at"));
        share("{\"video\":\"" + video + "\",\"expires_at\":\"tomorrow\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expires_at"));
        share("{\"video\":\"" + video + "\",\"expires_in\":0}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expires_in"));

        // the hour passes
        QuarkusTransaction.requiringNew()
                .run(() -> ShareLink.update(
                        "expiresAt = ?1 where token = ?2", Instant.now().minusSeconds(1), inAnHour));
        given().get("/s/" + inAnHour).then().statusCode(404);
        given().get("/s/" + inAnHour + "/video.mp4").then().statusCode(404);
        given().get("/api/v1/shares/" + inAnHour).then().statusCode(200).body("expired", equalTo(true));
    }

    @Test
    void unknownRevokedAndExpiredTokensLookTheSame() {
        String video = videos().get(1);
        String revoked = token("{\"video\":\"" + video + "\"}");
        given().delete("/api/v1/shares/" + revoked).then().statusCode(204);
        String expired = token("{\"video\":\"" + video + "\",\"expires_in\":3600}");
        QuarkusTransaction.requiringNew()
                .run(() -> ShareLink.update(
                        "expiresAt = ?1 where token = ?2", Instant.now().minusSeconds(5), expired));
        String unknown = Ids.token();

        for (String suffix : List.of("", "/video.mp4", "/poster.jpg", "/2/video.mp4", "/embed")) {
            Response a = given().get("/s/" + unknown + suffix);
            Response b = given().get("/s/" + revoked + suffix);
            Response c = given().get("/s/" + expired + suffix);
            Response d = given().get("/s/notEvenAToken" + suffix);
            for (Response r : List.of(a, b, c, d)) {
                assertEquals(404, r.statusCode(), suffix);
                assertEquals(a.asString(), r.asString(), "same body for " + suffix);
                assertEquals(headers(a), headers(r), "same headers for " + suffix);
            }
            assertFalse(a.asString().contains("class=\"nav\""), "the 404 shows nothing of the studio");
        }
    }

    @Test
    void otherMethodsAndAddressesUnderAShareAreTheSame404() {
        String token = token("{\"video\":\"" + videos().get(0) + "\"}");
        Response unknown = given().get("/s/" + Ids.token());
        for (Response r : List.of(
                given().post("/s/" + token),
                given().delete("/s/" + token + "/video.mp4"),
                given().get("/s/" + token + "/nothing/here/at/all"),
                given().get("/s/"),
                given().get("/s/" + token + "/1/poster.png"))) {
            assertEquals(404, r.statusCode());
            assertEquals(unknown.asString(), r.asString());
            assertFalse(r.asString().contains("class=\"nav\""));
        }
        given().get("/s/" + token).then().statusCode(200);
    }

    @Test
    void theApiIsDocumentedAndThePublicPagesAreNot() {
        String doc = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String path : List.of(
                "/api/v1/collections",
                "/api/v1/collections/{id}/items",
                "/api/v1/collections/{id}/items/{video}",
                "/api/v1/shares",
                "/api/v1/shares/{token}",
                "/api/v1/videos/{id}/cancel",
                "/api/v1/videos/{id}/retry",
                "/api/v1/videos/zip",
                "/api/v1/videos/delete",
                "/api/v1/videos/events")) {
            assertTrue(doc.contains("\"" + path + "\""), path + " is documented");
        }
        assertTrue(doc.contains("\"min_cost\"") && doc.contains("\"cursor\""), "the search parameters are documented");
        assertFalse(doc.contains("\"/s/{token}\""), "public share pages are no API");
        assertFalse(doc.contains("\"/collections\""), "pages are no API");
    }

    private static Map<String, String> headers(Response r) {
        return r.headers().asList().stream()
                .filter(h -> !h.getName().equalsIgnoreCase("Date"))
                .collect(Collectors.toMap(
                        h -> h.getName().toLowerCase(), Header::getValue, (x, y) -> x + "," + y, TreeMap::new));
    }

    @Test
    void deletingAVideoKillsItsLinks() {
        String doomed = Videos.finished(jobs, worker, "16:9", List.of("A sandcastle before the tide"))
                .get(0);
        String token = token("{\"video\":\"" + doomed + "\"}");
        given().get("/s/" + token + "/video.mp4").then().statusCode(200);
        given().delete("/api/v1/videos/" + doomed).then().statusCode(204);
        given().get("/s/" + token).then().statusCode(404);
        given().get("/s/" + token + "/video.mp4").then().statusCode(404);
        given().get("/api/v1/shares/" + token).then().statusCode(404);
        given().queryParam("video", doomed).get("/api/v1/shares").then().statusCode(404);
    }

    @Test
    void badRequestsNameTheField() {
        share("{}").then().statusCode(400).body("errors[0].field", equalTo("video"));
        share("{\"video\":\"" + videos().get(0) + "\",\"collection\":\"x\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("collection"));
        share("{\"video\":\"" + videos().get(0) + "\",\"show_prompt\":\"no\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("show_prompt"));
        share("{\"video\":\"NoSuchVideo000000000\"}").then().statusCode(404);
        share("{\"collection\":\"NoSuchCollection\"}").then().statusCode(404);
        String queued = jobs.create(new JobRequest(null, "not shareable yet", 1, "480p", "1:1", null, null, null), null)
                .job()
                .publicId;
        try {
            share("{\"video\":\"" + queued + "\"}")
                    .then()
                    .statusCode(409)
                    .body("detail", containsString("no finished video"));
        } finally {
            Videos.deleteQuietly(jobs, List.of(queued));
        }
        given().get("/api/v1/shares/NoSuchToken").then().statusCode(404);
    }
}
