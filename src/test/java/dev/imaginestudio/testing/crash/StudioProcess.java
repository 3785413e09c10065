package dev.imaginestudio.testing.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged studio ({@code target/quarkus-app/quarkus-run.jar}) as a separate process on its own data directory
 * and a free port, driven over HTTP, stopped with SIGKILL or SIGTERM and started again on the same data. Each start
 * writes its own log file beside the data directory, so a failure can be read afterwards.
 */
public final class StudioProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** STUDIO_ADMIN_PASSWORD and STUDIO_ADMIN_TOKEN of every studio these tests start. */
    static final String ADMIN_PASSWORD = "crash-admin-password";

    static final String ADMIN_TOKEN = "crash-admin-token-0123456789abcdefghijklmnop";

    private final Path dataDir;
    private final Map<String, String> properties;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private int port;

    /**
     * @param dataDir    the studio's data directory (H2 database and media), kept across restarts
     * @param properties system properties for the studio, on top of the ones every crash test needs
     */
    public StudioProcess(Path dataDir, Map<String, String> properties) {
        this.dataDir = dataDir.toAbsolutePath();
        this.properties = new LinkedHashMap<>(properties);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path media() {
        return dataDir.resolve("media");
    }

    /** Starts the studio and waits until it answers (at most two minutes on a busy machine). */
    public StudioProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx384m");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dstudio.data-dir=" + dataDir);
        command.add("-Dstudio.admin-password=" + ADMIN_PASSWORD);
        command.add("-Dstudio.admin-token=" + ADMIN_TOKEN);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar().toString());
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-run-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // never a real provider account from the developer's environment
        builder.environment()
                .keySet()
                .removeIf(k -> k.endsWith("_API_KEY")
                        || k.endsWith("_WEBHOOK_SECRET")
                        || k.startsWith("STUDIO_")
                        || k.startsWith("QUARKUS_"));
        try {
            Files.createDirectories(dataDir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the studio exited with " + process.exitValue() + " while starting; log: " + lastLines(log));
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new IllegalStateException("the studio did not start within two minutes; log: " + lastLines(log));
    }

    /** SIGKILL: the process ends at once, with whatever it had not yet written. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: a normal stop; returns the exit code. */
    public int terminate(Duration within) {
        process.destroy();
        waitForExit(within);
        return process.exitValue();
    }

    private void waitForExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("the studio did not stop within " + within);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The log of the latest start. */
    public String log() {
        try {
            return Files.readString(logs.get(logs.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(signedIn(request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A job's API document, or null when the studio does not know it (404). */
    public JsonNode job(String id) throws IOException {
        HttpResponse<String> r = get("/api/v1/videos/" + id);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/v1/videos/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The request with the studio admin's API token, as every start sets it up (the headless first run). */
    public static HttpRequest signedIn(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build();
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("studio.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: crash tests run after package (./mvnw verify)");
        }
        return jar;
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
