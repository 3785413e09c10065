package dev.imaginestudio.account;

import static dev.imaginestudio.testing.Members.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Member A's jobs, inputs, videos, collections, shares and uploads are invisible to member B: every address answers
 * B with 404, as for something that does not exist, and B's lists and searches never show them. The admin sees them.
 */
@QuarkusTest
class OwnershipTest {

    @Inject
    JobWorker worker;

    private String a;
    private String b;
    private String prompt;
    private String video;
    private String collection;
    private String share;
    private String upload;

    @BeforeEach
    void aliceMakesThings() {
        a = Members.create("alice").token();
        b = Members.create("bob").token();
        prompt = "A heron lifting off a misty pond " + UUID.randomUUID();
        String png = Images.pngDataUrl(Images.solid(64, 36, Color.ORANGE));
        video = as(a).contentType(ContentType.JSON)
                .body("{\"model\":\"local/preview\",\"prompt\":\"" + prompt
                        + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\","
                        + "\"frame_images\":[{\"type\":\"image_url\",\"frame_type\":\"first_frame\","
                        + "\"image_url\":{\"url\":\"" + png + "\"}}]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        GenerationJob done = Ledger.runUntilTerminal(worker, video);
        assertEquals(JobStatus.SUCCEEDED, done.status, () -> "the preview ended " + done.status);
        collection = as(a).contentType(ContentType.JSON)
                .body("{\"name\":\"Herons\",\"videos\":[\"" + video + "\"]}")
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        share = as(a).contentType(ContentType.JSON)
                .body("{\"video\":\"" + video + "\"}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String staged = as(a).multiPart(
                        "file", "frame.png", Images.encode(Images.solid(64, 36, Color.BLUE), "png"), "image/png")
                .post("/uploads")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        upload = staged.substring("upload:".length());
    }

    /**
     * {@code hidden}: what the address answers for a job that does not exist (404; htmx fragments that poll answer
     * 286, "stop polling", for a job that is gone, so that is what Bob must get too).
     */
    private record Call(String name, Function<RequestSpecification, Response> send, int hidden) {
        Call(String name, Function<RequestSpecification, Response> send) {
            this(name, send, 404);
        }
    }

    private List<Call> everyAddressOfAlicesThings() {
        List<Call> calls = new ArrayList<>();
        String json = "application/json";
        calls.add(new Call("GET video", r -> r.get("/api/v1/videos/" + video)));
        calls.add(new Call("GET content", r -> r.get("/api/v1/videos/" + video + "/content")));
        calls.add(new Call("GET poster", r -> r.get("/api/v1/videos/" + video + "/poster.jpg")));
        calls.add(new Call("GET input", r -> r.get("/api/v1/videos/" + video + "/inputs/0")));
        calls.add(new Call("POST cancel", r -> r.post("/api/v1/videos/" + video + "/cancel")));
        calls.add(new Call("POST retry", r -> r.post("/api/v1/videos/" + video + "/retry")));
        calls.add(new Call(
                "POST zip",
                r -> r.contentType(json).body("{\"ids\":[\"" + video + "\"]}").post("/api/v1/videos/zip")));
        calls.add(new Call("GET zip", r -> r.get("/api/v1/videos/zip?ids=" + video)));
        calls.add(new Call(
                "POST bulk delete",
                r -> r.contentType(json).body("{\"ids\":[\"" + video + "\"]}").post("/api/v1/videos/delete")));
        calls.add(new Call("DELETE video", r -> r.delete("/api/v1/videos/" + video)));
        calls.add(new Call("GET collection", r -> r.get("/api/v1/collections/" + collection)));
        calls.add(new Call(
                "PATCH collection",
                r -> r.contentType(json).body("{\"name\":\"Mine now\"}").patch("/api/v1/collections/" + collection)));
        calls.add(new Call(
                "POST collection items",
                r -> r.contentType(json)
                        .body("{\"videos\":[\"" + video + "\"]}")
                        .post("/api/v1/collections/" + collection + "/items")));
        calls.add(new Call(
                "DELETE collection item", r -> r.delete("/api/v1/collections/" + collection + "/items/" + video)));
        calls.add(new Call("DELETE collection", r -> r.delete("/api/v1/collections/" + collection)));
        calls.add(new Call(
                "POST share of the video",
                r -> r.contentType(json).body("{\"video\":\"" + video + "\"}").post("/api/v1/shares")));
        calls.add(new Call(
                "POST share of the collection",
                r -> r.contentType(json)
                        .body("{\"collection\":\"" + collection + "\"}")
                        .post("/api/v1/shares")));
        calls.add(new Call("GET share", r -> r.get("/api/v1/shares/" + share)));
        calls.add(new Call("DELETE share", r -> r.delete("/api/v1/shares/" + share)));
        calls.add(new Call("page job", r -> r.get("/jobs/" + video)));
        calls.add(new Call("page job live", r -> r.get("/jobs/" + video + "/live"), 286));
        calls.add(new Call("page history row", r -> r.get("/jobs/" + video + "/row"), 286));
        calls.add(new Call("page sharing panel", r -> r.get("/videos/" + video + "/panel")));
        calls.add(new Call("page cancel", r -> r.redirects().follow(false).post("/jobs/" + video + "/cancel")));
        calls.add(new Call("page retry", r -> r.redirects().follow(false).post("/jobs/" + video + "/retry")));
        calls.add(new Call("page delete", r -> r.redirects().follow(false).post("/jobs/" + video + "/delete")));
        calls.add(new Call(
                "page bulk delete",
                r -> r.redirects().follow(false).formParam("ids", video).post("/jobs/bulk/delete")));
        calls.add(new Call(
                "page bulk zip",
                r -> r.redirects().follow(false).formParam("ids", video).post("/jobs/bulk/zip")));
        calls.add(new Call("page collection", r -> r.get("/collections/" + collection)));
        calls.add(new Call(
                "page collection delete",
                r -> r.redirects().follow(false).post("/collections/" + collection + "/delete")));
        calls.add(new Call("page share revoke", r -> r.redirects().follow(false).post("/shares/" + share + "/revoke")));
        calls.add(new Call("staged upload", r -> r.get("/uploads/" + upload)));
        return calls;
    }

    @Test
    void anotherMemberGets404FromEveryAddressAndAliceStillHasEverything() {
        Map<String, Integer> notHidden = new LinkedHashMap<>();
        for (Call call : everyAddressOfAlicesThings()) {
            Response r = call.send().apply(as(b));
            if (r.statusCode() != call.hidden() || r.asString().contains(prompt)) {
                notHidden.put(call.name(), r.statusCode());
            }
        }
        assertEquals(Map.of(), notHidden, "addresses that answered Bob otherwise than for a job that does not exist");
        // nothing of Alice's changed by Bob's attempts
        as(a).get("/api/v1/videos/" + video).then().statusCode(200).body("status", equalTo("completed"));
        as(a).get("/api/v1/videos/" + video + "/content").then().statusCode(200);
        as(a).get("/api/v1/collections/" + collection).then().statusCode(200).body("name", equalTo("Herons"));
        as(a).get("/api/v1/shares/" + share).then().statusCode(200);
        as(a).get("/uploads/" + upload).then().statusCode(200);
        // the public share page is still public, by token only
        io.restassured.RestAssured.given().get("/s/" + share).then().statusCode(200);
    }

    @Test
    void listsAndSearchesShowOnlyTheCallersOwn() {
        String word = prompt.substring(prompt.lastIndexOf(' ') + 1);
        as(b).get("/api/v1/videos?q=" + word).then().statusCode(200).body("data", empty());
        as(a).get("/api/v1/videos?q=" + word).then().statusCode(200).body("data.id", hasItem(video));
        as(b).get("/api/v1/collections").then().statusCode(200).body("data.id", not(hasItem(collection)));
        as(b).get("/api/v1/shares").then().statusCode(200).body("data.token", not(hasItem(share)));
        as(b).get("/jobs?q=" + word).then().statusCode(200).body(not(containsString(video)));
        as(b).get("/gallery").then().statusCode(200).body(not(containsString(video)));
        as(b).get("/collections").then().statusCode(200).body(not(containsString(collection)));
        // the admin sees everyone's
        Members.asAdmin().get("/api/v1/videos?q=" + word).then().statusCode(200).body("data.id", hasItem(video));
        Members.asAdmin().get("/api/v1/videos/" + video).then().statusCode(200);
        // marked by owner on the admin's pages
        Members.asAdmin()
                .get("/jobs?q=" + word)
                .then()
                .statusCode(200)
                .body(containsString("class=\"job-owner\" title=\"Owner\">alice-"));
        Members.asAdmin().get("/jobs/" + video).then().statusCode(200).body(containsString("By <strong>alice-"));
    }

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/videos/events")
    java.net.URL events;

    @Test
    void anotherMembersEventStreamNeverCarriesAlicesJobs() throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(events.toURI())
                                .header("Accept", "text/event-stream")
                                .header("Authorization", "Bearer " + b)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "bob-events");
        reader.setDaemon(true);
        reader.start();
        try {
            String line;
            do {
                line = lines.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            } while (line != null && !line.contains("\"ping\""));
            assertTrue(line != null, "Bob's stream opened with a ping");
            // Alice's change first, then Bob's own: the stream is in commit order, so had Alice's been visible to
            // Bob it would have come before his
            String alices = queued(a, "Alice's secret storyboard");
            String bobs = queued(b, "Bob's own kite");
            List<String> seen = new ArrayList<>();
            do {
                line = lines.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                if (line != null && line.startsWith("data:")) {
                    seen.add(line);
                }
            } while (line != null && !line.contains(bobs));
            assertTrue(line != null, "Bob's own job reached his stream: " + seen);
            assertTrue(
                    seen.stream().noneMatch(l -> l.contains(alices) || l.contains("secret storyboard")),
                    "Alice's job reached Bob's stream: " + seen);
        } finally {
            stream.body().close();
        }
    }

    private static String queued(String token, String prompt) {
        return as(token)
                .contentType(ContentType.JSON)
                .body("{\"model\":\"local/preview\",\"prompt\":\"" + prompt
                        + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\"}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    @Test
    void aCreateFormCannotUseAnotherMembersUpload() {
        String page = as(b).multiPart("prompt", "A kite over a beach")
                .multiPart("mode", "image")
                .multiPart("model", "local/preview")
                .multiPart("duration", "1")
                .multiPart("resolution", "480p")
                .multiPart("aspect_ratio", "16:9")
                .multiPart("first_frame", "upload:" + upload)
                .post("/jobs")
                .then()
                .extract()
                .asString();
        assertTrue(
                page.contains("id=\"create-form\""), "Bob's form comes back instead of a job made from Alice's image");
    }
}
