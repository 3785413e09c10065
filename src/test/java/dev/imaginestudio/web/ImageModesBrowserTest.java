package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.testing.Browsers;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URI;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Image and reference modes in a real browser: pick files, see thumbnails, remove one, create, see the inputs kept. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class ImageModesBrowserTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private static FilePayload png(String name, Color color) {
        return new FilePayload(name, "image/png", Images.encode(Images.solid(120, 90, color), "png"));
    }

    private String createdJob(Page page) {
        page.click("#create-form button[type='submit']");
        page.waitForURL(Pattern.compile(".*/jobs/[A-Za-z0-9]{20}$"));
        return URI.create(page.url()).getPath().substring("/jobs/".length());
    }

    @Test
    void anImageToVideoJobFromAnUploadedFirstFrame() {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            Page page = browser.newPage();
            page.navigate(root.toString().replaceAll("/$", "") + "/");
            assertThat(page.locator("[data-mode-panel='image']")).isHidden();
            page.click("label[for='mode-image']");
            assertThat(page.locator("[data-mode-panel='image']")).isVisible();

            FilePayload first = png("first.png", Color.ORANGE);
            page.setInputFiles("#first-frame-file", first);
            assertThat(page.locator("[data-thumbs='first_frame'] img")).hasCount(1);
            // a second choice replaces the first frame instead of adding one
            page.setInputFiles("#first-frame-file", png("other.png", Color.CYAN));
            assertThat(page.locator("[data-thumbs='first_frame'] img")).hasCount(1);
            assertThat(page.locator("[data-thumbs='first_frame'] img")).hasAttribute("alt", "other.png");
            // uploaded once, then named by its id
            assertThat(page.locator("[data-thumbs='first_frame'] input[name='first_frame']"))
                    .hasAttribute("value", Pattern.compile("upload:[A-Za-z0-9]{20}"));

            // a file that is not an image is refused on the spot
            page.setInputFiles("#first-frame-file", new FilePayload("notes.txt", "text/plain", "hello".getBytes()));
            assertThat(page.locator("[data-mode-panel='image'] .dropzone-message"))
                    .containsText("not a PNG, JPEG or WebP");

            page.fill("#prompt", "the camera drifts over a cyan field");
            page.locator("#duration").fill("1");
            String id = createdJob(page);
            assertThat(page.locator(".input-thumbs img")).hasCount(1);

            GenerationJob done = Ledger.runUntilTerminal(worker, id);
            assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
            assertEquals(GenerationMode.IMAGE, done.mode);
            assertArrayEquals(png("other.png", Color.CYAN).buffer, jobs.storedInput(id, 0));
            page.locator("#job-live video.player").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        }
    }

    @Test
    void referencesCanBeAddedRemovedAndKeepTheirOrder() {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            Page page = browser.newPage();
            page.navigate(root.toString().replaceAll("/$", "") + "/");
            page.click("label[for='mode-reference']");
            FilePayload red = png("red.png", Color.RED);
            FilePayload green = png("green.png", Color.GREEN);
            FilePayload blue = png("blue.png", Color.BLUE);
            page.setInputFiles("#references-file", new FilePayload[] {red, green});
            assertThat(page.locator("[data-thumbs='references'] img")).hasCount(2);
            page.setInputFiles("#references-file", blue);
            assertThat(page.locator("[data-thumbs='references'] img")).hasCount(3);
            assertThat(page.locator("[data-thumbs='references'] input[name='references']"))
                    .hasCount(3);
            assertThat(page.locator("#image-count")).hasValue("3");
            page.click("[data-thumbs='references'] .thumb-remove[aria-label='Remove green.png']");
            assertThat(page.locator("[data-thumbs='references'] img")).hasCount(2);

            page.fill("#prompt", "a journey from red to blue");
            page.locator("#duration").fill("2");
            String id = createdJob(page);
            assertThat(page.locator(".input-thumbs img")).hasCount(2);
            GenerationJob job = jobs.get(id);
            assertEquals(GenerationMode.REFERENCE, job.mode);
            assertArrayEquals(red.buffer, jobs.storedInput(id, 0));
            assertArrayEquals(blue.buffer, jobs.storedInput(id, 1));

            // a remix brings both images back in the same order, without uploading them again
            page.navigate(root.toString().replaceAll("/$", "") + "/?remix=" + id);
            assertThat(page.locator("#mode-reference")).isChecked();
            assertThat(page.locator("[data-thumbs='references'] input[name='references']"))
                    .hasCount(2);
            assertThat(page.locator("[data-thumbs='references'] input[name='references']")
                            .first())
                    .hasValue("job:" + id + "/0");
            jobs.delete(id);
        }
    }
}
