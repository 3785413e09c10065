package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The create form with the images people have, in Chromium, at desktop and phone width: a 1 MB 1920x1080 JPEG first
 * frame under a 3,000-character prompt, three real references (a large PNG, a small PNG, a JPEG), each ending as a
 * video that plays on its job page; a 25 MiB file refused before it is sent; a form shown again after an error that
 * keeps its image without sending it again.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class UploadsBrowserTest {

    private static FilePayload photo;
    private static FilePayload largePng;
    private static FilePayload smallPng;
    private static FilePayload jpeg;
    private static FilePayload huge;

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @BeforeAll
    static void images() {
        photo = new FilePayload("photo.jpg", "image/jpeg", Images.encode(Images.noisy(1920, 1080, 100, 1), "jpg"));
        largePng = new FilePayload("large.png", "image/png", Images.encode(Images.noisy(2400, 1600, 40, 2), "png"));
        smallPng = new FilePayload("small.png", "image/png", Images.encode(Images.solid(120, 90, Color.ORANGE), "png"));
        jpeg = new FilePayload("street.jpg", "image/jpeg", Images.encode(Images.noisy(1280, 960, 16, 3), "jpg"));
        byte[] big = new byte[25 * 1024 * 1024];
        System.arraycopy(smallPng.buffer, 0, big, 0, smallPng.buffer.length);
        huge = new FilePayload("huge.png", "image/png", big);
    }

    @Test
    void atDesktopWidth() {
        assertTrue(
                photo.buffer.length > 800_000 && photo.buffer.length < 1_500_000,
                "the photo is about 1 MB: " + photo.buffer.length);
        assertTrue(largePng.buffer.length > 5_000_000, "the large PNG is several MB: " + largePng.buffer.length);
        flows(1440, 900);
    }

    @Test
    void atPhoneWidth() {
        flows(390, 844);
    }

    private void flows(int width, int height) {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(width, height)
                    .setHasTouch(width < 600));
            Page page = context.newPage();
            List<String> uploads = new CopyOnWriteArrayList<>();
            List<Integer> formPosts = new CopyOnWriteArrayList<>();
            page.onRequest(r -> {
                if (r.method().equals("POST") && r.url().endsWith("/uploads")) {
                    uploads.add(r.url());
                } else if (r.method().equals("POST") && r.url().endsWith("/jobs")) {
                    byte[] body = r.postDataBuffer();
                    formPosts.add(body == null ? 0 : body.length);
                }
            });
            String home = root.toString().replaceAll("/$", "") + "/";

            // 1. image to video: a 1 MB photo and a 3,000-character prompt
            page.navigate(home);
            createReachable(page, height);
            page.click("label[for='mode-image']");
            page.setInputFiles("#first-frame-file", photo);
            uploaded(page, "first_frame", 1);
            String prompt = longPrompt(3_000);
            page.fill("#prompt", prompt);
            assertThat(page.locator("#prompt-counter")).hasText("3000 / 4096");
            page.locator("#duration").fill("1");
            String imageJob = create(page);
            GenerationJob job = jobs.get(imageJob);
            assertEquals(GenerationMode.IMAGE, job.mode);
            assertEquals(prompt, job.prompt);
            assertArrayEquals(photo.buffer, jobs.storedInput(imageJob, 0));
            plays(page, imageJob);

            // 2. reference to video: a large PNG, a small PNG and a JPEG, in that order
            page.navigate(home);
            page.click("label[for='mode-reference']");
            page.setInputFiles("#references-file", new FilePayload[] {largePng, smallPng, jpeg});
            uploaded(page, "references", 3);
            page.fill("#prompt", "from the first image to the third, " + width + " px wide");
            page.locator("#duration").fill("1");
            String referenceJob = create(page);
            assertEquals(GenerationMode.REFERENCE, jobs.get(referenceJob).mode);
            assertArrayEquals(largePng.buffer, jobs.storedInput(referenceJob, 0));
            assertArrayEquals(smallPng.buffer, jobs.storedInput(referenceJob, 1));
            assertArrayEquals(jpeg.buffer, jobs.storedInput(referenceJob, 2));
            plays(page, referenceJob);

            // 3. a 25 MiB file is refused before anything is sent, and the typed prompt stays
            page.navigate(home);
            page.click("label[for='mode-image']");
            page.fill("#prompt", "keep what I typed");
            int before = uploads.size();
            page.setInputFiles("#first-frame-file", huge);
            assertThat(page.locator("[data-mode-panel='image'] .dropzone-message"))
                    .hasText("huge.png is 25 MiB; the limit is 20 MiB per image.");
            assertThat(page.locator("[data-thumbs='first_frame'] img")).hasCount(0);
            assertEquals(before, uploads.size(), "the file was not sent");
            assertThat(page.locator("#prompt")).hasValue("keep what I typed");

            // 4. a form shown again after an error keeps its image, and sending it again sends only its id
            page.setInputFiles("#first-frame-file", smallPng);
            uploaded(page, "first_frame", 1);
            // a 120x90 first frame suggests 4:3
            assertThat(page.locator("#aspect-4-3")).isChecked();
            assertThat(page.locator(".aspect-suggestion")).containsText("4:3");
            String token = page.locator("[data-thumbs='first_frame'] input[name='first_frame']")
                    .getAttribute("value");
            page.fill("#seed", "not a number");
            page.waitForResponse(
                    r -> r.url().endsWith("/jobs") && r.request().method().equals("POST"),
                    () -> page.click("#create-form button[type='submit']"));
            assertThat(page.locator("#seed-error")).containsText("seed must be a whole number");
            assertThat(page.locator("#prompt")).hasValue("keep what I typed");
            assertThat(page.locator("[data-thumbs='first_frame'] input[name='first_frame']"))
                    .hasAttribute("value", token);
            assertThat(page.locator("[data-thumbs='first_frame'] img"))
                    .hasAttribute("src", "/uploads/" + token.substring(7));
            assertTrue(
                    (Boolean) page.evaluate(
                            "() => document.querySelector(\"[data-thumbs='first_frame'] img\").naturalWidth === 120"),
                    "the kept thumbnail shows the image");
            int uploadsBefore = uploads.size();
            page.fill("#seed", "");
            String again = create(page);
            assertEquals(uploadsBefore, uploads.size(), "nothing uploaded again");
            assertArrayEquals(smallPng.buffer, jobs.storedInput(again, 0));
            assertTrue(
                    formPosts.stream().allMatch(size -> size < 32 * 1024),
                    "form posts carry ids, not images: " + formPosts);
            assertEquals(5, uploads.size(), "each of the five images went up exactly once: " + uploads);
            Ledger.runUntilTerminal(worker, again);
            for (String id : List.of(imageJob, referenceJob, again)) {
                jobs.delete(id);
            }
        }
    }

    private static String longPrompt(int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            b.append("A slow dolly shot drifts across a rain-soaked neon street at night, reflections shimmering. ");
        }
        return b.substring(0, length);
    }

    /** The create button is on screen without scrolling (on a phone: the fixed action bar). */
    private static void createReachable(Page page, int viewportHeight) {
        Locator button = page.locator("#create-form button[type='submit']");
        assertThat(button).isVisible();
        assertEquals(0, ((Number) page.evaluate("() => window.scrollY")).intValue());
        BoundingBox box = button.boundingBox();
        assertTrue(
                box.y >= 0 && box.y + box.height <= viewportHeight,
                "the create button is in view: " + box.y + "+" + box.height);
    }

    private static void uploaded(Page page, String field, int count) {
        assertThat(page.locator("[data-thumbs='" + field + "'] input[name='" + field + "']"))
                .hasCount(
                        count,
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(30_000));
        assertThat(page.locator("[data-thumbs='" + field + "'] input[name='" + field + "']")
                        .first())
                .hasAttribute("value", Pattern.compile("upload:[A-Za-z0-9]{20}"));
    }

    private static String create(Page page) {
        page.click("#create-form button[type='submit']");
        page.waitForURL(Pattern.compile(".*/jobs/[A-Za-z0-9]{20}$"));
        return URI.create(page.url()).getPath().substring("/jobs/".length());
    }

    /** Runs the job to its end, then the job page's player really plays it. */
    private void plays(Page page, String id) {
        GenerationJob done = Ledger.runUntilTerminal(worker, id);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        Locator video = page.locator("#job-live video.player");
        video.waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        assertThat(page.locator(".notify-line")).hasCount(0);
        // answers as soon as playback has moved; the 30 s bound only ends a video that never plays
        Object played = video.evaluate("v => new Promise(done => { v.muted = true; "
                + "v.addEventListener('timeupdate', () => { if (v.currentTime > 0) done(v.currentTime); }); "
                + "setTimeout(() => done(v.currentTime), 30000); "
                + "v.play().catch(e => done('' + e)); })");
        assertTrue(played instanceof Number n && n.doubleValue() > 0, "the video plays on its job page: " + played);
    }
}
