package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A person's path through the studio in a real browser (Debian's Chromium): fill the create form, land on the
 * job's page, see it finish there, then play the video from the gallery.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class StudioBrowserTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Test
    void aVideoCreatedInTheFormPlaysFromTheGallery() {
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                                .setHeadless(true)
                                .setArgs(
                                        List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")))) {
            Page page = browser.newPage();
            String base = root.toString().replaceAll("/$", "");
            page.navigate(base + "/");

            String prompt = "A paper lantern drifting over a night lake "
                    + UUID.randomUUID().toString().substring(0, 8);
            page.fill("#prompt", prompt);
            assertThat(page.locator("#prompt-counter")).hasText(prompt.length() + " / 4096");

            page.locator("#duration").fill("1");
            assertThat(page.locator("#duration-value")).hasText("1 s");

            // the picker's pixel sizes follow the resolution (an htmx fragment), and back
            page.click("label[for='resolution-720p']");
            assertThat(page.locator("#size-9-16")).hasText("720×1280");
            page.click("label[for='resolution-480p']");
            assertThat(page.locator("#size-9-16")).hasText("480×854");
            assertThat(page.locator("#resolution-480p")).isChecked();

            page.click("label.aspect[data-aspect='9:16']");
            assertThat(page.locator("#aspect-9-16")).isChecked();
            assertThat(page.locator("#estimate")).containsText("Free (offline preview)");
            assertThat(page.locator("#estimate")).containsText("480×854");

            page.click("#create-form button[type='submit']");
            page.waitForURL(Pattern.compile(".*/jobs/[A-Za-z0-9]{20}$"));
            String id = URI.create(page.url()).getPath().substring("/jobs/".length());
            assertThat(page.locator("h1.job-title")).hasText(prompt);
            assertThat(page.locator(".params")).containsText("480×854 px");

            GenerationJob ended = Ledger.runUntilTerminal(worker, id);
            assertEquals(
                    JobStatus.SUCCEEDED,
                    ended.status,
                    () -> "the preview job ended " + ended.status + ": " + ended.errorMessage);

            // the job page, still open, picks the result up by itself
            Locator player = page.locator("#job-live video.player");
            player.waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertEquals(
                    "/api/v1/videos/" + id + "/content",
                    URI.create((String) player.evaluate("v => v.src")).getPath());

            page.navigate(base + "/gallery");
            Locator card = page.locator(".video-card[data-job-id='" + id + "']");
            assertThat(card).isVisible();
            assertThat(card).containsText("1 s");
            assertThat(card).containsText("9:16");
            card.click();

            Locator video = page.locator("#player video");
            assertThat(page.locator("#player")).isVisible();
            assertEquals(
                    "/api/v1/videos/" + id + "/content",
                    URI.create((String) video.evaluate("v => v.src")).getPath());
            page.waitForFunction(
                    "() => { const v = document.querySelector('#player video');"
                            + " return v && v.readyState >= 1 && v.duration > 0; }",
                    null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            double seconds = ((Number) video.evaluate("v => v.duration")).doubleValue();
            assertTrue(seconds > 0.5 && seconds < 2, "a 1 s video, not " + seconds + " s");
            assertEquals(480, ((Number) video.evaluate("v => v.videoWidth")).intValue());
            assertEquals(854, ((Number) video.evaluate("v => v.videoHeight")).intValue());
        }
    }
}
