package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Videos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry, cancel, ZIP downloads and live events through the API. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class JobActionsApiTest {

    private static List<String> videos;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Inject
    MediaStore media;

    @TestHTTPResource("/api/v1/videos/events")
    URL events;

    final Path tmp;

    {
        try {
            tmp = Files.createTempDirectory("studio-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        Videos.deleteQuietly(jobs, created);
    }

    private List<String> videos() {
        if (videos == null) {
            videos = Videos.finished(
                    jobs,
                    worker,
                    "4:3",
                    List.of("Zip clip: a red kite", "Zip clip: a red kite", "Zip clip: fireflies at dusk"));
        }
        return videos;
    }

    /**
     * The documents' fields, in order: OpenRouter's SDKs need their fields present (null where unknown), and the
     * studio's own appear only where they mean something.
     */
    @Test
    void statusDocumentsKeepTheirFieldsAndOrder() {
        List<String> studio = List.of(
                "state",
                "route",
                "mode",
                "prompt",
                "duration",
                "resolution",
                "aspect_ratio",
                "size",
                "seed",
                "estimated_cost",
                "error_category",
                "created_at",
                "submitted_at",
                "completed_at");
        String waiting = queued("shape of a waiting job");
        List<String> waitingKeys =
                new ArrayList<>(List.of("id", "polling_url", "status", "model", "progress", "estimated_seconds_left"));
        waitingKeys.addAll(studio);
        waitingKeys.add("input_count");
        assertEquals(
                concat(waitingKeys, "inputs", "timeline", "retry_of"), keys(given().get("/api/v1/videos/" + waiting)));
        List<String> cancelled = keys(given().post("/api/v1/videos/" + waiting + "/cancel"));
        assertEquals(
                List.of("usage", "input_count", "timeline"),
                List.of(cancelled.get(4), cancelled.get(cancelled.size() - 2), cancelled.get(cancelled.size() - 1)),
                cancelled.toString());

        String done = videos().get(0);
        List<String> doneKeys =
                new ArrayList<>(List.of("id", "polling_url", "status", "model", "unsigned_urls", "usage", "progress"));
        doneKeys.addAll(studio);
        doneKeys.addAll(List.of("poster_url", "input_count"));
        Response get = given().get("/api/v1/videos/" + done);
        assertEquals(concat(doneKeys, "inputs", "timeline", "retry_of"), keys(get));
        assertEquals(
                List.of("cost", "is_byok"),
                new ArrayList<>(get.jsonPath().<String, Object>getMap("usage").keySet()));
        assertEquals(
                List.of("status", "at", "message"),
                new ArrayList<>(
                        get.jsonPath().<String, Object>getMap("timeline[0]").keySet()));
        Response page =
                given().queryParam("q", "Zip clip").queryParam("limit", 1).get("/api/v1/videos");
        assertEquals(List.of("data", "has_more", "next_cursor"), keys(page));
        assertEquals(
                doneKeys,
                new ArrayList<>(
                        page.jsonPath().<String, Object>getMap("data[0]").keySet()));
        Response retried = given().post("/api/v1/videos/" + done + "/retry");
        created.add(retried.jsonPath().getString("id"));
        assertEquals("retry_of", keys(retried).get(keys(retried).size() - 1));
        assertEquals(
                List.of("id", "polling_url", "status"),
                keys(given().contentType(ContentType.JSON)
                        .body("{\"prompt\":\"shape of an answer\",\"duration\":1}")
                        .post("/api/v1/videos")));
        created.add(given().queryParam("q", "shape of an answer")
                .get("/api/v1/videos")
                .jsonPath()
                .getString("data[0].id"));
    }

    private static List<String> keys(Response r) {
        return new ArrayList<>(r.then()
                .statusCode(org.hamcrest.Matchers.lessThan(300))
                .extract()
                .jsonPath()
                .<String, Object>getMap("")
                .keySet());
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    private String queued(String prompt) {
        String id = jobs.create(new JobRequest(null, prompt, 1, "480p", "1:1", null, null, null), null)
                .job()
                .publicId;
        created.add(id);
        return id;
    }

    /** Puts a job in a state the way the poller would have left it, and keeps the poller off it. */
    private static void leave(String id, JobStatus status) {
        QuarkusTransaction.requiringNew().run(() -> {
            GenerationJob job = GenerationJob.findByPublicId(id);
            job.status = status;
            if (status != JobStatus.QUEUED && status != JobStatus.SUBMITTING) {
                job.providerJobId = "preview-" + id;
                job.submittedAt = Instant.now();
            }
            job.nextAttemptAt = Instant.now().plusSeconds(3600);
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Cancel

    @Test
    void aQueuedJobIsCancelledInTheStudioAndNeverSent() {
        String id = queued("cancel me while queued");
        given().post("/api/v1/videos/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("state", equalTo("cancelled"))
                .body("error", containsString("nothing was charged"))
                .body("timeline.status", hasItem("cancelled"));
        worker.tick().join();
        worker.tick().join();
        GenerationJob job = Ledger.find(id);
        assertEquals(JobStatus.CANCELLED, job.status);
        assertEquals(0, job.submitAttempts, "never sent");
        assertNull(job.nextAttemptAt);
        assertNull(job.leaseOwner);
        given().post("/api/v1/videos/" + id + "/cancel")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already ended"));
    }

    @Test
    void aRunningPreviewIsCancelledWithAnHonestWordAboutBilling() {
        String id = queued("cancel me while running");
        leave(id, JobStatus.RUNNING);
        // the free preview stops on this machine: no word of billing that cannot happen
        given().post("/api/v1/videos/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("error", containsString("the preview render stopped"))
                .body("error", containsString("nothing was charged"))
                .body("error", not(containsString("bill")));
        GenerationJob job = Ledger.find(id);
        assertEquals(JobStatus.CANCELLED, job.status);
        assertEquals(ErrorCategory.CANCELLED, job.errorCategory);
        assertNull(job.nextAttemptAt, "the studio stops polling");
        var last = QuarkusTransaction.requiringNew().call(() -> JobEvent.forJob(job.id));
        assertEquals(JobStatus.RUNNING, last.get(last.size() - 1).fromStatus);
        assertEquals(JobStatus.CANCELLED, last.get(last.size() - 1).toStatus);
        assertTrue(last.get(last.size() - 1).message.contains("Previews are free"));
        given().get("/jobs/" + id)
                .then()
                .statusCode(200)
                .body(containsString("<div class=\"alert muted\" role=\"status\">"))
                .body(not(containsString("role=\"alert\"")));
        worker.tick().join();
        assertEquals(JobStatus.CANCELLED, Ledger.find(id).status, "the poller leaves it alone");
    }

    @Test
    void aJobBeingSentOrCopiedOrFinishedCannotBeCancelled() {
        String sending = queued("cancel while sending");
        leave(sending, JobStatus.SUBMITTING);
        given().post("/api/v1/videos/" + sending + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", containsString("being sent"))
                .body("detail", containsString("try again in a moment"));
        assertEquals(JobStatus.SUBMITTING, Ledger.find(sending).status);

        String copying = queued("cancel while copying");
        leave(copying, JobStatus.DOWNLOADING);
        given().post("/api/v1/videos/" + copying + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", containsString("paid"))
                .body("detail", containsString("is being copied into the studio"));
        assertEquals(JobStatus.DOWNLOADING, Ledger.find(copying).status);

        given().post("/api/v1/videos/" + videos().get(0) + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", containsString("already ended"));
        given().post("/api/v1/videos/NoSuchJob00000000000/cancel").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------
    // Retry

    @Test
    void aRetryRepeatsTheJobWithCopiesOfItsInputsAndPointsBack() throws Exception {
        byte[] png = Images.encode(Images.quadrants(160, 90), "png");
        String original = given().contentType(ContentType.JSON)
                .body(
                        "{\"prompt\":\"retry with a first frame\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\",\"seed\":99,"
                                + "\"frame_images\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                                + Images.dataUrl(png, "image/png")
                                + "\"},\"frame_type\":\"first_frame\"}]}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        created.add(original);
        given().post("/api/v1/videos/" + original + "/retry")
                .then()
                .statusCode(409)
                .body("detail", containsString("still"));
        QuarkusTransaction.requiringNew().run(() -> {
            GenerationJob j = GenerationJob.findByPublicId(original);
            j.status = JobStatus.FAILED;
            j.errorCategory = ErrorCategory.REJECTED;
            j.nextAttemptAt = null;
        });

        Response retried = given().post("/api/v1/videos/" + original + "/retry");
        retried.then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/videos/"))
                .body("retry_of", equalTo(original))
                .body("status", equalTo("pending"))
                .body("prompt", equalTo("retry with a first frame"))
                .body("mode", equalTo("image"))
                .body("duration", equalTo(1))
                .body("resolution", equalTo("480p"))
                .body("aspect_ratio", equalTo("16:9"))
                .body("seed", equalTo(99))
                .body("model", equalTo("local/preview"))
                .body("route", equalTo("local"))
                .body("input_count", equalTo(1));
        String copy = retried.path("id");
        created.add(copy);
        assertNotEquals(original, copy);
        given().get("/api/v1/videos/" + copy)
                .then()
                .body("retry_of", equalTo(original))
                .body("inputs[0].role", equalTo("first_frame"));
        byte[] stored = given().get("/api/v1/videos/" + copy + "/inputs/0")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertArrayEquals(png, stored);
        Path copied = Files.list(media.jobDir(copy))
                .filter(p -> p.getFileName().toString().startsWith("input-0"))
                .findFirst()
                .orElseThrow();
        assertTrue(Files.exists(copied), "the retry has its own copy of the input");
        assertEquals(Ledger.find(original).id, Ledger.find(copy).retryOf);

        // the original can go; the retry keeps its inputs and loses only the link
        given().delete("/api/v1/videos/" + original).then().statusCode(204);
        given().get("/api/v1/videos/" + copy).then().statusCode(200).body("retry_of", nullValue());
        assertTrue(Files.exists(copied));
        given().post("/api/v1/videos/NoSuchJob00000000000/retry").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------
    // ZIP

    @Test
    void selectedVideosDownloadAsAStreamedZipOfIntactFiles() throws Exception {
        List<String> v = videos();
        Response zip = given().contentType(ContentType.JSON)
                .body("{\"ids\":[\"" + v.get(0) + "\",\"" + v.get(1) + "\",\"" + v.get(2) + "\",\"" + v.get(0) + "\"]}")
                .post("/api/v1/videos/zip");
        zip.then()
                .statusCode(200)
                .contentType("application/zip")
                .header(
                        "Content-Disposition",
                        matchesPattern("attachment; filename=\"imagine-videos-[0-9]{8}-[0-9]{6}\\.zip\""))
                .header("Transfer-Encoding", "chunked");
        Set<String> names = new HashSet<>();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                assertEquals(ZipEntry.STORED, e.getMethod());
                assertTrue(
                        e.getName().matches("\\d{4}-\\d{2}-\\d{2}-zip-clip-[a-z-]+-[A-Za-z0-9]{20}\\.mp4"),
                        e.getName());
                assertTrue(names.add(e.getName()), "unique names: " + e.getName());
                String id = e.getName()
                        .substring(e.getName().length() - 24, e.getName().length() - 4);
                Path file = tmp.resolve(e.getName());
                Files.write(file, in.readAllBytes());
                byte[] original = given().get("/api/v1/videos/" + id + "/content")
                        .then()
                        .extract()
                        .asByteArray();
                assertArrayEquals(original, Files.readAllBytes(file));
                Mp4Probe.Info info = Mp4Probe.inspect(file);
                assertEquals(640, info.width());
                assertEquals(24, info.frameCount());
            }
        }
        assertEquals(3, entries, "each video once, also when asked twice");

        given().queryParam("ids", v.get(2) + "," + v.get(1))
                .get("/api/v1/videos/zip")
                .then()
                .statusCode(200)
                .contentType("application/zip")
                .header("Content-Disposition", containsString("attachment"));
    }

    @Test
    void aZipOfNothingOrOfUnfinishedOrUnknownJobsIsRefusedCleanly() {
        given().contentType(ContentType.JSON)
                .body("{\"ids\":[]}")
                .post("/api/v1/videos/zip")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("ids"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/videos/zip")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ids"));
        given().get("/api/v1/videos/zip").then().statusCode(400).body("errors[0].field", equalTo("ids"));
        String waiting = queued("not in a zip yet");
        given().contentType(ContentType.JSON)
                .body("{\"ids\":[\"" + videos().get(0) + "\",\"" + waiting + "\"]}")
                .post("/api/v1/videos/zip")
                .then()
                .statusCode(409)
                .body("detail", containsString(waiting));
        given().queryParam("ids", "NoSuchJob00000000000")
                .get("/api/v1/videos/zip")
                .then()
                .statusCode(404);
    }

    @Test
    void severalJobsAreDeletedTogetherOrNotAtAll() {
        String a = queued("bulk delete a");
        String b = queued("bulk delete b");
        given().contentType(ContentType.JSON)
                .body("{\"ids\":[\"" + a + "\",\"NoSuchJob00000000000\"]}")
                .post("/api/v1/videos/delete")
                .then()
                .statusCode(404);
        given().get("/api/v1/videos/" + a).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"ids\":[\"" + a + "\",\"" + b + "\"]}")
                .post("/api/v1/videos/delete")
                .then()
                .statusCode(200)
                .body("deleted", equalTo(2));
        given().get("/api/v1/videos/" + a).then().statusCode(404);
        given().get("/api/v1/videos/" + b).then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------------------
    // Live events and estimates

    @Test
    void committedChangesArriveAsServerSentEvents() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(
                HttpRequest.newBuilder(events.toURI())
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get(30, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // the first ping says the stream is subscribed: changes made from now on are seen
            long open = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String first;
            do {
                first = lines.poll(1, TimeUnit.SECONDS);
            } while ((first == null || !first.contains("\"ping\"")) && System.nanoTime() < open);
            assertTrue(first != null && first.contains("ping"), "a ping opens the stream");
            String id = queued("watched live");
            given().post("/api/v1/videos/" + id + "/cancel").then().statusCode(200);
            boolean queuedSeen = false;
            boolean cancelledSeen = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(queuedSeen && cancelledSeen) && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null || !line.startsWith("data:") || !line.contains("\"" + id + "\"")) {
                    continue;
                }
                queuedSeen |= line.contains("\"state\":\"queued\"");
                cancelledSeen |= line.contains("\"state\":\"cancelled\"") && line.contains("\"terminal\":true");
            }
            assertTrue(queuedSeen, "the new job was announced");
            assertTrue(cancelledSeen, "its cancellation was announced");
        } finally {
            stream.body().close();
        }
    }

    @Test
    void runningJobsCarryAnEstimateFromRecentJobsOfTheirKind() {
        videos();
        String id = queued("how long will this take");
        QuarkusTransaction.requiringNew()
                .run(() -> GenerationJob.update("nextAttemptAt = null where publicId = ?1", id));
        // a 1 s 480p preview: 1:1 jobs of the same route, resolution and length bucket have finished
        given().get("/api/v1/videos/" + id).then().body("estimated_seconds_left", notNullValue());
        given().get("/api/v1/videos/" + videos().get(0)).then().body("estimated_seconds_left", nullValue());
        assertFalse(given().get("/api/v1/videos/" + videos().get(0)).asString().contains("estimated_seconds_left"));
        assertEquals(5, JobTimings.bucket(1));
        assertEquals(5, JobTimings.bucket(5));
        assertEquals(10, JobTimings.bucket(6));
        assertEquals(15, JobTimings.bucket(15));
    }
}
