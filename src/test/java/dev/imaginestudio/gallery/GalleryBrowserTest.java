package dev.imaginestudio.gallery;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.media.Mp4Probe;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.Videos;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The gallery, collections and share links in a real browser (Debian's Chromium): find videos by a word of their
 * prompt, collect them, share the collection, watch it with no cookies, revoke it; download twenty videos as one
 * ZIP; step through the gallery's player with the keyboard; watch a job finish without reloading.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class GalleryBrowserTest {

    /** Where the screenshots of the pages go, for a person to look at. */
    static final Path SHOTS = Paths.get("target", "screenshots");

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    final Path tmp;

    {
        try {
            tmp = Files.createTempDirectory("studio-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    private static Page.ScreenshotOptions shot(String name) {
        return new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true);
    }

    @Test
    void findCollectShareWatchRevokeAndDownload() throws Exception {
        String batch = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String word = "zephyr" + batch.substring(1, 5);
        String[] subjects = {
            "a lighthouse in a storm",
            "paper boats on a canal",
            "a fox crossing a frozen lake",
            "city lights from a hill",
            "a hummingbird at a feeder",
            "rain on a tin roof",
            "a desert road at noon",
            "koi under lily pads",
            "a train through pine woods",
            "snow falling on a lantern",
            "a kite over dunes",
            "bees in lavender",
            "a harbour at dawn",
            "fireworks over water",
            "a windmill turning",
            "clouds over peaks",
            "a cat asleep in the sun",
            "waves on black sand",
            "autumn leaves in a creek",
            "stars over a tent"
        };
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < subjects.length; i++) {
            // three of them share a word nobody else uses
            prompts.add((i % 7 == 3 ? "The " + word + " wind: " : "Clip: ") + subjects[i] + " " + batch);
        }
        List<String> ids = Videos.finished(jobs, worker, "16:9", prompts);
        List<String> withWord = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).contains(word)) {
                withWord.add(ids.get(i));
            }
        }
        assertEquals(3, withWord.size());
        Files.createDirectories(SHOTS);
        String base = root.toString().replaceAll("/$", "");

        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = launch(playwright)) {
            BrowserContext owner = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            Page page = owner.newPage();
            page.onDialog(d -> d.accept());

            // find the three by one word of their prompts
            page.navigate(base + "/jobs");
            page.fill("#q", word.toUpperCase());
            page.click("form.search-form button[type='submit']");
            page.waitForURL(u -> u.contains("q="));
            assertThat(page.locator("li.job-row")).hasCount(3);
            for (String id : withWord) {
                assertThat(page.locator("li.job-row[data-job-id='" + id + "']")).isVisible();
            }

            // select them, add them to a new collection
            page.check("[data-select-all]");
            assertThat(page.locator("[data-selected-count]")).hasText("3 selected");
            page.click("#bulk button[formaction='/collections/add']");
            assertThat(page.locator("h1")).hasText("Add 3 videos to a collection");
            page.fill("#new-name", "Windy " + batch);
            page.click("form.choose-form button[type='submit']");
            page.waitForURL(u -> u.contains("/collections/"));
            assertThat(page.locator(".notice")).containsText("3 videos added.");
            assertThat(page.locator("li.collection-item")).hasCount(3);
            page.screenshot(shot("collection.png"));

            // share it
            page.click("#share-links button[type='submit']");
            page.waitForURL(u -> u.contains("#share-links"));
            Locator link = page.locator("#share-links .share-url").first();
            String shareUrl = link.inputValue();
            assertTrue(shareUrl.startsWith(base + "/s/"), shareUrl);
            String token = shareUrl.substring(shareUrl.lastIndexOf('/') + 1);

            // a stranger: a fresh context with no cookies
            BrowserContext stranger = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
            assertTrue(stranger.cookies().isEmpty());
            Page guest = stranger.newPage();
            com.microsoft.playwright.Response opened = guest.navigate(shareUrl);
            assertEquals(200, opened.status());
            assertThat(guest.locator("h1")).hasText("Windy " + batch);
            assertThat(guest.locator("video[data-share-video]")).hasCount(3);
            assertThat(guest.locator("nav")).hasCount(0);
            assertTrue(guest.locator("a[href^='/']").count() == 0, "no links into the studio");
            String html = guest.content();
            for (String id : ids) {
                assertTrue(!html.contains(id), "no job id on the share page");
            }
            assertEquals(base + "/s/" + token + "/1/video.mp4", meta(guest, "property", "og:video"));
            assertEquals("video/mp4", meta(guest, "property", "og:video:type"));
            assertEquals("854", meta(guest, "property", "og:video:width"));
            assertEquals("480", meta(guest, "property", "og:video:height"));
            assertEquals(base + "/s/" + token + "/1/poster.jpg", meta(guest, "property", "og:image"));
            assertEquals(
                    0, guest.locator("meta[property='og:video:secure_url']").count(), "plain http: no secure_url");
            assertEquals("player", meta(guest, "name", "twitter:card"));
            assertEquals(base + "/s/" + token + "/embed", meta(guest, "name", "twitter:player"));
            assertEquals("854", meta(guest, "name", "twitter:player:width"));
            assertEquals("480", meta(guest, "name", "twitter:player:height"));

            // it plays
            Locator first = guest.locator("video[data-share-video='1']");
            first.evaluate("v => { v.muted = true; return v.play(); }");
            guest.waitForFunction(
                    "() => { const v = document.querySelector(\"video[data-share-video='1']\");"
                            + " return v && v.currentTime > 0 && v.videoWidth > 0; }",
                    null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertEquals(854, ((Number) first.evaluate("v => v.videoWidth")).intValue());
            assertEquals(480, ((Number) first.evaluate("v => v.videoHeight")).intValue());
            guest.locator("video[data-share-video='3']").scrollIntoViewIfNeeded();
            guest.waitForFunction(
                    "() => { const v = document.querySelector(\"video[data-share-video='3']\");"
                            + " return v && v.readyState >= 1 && v.duration > 0.5; }",
                    null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            guest.screenshot(shot("share.png"));

            // the owner revokes it: the stranger's reload is a 404
            page.click("#share-links .share-row[data-token='" + token + "'] button.danger");
            page.waitForURL(u -> u.contains("#share-links"));
            assertThat(page.locator(".share-row[data-token='" + token + "']")).hasCount(0);
            com.microsoft.playwright.Response reloaded = guest.reload();
            assertEquals(404, reloaded.status());
            assertThat(guest.locator("h1")).hasText("This link does not work");
            stranger.close();

            // twenty videos as one ZIP, every file intact
            page.navigate(base + "/jobs?q=" + batch);
            assertThat(page.locator("li.job-row")).hasCount(20);
            page.check("[data-select-all]");
            assertThat(page.locator("[data-selected-count]")).hasText("20 selected");
            Download download = page.waitForDownload(() -> page.click("#bulk button[formaction='/jobs/bulk/zip']"));
            assertTrue(
                    download.suggestedFilename().matches("imagine-videos-\\d{8}-\\d{6}\\.zip"),
                    download.suggestedFilename());
            Path zip = tmp.resolve("videos.zip");
            download.saveAs(zip);
            Set<String> names = new HashSet<>();
            Set<String> seenIds = new HashSet<>();
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    assertTrue(names.add(e.getName()), "unique: " + e.getName());
                    Path file = tmp.resolve(e.getName());
                    Files.copy(in, file);
                    Mp4Probe.Info info = Mp4Probe.inspect(file);
                    assertEquals(854, info.width());
                    assertEquals(480, info.height());
                    assertEquals(24, info.frameCount());
                    seenIds.add(e.getName()
                            .substring(e.getName().length() - 24, e.getName().length() - 4));
                }
            }
            assertEquals(20, names.size());
            assertEquals(new HashSet<>(ids), seenIds);

            // the history with filters, for the screenshot
            page.navigate(base + "/jobs?q=" + batch + "&mode=text&model=local%2Fpreview&sort=newest");
            page.check("li.job-row:nth-child(2) .select-box input");
            page.check("li.job-row:nth-child(3) .select-box input");
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("history.png")));
            owner.close();
        }
    }

    private static String meta(Page page, String attribute, String name) {
        return page.locator("meta[" + attribute + "='" + name + "']").getAttribute("content");
    }

    @Test
    void theGalleryPlayerStepsWithTheArrowKeysAndPreviewsOnFocus() {
        String batch = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<String> ids = Videos.finished(
                jobs,
                worker,
                "9:16",
                List.of("Gallery step one " + batch, "Gallery step two " + batch, "Gallery step three " + batch));
        String base = root.toString().replaceAll("/$", "");
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = launch(playwright)) {
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))
                    .newPage();
            page.navigate(base + "/gallery?q=" + batch + "&aspect_ratio=9%3A16");
            Locator cards = page.locator(".video-card[data-video]");
            assertThat(cards).hasCount(3);
            // newest first
            assertEquals(ids.get(2), cards.nth(0).getAttribute("data-job-id"));

            // keyboard focus starts the muted looping preview
            cards.nth(1).focus();
            Locator preview = cards.nth(1).locator("video.hover-preview");
            preview.waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            assertEquals(Boolean.TRUE, preview.evaluate("v => v.muted && v.loop"));
            page.screenshot(shot("gallery.png"));

            cards.nth(0).click();
            Locator player = page.locator("#player");
            assertThat(player).isVisible();
            assertEquals("/api/v1/videos/" + ids.get(2) + "/content", src(page));
            page.keyboard().press("ArrowRight");
            assertEquals("/api/v1/videos/" + ids.get(1) + "/content", src(page));
            page.keyboard().press("ArrowRight");
            assertEquals("/api/v1/videos/" + ids.get(0) + "/content", src(page));
            page.keyboard().press("ArrowRight");
            assertEquals("/api/v1/videos/" + ids.get(0) + "/content", src(page), "the last stays");
            page.keyboard().press("ArrowLeft");
            assertEquals("/api/v1/videos/" + ids.get(1) + "/content", src(page));
            page.waitForFunction(
                    "() => { const v = document.querySelector('#player video');"
                            + " return v && v.readyState >= 1 && v.videoWidth === 480; }",
                    null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            page.keyboard().press("Escape");
            assertThat(player).not().isVisible();
        }
    }

    private static String src(Page page) {
        page.waitForFunction("() => !!document.querySelector('#player video')");
        return URI.create((String) page.locator("#player video").evaluate("v => v.src"))
                .getPath();
    }

    @Test
    void aJobFinishesOnTheHistoryPageWithoutAReload() {
        String batch = "l" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String id = jobs.create(new JobRequest(null, "Live update " + batch, 1, "480p", "1:1", null, null, null), null)
                .job()
                .publicId;
        String base = root.toString().replaceAll("/$", "");
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = launch(playwright)) {
            Page page = browser.newPage();
            // htmx's SSE extension says when the page's event stream is open
            page.addInitScript("document.addEventListener('htmx:sseOpen', () => { window.streamOpen = true; });");
            page.navigate(base + "/jobs?q=" + batch);
            Locator row = page.locator("li.job-row[data-job-id='" + id + "']");
            assertThat(row).hasAttribute("data-status", "pending");
            // the page listens to the studio's event stream
            page.waitForFunction(
                    "() => window.streamOpen === true", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            Object marker = page.evaluate("() => { window.__sameDocument = true; return true; }");
            assertEquals(Boolean.TRUE, marker);
            assertEquals(JobStatus.SUCCEEDED, Ledger.runUntilTerminal(worker, id).status);
            assertThat(row)
                    .hasAttribute(
                            "data-status",
                            "completed",
                            new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                                    .setTimeout(30_000));
            assertThat(row.locator("img")).isVisible();
            assertEquals(Boolean.TRUE, page.evaluate("() => window.__sameDocument === true"), "no reload happened");
            assertNotEquals(0, row.count());
        } finally {
            Videos.deleteQuietly(jobs, List.of(id));
        }
    }
}
