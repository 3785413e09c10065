package dev.imaginestudio.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.crash.StudioProcess;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The studio's first promise under crashes: the packaged studio runs as its own process on its own data directory,
 * is killed with SIGKILL at random moments (a burst of submits; provider submits answered after 300 ms; downloads;
 * preview renders) and started again on the same data. Every job answered 202 must still exist, every job must end,
 * no job may reach the provider twice (the fake's request log), and no temporary or orphan file may be left.
 * Each kill schedule comes from a seed, named in every failure; {@code -Dcrash.seeds=N} runs more of them.
 */
class CrashRecoveryIT {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");
    /** A small real PNG, so that jobs with input images (stored before their row is committed) are crashed too. */
    private static final String PNG = Images.pngDataUrl(Images.quadrants(64, 48));

    private static FakeOpenRouter fake;

    @BeforeAll
    static void startFake() {
        fake = FakeOpenRouter.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    static Stream<Long> seeds() {
        int n = Integer.getInteger("crash.seeds", 1);
        long base = Long.getLong("crash.seed", 20261129L);
        return LongStream.range(0, n).mapToObj(i -> base + i * 7919);
    }

    private static Map<String, String> hosted(Path dir) {
        Map<String, String> p = new HashMap<>();
        p.put("studio.openrouter.api-key", FakeOpenRouter.DEFAULT_KEY);
        p.put("studio.openrouter.base-url", fake.baseUrl());
        p.put("studio.openrouter.poll.first-delay", "200ms");
        p.put("studio.openrouter.poll.max-interval", "400ms");
        p.put("studio.openrouter.connect-timeout", "2s");
        p.put("studio.openrouter.request-timeout", "10s");
        p.put("studio.poller.tick", "100ms");
        p.put("studio.limits.download-backoff", "100ms");
        p.put("studio.preview.first-poll", "100ms");
        p.put("studio.preview.max-poll-interval", "300ms");
        return p;
    }

    /**
     * Clients submit as fast as they can (text jobs and jobs with an input image) while the worker is off; the process
     * is killed mid-burst twice. Every job that was answered 202 is there after the restart.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyAcceptedJobSurvivesAKillDuringABurst(long seed, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Random random = new Random(seed);
        Map<String, String> props = new HashMap<>();
        props.put("studio.poller.enabled", "false");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (StudioProcess studio = new StudioProcess(tmp.resolve("data"), props).start()) {
            for (int kill = 0; kill < 2; kill++) {
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService clients = Executors.newFixedThreadPool(6);
                int round = kill;
                for (int c = 0; c < 6; c++) {
                    int client = c;
                    clients.submit(() -> {
                        for (int n = 0; !stop.get(); n++) {
                            String images = n % 3 == 0
                                    ? ",\"frame_images\":[{\"type\":\"image_url\",\"frame_type\":\"first_frame\","
                                            + "\"image_url\":{\"url\":\"" + PNG + "\"}}]"
                                    : "";
                            String body = "{\"model\":\"local/preview\",\"prompt\":\"burst " + round + "-" + client
                                    + "-" + n + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\""
                                    + images + "}";
                            try {
                                HttpResponse<String> r = studio.postJson("/api/v1/videos", body);
                                if (r.statusCode() == 202) {
                                    accepted.add(StudioProcess.json(r.body())
                                            .path("id")
                                            .asText());
                                }
                            } catch (IOException e) {
                                return; // the studio is gone
                            }
                        }
                        return;
                    });
                }
                waitFor(
                        () -> accepted.size() > 20,
                        Duration.ofSeconds(60),
                        "seed " + seed + ": the burst never got going");
                Thread.sleep(200 + random.nextInt(1500));
                studio.kill();
                stop.set(true);
                clients.shutdown();
                assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
                studio.start();
                List<String> lost = new ArrayList<>();
                for (String id : accepted) {
                    if (studio.job(id) == null) {
                        lost.add(id);
                    }
                }
                assertEquals(
                        List.of(),
                        lost,
                        "seed " + seed + ", kill " + (kill + 1) + ": jobs answered 202 and then lost, of "
                                + accepted.size());
            }
            assertNoLeftovers(studio, seed);
        }
    }

    /**
     * The worker runs text and image jobs on the hosted route (submits answered after 300 ms, downloads after 400 ms)
     * and preview renders while the process is killed five times at random moments. Afterwards every job ends,
     * none reached the provider twice, every finished video is whole, and nothing is left half-written.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void killsDuringSubmitsDownloadsAndRendersNeverPayTwice(long seed, @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Random random = new Random(seed);
        fake.reset();
        fake.inject(FakeOpenRouter.Endpoint.SUBMIT, Fault.slow(Duration.ofMillis(300)), 100_000);
        fake.inject(FakeOpenRouter.Endpoint.CONTENT, Fault.slow(Duration.ofMillis(400)), 100_000);
        fake.inject(FakeOpenRouter.Endpoint.CDN, Fault.slow(Duration.ofMillis(400)), 100_000);
        Map<String, String> prompts = new LinkedHashMap<>();
        try (StudioProcess studio = new StudioProcess(tmp.resolve("data"), hosted(tmp)).start()) {
            // a wave of new jobs before each kill, so that every kill finds submits, downloads and renders under way
            for (int kill = 1; kill <= 5; kill++) {
                for (int n = 0; n < 10; n++) {
                    int i = (kill - 1) * 10 + n;
                    boolean preview = i % 6 == 5;
                    String prompt = "seed " + seed + " job " + i;
                    String images = i % 4 == 1
                            ? ",\"frame_images\":[{\"type\":\"image_url\",\"frame_type\":\"first_frame\","
                                    + "\"image_url\":{\"url\":\"" + PNG + "\"}}]"
                            : "";
                    String body = "{\"model\":\"" + (preview ? "local/preview" : "x-ai/grok-imagine-video")
                            + "\",\"prompt\":\"" + prompt + "\",\"duration\":" + (preview ? 2 : 1)
                            + ",\"resolution\":\"480p\",\"aspect_ratio\":\"16:9\"" + images + "}";
                    HttpResponse<String> r = studio.postJson("/api/v1/videos", body);
                    assertEquals(202, r.statusCode(), "seed " + seed + ": " + r.body());
                    prompts.put(StudioProcess.json(r.body()).path("id").asText(), prompt);
                }
                killAt(kill, studio, random, seed);
                studio.start();
            }
            Map<String, JsonNode> ended = waitUntilAllEnd(studio, prompts.keySet(), seed);

            List<String> paidTwice = new ArrayList<>();
            for (Map.Entry<String, String> job : prompts.entrySet()) {
                int submits = fake.submitsWithPrompt(job.getValue()).size();
                if (submits > 1) {
                    paidTwice.add(job.getKey() + " (" + submits + " submits)");
                }
            }
            assertEquals(List.of(), paidTwice, "seed " + seed + ": jobs sent to the provider more than once");

            Map<String, Long> outcomes = ended.values().stream()
                    .collect(Collectors.groupingBy(
                            j -> j.path("state").asText()
                                    + (j.path("error_category").isNull()
                                            ? ""
                                            : ":" + j.path("error_category").asText()),
                            java.util.TreeMap::new,
                            Collectors.counting()));
            for (Map.Entry<String, JsonNode> e : ended.entrySet()) {
                JsonNode job = e.getValue();
                String state = job.path("state").asText();
                // the only honest failure a crash may cause: a submit whose answer the killed process never saw
                boolean unknownSubmit = "failed".equals(state)
                        && "submit_unknown".equals(job.path("error_category").asText());
                assertTrue(
                        "succeeded".equals(state) || unknownSubmit,
                        "seed " + seed + ": job " + e.getKey() + " ended " + state + " ("
                                + job.path("error_category").asText() + ": "
                                + job.path("error").asText() + "); all outcomes " + outcomes);
                if ("succeeded".equals(state)) {
                    Path video = studio.media().resolve(e.getKey()).resolve("output-0.mp4");
                    assertTrue(
                            Files.isRegularFile(video),
                            "seed " + seed + ": " + e.getKey() + " succeeded without its video");
                    dev.imaginestudio.media.Mp4Probe.Info info = dev.imaginestudio.media.Mp4Probe.inspect(video);
                    assertTrue(
                            info.frameCount() >= 24,
                            "seed " + seed + ": " + e.getKey() + " has a short video: " + info);
                }
            }
            System.out.printf("crash test seed %d: outcomes %s%n", seed, outcomes);
            assertNoLeftovers(studio, seed);
        }
    }

    /**
     * A normal stop (SIGTERM) while submits are in flight lets them finish and records their answers: after the
     * restart no job is an unknown submit, none is sent twice, and the stop logged no error.
     */
    @Test
    void aNormalStopDuringSubmitsLosesNothing(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        fake.reset();
        fake.inject(FakeOpenRouter.Endpoint.SUBMIT, Fault.slow(Duration.ofMillis(1500)), 100_000);
        Map<String, String> prompts = new LinkedHashMap<>();
        try (StudioProcess studio = new StudioProcess(tmp.resolve("data"), hosted(tmp)).start()) {
            for (int i = 0; i < 24; i++) {
                String prompt = "sigterm job " + i;
                HttpResponse<String> r = studio.postJson(
                        "/api/v1/videos",
                        "{\"model\":\"x-ai/grok-imagine-video\",\"prompt\":\"" + prompt
                                + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\"}");
                assertEquals(202, r.statusCode(), r.body());
                prompts.put(StudioProcess.json(r.body()).path("id").asText(), prompt);
            }
            waitFor(
                    () -> fake.requests(FakeOpenRouter.Endpoint.SUBMIT).size() >= 4,
                    Duration.ofSeconds(60),
                    "no submit reached the provider");
            int inFlight = fake.requests(FakeOpenRouter.Endpoint.SUBMIT).size();
            studio.terminate(Duration.ofSeconds(60));
            String stopLog = studio.log();
            List<String> errors = stopLog.lines()
                    .filter(l -> l.contains(" ERROR ") || l.contains("Exception"))
                    .toList();
            assertEquals(List.of(), errors, "a normal stop with " + inFlight + " submits in flight logged errors");

            studio.start();
            Map<String, JsonNode> ended = waitUntilAllEnd(studio, prompts.keySet(), 0);
            for (Map.Entry<String, JsonNode> e : ended.entrySet()) {
                assertEquals(
                        "succeeded",
                        e.getValue().path("state").asText(),
                        e.getKey() + ": " + e.getValue().path("error").asText());
                assertEquals(1, fake.submitsWithPrompt(prompts.get(e.getKey())).size(), e.getKey() + " submits");
            }
            assertNoLeftovers(studio, 0);
        }
    }

    /**
     * The first three kills of a schedule are chosen: while a submit is at the provider (its answer 300 ms away),
     * while a video is being copied, while a preview renders. The others fall at a random moment.
     */
    private static void killAt(int kill, StudioProcess studio, Random random, long seed) throws Exception {
        int submits = fake.requests(FakeOpenRouter.Endpoint.SUBMIT).size();
        int downloads = downloads();
        switch (kill) {
            case 1 ->
                waitFor(
                        () -> fake.requests(FakeOpenRouter.Endpoint.SUBMIT).size() > submits,
                        Duration.ofSeconds(60),
                        "seed " + seed + ": no submit to kill during");
            case 2 ->
                waitFor(
                        () -> downloads() > downloads,
                        Duration.ofSeconds(60),
                        "seed " + seed + ": no download to kill during");
            case 3 ->
                waitFor(() -> rendering(studio), Duration.ofSeconds(60), "seed " + seed + ": no render to kill during");
            default -> Thread.sleep(100 + random.nextInt(1200));
        }
        studio.kill();
    }

    private static int downloads() {
        return fake.requests(FakeOpenRouter.Endpoint.CONTENT).size()
                + fake.requests(FakeOpenRouter.Endpoint.CDN).size();
    }

    /** Whether a preview job is being rendered now (the API's in_progress with some progress, before downloading). */
    private static boolean rendering(StudioProcess studio) {
        try {
            HttpResponse<String> r = studio.get("/api/v1/videos?status=in_progress&limit=50");
            for (JsonNode job : StudioProcess.json(r.body()).path("data")) {
                if ("local".equals(job.path("route").asText())
                        && "running".equals(job.path("state").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, JsonNode> waitUntilAllEnd(StudioProcess studio, Set<String> ids, long seed)
            throws Exception {
        Map<String, JsonNode> ended = new HashMap<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (ended.size() < ids.size()) {
            for (String id : ids) {
                if (ended.containsKey(id)) {
                    continue;
                }
                JsonNode job = studio.job(id);
                if (job == null) {
                    fail("seed " + seed + ": job " + id + " answered 202 and is gone");
                }
                if (TERMINAL.contains(job.path("state").asText())) {
                    ended.put(id, job);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                Set<String> open = new TreeSet<>(ids);
                open.removeAll(ended.keySet());
                fail("seed " + seed + ": jobs that never ended: "
                        + open.stream()
                                .limit(5)
                                .map(id -> {
                                    try {
                                        return id + "="
                                                + studio.job(id).path("state").asText();
                                    } catch (IOException e) {
                                        return id;
                                    }
                                })
                                .toList()
                        + " of " + open.size());
            }
            Thread.sleep(250);
        }
        return ended;
    }

    /**
     * After a restart the studio sweeps what the killed process left: no unfinished temporary file, no folder of a
     * job that does not exist, no half-written preview render. The sweep runs beside the start, so it gets a moment.
     */
    private static void assertNoLeftovers(StudioProcess studio, long seed) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> leftovers;
        do {
            leftovers = new ArrayList<>();
            if (Files.isDirectory(studio.media())) {
                try (Stream<Path> files = Files.walk(studio.media())) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith(".incoming-")) {
                            leftovers.add(studio.media().relativize(f).toString());
                        } else if (f.getParent().equals(studio.media())
                                && Files.isDirectory(f)
                                && studio.job(name) == null) {
                            leftovers.add(name + "/ (no such job)");
                        }
                    }
                }
            }
            Path renders = studio.dataDir().resolve("preview-renders");
            if (Files.isDirectory(renders)) {
                try (Stream<Path> files = Files.list(renders)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith("."))
                            .toList()) {
                        // a render in progress now is fine; one from before the last start is not
                        try {
                            if (Files.getLastModifiedTime(f).toMillis() < System.currentTimeMillis() - 20_000) {
                                leftovers.add("preview-renders/" + f.getFileName());
                            }
                        } catch (java.nio.file.NoSuchFileException ignored) {
                            // finished meanwhile
                        }
                    }
                }
            }
            if (leftovers.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        Collections.sort(leftovers);
        fail("seed " + seed + ": files left behind: " + leftovers);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration within, String message)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail(message);
            }
            Thread.sleep(20);
        }
    }
}
