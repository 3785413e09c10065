package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenRouter's official TypeScript SDK ({@code @openrouter/sdk}, pinned in src/test/sdk/package-lock.json) drives the
 * studio with a studio API token as its key, changing only the base URL and the key (issue 11; issue 16 section 1).
 * No {@code @TestSecurity}: the SDK's Bearer header goes through the real token check. The SDK is installed from the
 * npm registry here; without Node, npm or the registry the test fails rather than skips.
 */
@QuarkusTest
class OpenRouterSdkTest {

    private static final Path PROJECT = Path.of("src/test/sdk");

    @Inject
    JobWorker worker;

    @TestHTTPResource("/api/v1")
    URL api;

    @Test
    void theSdkSubmitsPollsAndDownloadsWithAStudioToken() throws Exception {
        install();
        JsonNode out = runContract();
        JsonNode steps = out.path("steps");

        JsonNode submit = steps.path("submit");
        assertTrue(submit.path("ok").asBoolean(), () -> "submit failed: " + submit);
        String id = submit.path("value").path("id").asText();
        try {
            assertEquals("pending", submit.path("value").path("status").asText(), submit::toString);
            assertTrue(submit.path("value").path("pollingUrl").asText().endsWith("/api/v1/videos/" + id));

            JsonNode poll = steps.path("poll");
            assertTrue(poll.path("ok").asBoolean(), () -> "poll failed: " + poll);
            JsonNode last = poll.path("value").path("final");
            assertEquals("completed", last.path("status").asText(), last::toString);
            assertEquals(id, last.path("id").asText());
            assertFalse(last.path("unsignedUrls").isEmpty(), last::toString);

            JsonNode content = steps.path("content");
            assertTrue(content.path("ok").asBoolean(), () -> "content failed: " + content);
            assertEquals("ftyp", content.path("value").path("boxType").asText(), "an MP4 begins with its ftyp box");
            assertTrue(content.path("value").path("bytes").asInt() > 1000, content::toString);
        } finally {
            given().header("Authorization", "Bearer " + TestAccounts.ADMIN_TOKEN)
                    .delete("/api/v1/videos/" + id);
        }

        // A wrong key, an unknown job and an invalid request reach the caller as SDK errors carrying the status.
        // Known non-conformance (issue 16 section 1): the studio answers application/problem+json, and the SDK
        // parses only application/json bodies into its typed errors (UnauthorizedResponseError,
        // NotFoundResponseError, BadRequestResponseError), so today each arrives as the generic
        // OpenRouterDefaultError. Pinned so that fixing issue 16 updates these lines to the typed classes.
        assertSdkError(steps.path("wrongKey"), 401, "OpenRouterDefaultError");
        assertSdkError(steps.path("notFound"), 404, "OpenRouterDefaultError");
        assertSdkError(steps.path("badRequest"), 400, "OpenRouterDefaultError");

        // Known non-conformance (issue 16 section 1): listVideosModels() refuses the studio's model list, whose
        // models omit the null fields the SDK's schema requires: creativity (nullable array) and upscale_factor
        // (nullable object).
        JsonNode models = steps.path("models");
        assertSdkError(models, 200, "ResponseValidationError");
        assertTrue(models.path("error").path("issues").toString().contains("creativity"), models::toString);
    }

    private static void assertSdkError(JsonNode step, int status, String sdkClass) {
        assertFalse(step.path("ok").asBoolean(), step::toString);
        assertEquals(status, step.path("error").path("statusCode").asInt(), step::toString);
        assertEquals(sdkClass, step.path("error").path("name").asText(), step::toString);
    }

    /** {@code npm ci} from the committed lock file; a missing Node, npm or registry fails the test with npm's words. */
    private void install() throws IOException, InterruptedException {
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 300, null);
        if (npm.exit != 0) {
            fail("Installing the OpenRouter SDK with `npm ci` in " + PROJECT
                    + " failed (this test needs Node 20+, npm and the npm registry): exit " + npm.exit + "\n"
                    + npm.stderr + npm.stdout);
        }
    }

    /** Runs contract.mjs while ticking the poller (off in tests) so the SDK's polling sees the job finish. */
    private JsonNode runContract() throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + api.getPort() + "/api/v1";
        Run node = run(List.of("node", "contract.mjs"), 300, base);
        if (node.exit != 0) {
            fail("node contract.mjs exited " + node.exit + "\n" + node.stderr + node.stdout);
        }
        String json = node.stdout.strip();
        System.out.println("OpenRouter SDK contract: " + json);
        return new ObjectMapper().readTree(json.substring(json.lastIndexOf('\n') + 1));
    }

    private record Run(int exit, String stdout, String stderr) {}

    private Run run(List<String> command, int seconds, String baseUrl) throws IOException, InterruptedException {
        File stdout = File.createTempFile("sdk-out", ".txt");
        File stderr = File.createTempFile("sdk-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(PROJECT.toFile())
                    .redirectOutput(stdout)
                    .redirectError(stderr);
            if (baseUrl != null) {
                builder.environment().put("BASE_URL", baseUrl);
                builder.environment().put("API_KEY", TestAccounts.ADMIN_TOKEN);
            }
            builder.environment().remove("OPENROUTER_API_KEY");
            builder.environment().remove("OPENROUTER_BASE_URL");
            Process process;
            try {
                process = builder.start();
            } catch (IOException notThere) {
                return fail(
                        "Cannot start `" + String.join(" ", command) + "` (is Node 20+ with npm installed?)", notThere);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    fail("`" + String.join(" ", command) + "` did not end within " + seconds + " s\n"
                            + Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
                }
                if (baseUrl != null) {
                    worker.tick().join();
                }
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                    Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout.toPath());
            Files.deleteIfExists(stderr.toPath());
        }
    }
}
