package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Browsers;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job watched in the browser while the poller carries it: its page and its history row change as it goes
 * queued -> generating -> ready, and the gallery takes its video in, without a reload; and the page asked for the
 * changes because the event stream told it to (its fallback poll could show them too, only later).
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class LiveJobBrowserTest {

    /** Patient: the machine may be busy. What caused a change is checked apart, by the events that asked for it. */
    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Test
    void aJobPageAndTheHistoryFollowTheJobUntilItsVideoPlays() {
        String prompt = "A lighthouse beam sweeping through fog "
                + UUID.randomUUID().toString().substring(0, 8);
        // long enough that the render is still going when the poller has seen it start
        String id = jobs.create(new JobRequest("local/preview", prompt, 8, "480p", "16:9", null, 7L, null), null)
                .job()
                .publicId;
        String base = root.toString().replaceAll("/$", "");
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright);
                BrowserContext context = browser.newContext()) {
            // htmx's SSE extension says when a page's stream is open; changes before that would reach the page only
            // through the slow fallback poll
            context.addInitScript("document.addEventListener('htmx:sseOpen', () => { window.streamOpen = true; });"
                    // what made htmx ask the server for a part of the page: an event of the stream, or the poll
                    + "window.triggers = [];"
                    + "document.addEventListener('htmx:beforeRequest', e => { const t = e.detail.requestConfig"
                    + " && e.detail.requestConfig.triggeringEvent; window.triggers.push(t ? t.type : 'none'); });");
            Page page = context.newPage();
            page.navigate(base + "/jobs/" + id);
            Page history = context.newPage();
            history.navigate(base + "/jobs");
            Page gallery = context.newPage();
            gallery.navigate(base + "/gallery");
            // marks that survive only as long as the documents do: a reload would lose them
            for (Page p : new Page[] {page, history, gallery}) {
                p.evaluate("() => window.sameDocument = true");
            }

            Locator stage = page.locator("#job-live .stage");
            Locator row = history.locator("li.job-row[data-job-id='" + id + "']");
            assertThat(stage).containsText("Queued");
            assertThat(row.locator(".badge")).hasText("Queued");
            waitForStream(page);
            waitForStream(history);
            waitForStream(gallery);
            Locator card = gallery.locator(".video-card[data-job-id='" + id + "']");
            assertThat(card).hasCount(0);

            Ledger.runUntil(worker, id, j -> j.status == JobStatus.RUNNING || j.status.terminal());
            GenerationJob running = Ledger.find(id);
            if (running.status == JobStatus.RUNNING) {
                assertThat(stage).containsText("Generating", SOON);
                assertThat(stage).containsText("The provider is generating the video.");
                assertThat(stage.locator("[role='progressbar']")).isVisible();
                assertThat(row.locator(".badge")).containsText("Generating", SOON);
            }

            GenerationJob ended = Ledger.runUntilTerminal(worker, id);
            assertEquals(
                    JobStatus.SUCCEEDED,
                    ended.status,
                    () -> "the preview ended " + ended.status + ": " + ended.errorMessage);
            Locator player = page.locator("#job-live video.player");
            assertThat(page.locator("#job-live .status-line .badge")).containsText("Ready", SOON);
            assertThat(player).isVisible();
            assertThat(page.locator("#job-live a[download]")).hasText("Download MP4");
            assertThat(page.locator("#job-live [role='progressbar']")).hasCount(0);
            // the collections-and-sharing card follows the job's end too
            assertThat(page.locator("#job-extras")).containsText("Add to collection", SOON);
            assertThat(row.locator(".badge")).containsText("Ready", SOON);
            assertThat(row.locator("img")).isVisible();

            page.waitForFunction(
                    "() => { const v = document.querySelector('#job-live video.player');"
                            + " return v && v.readyState >= 1 && v.duration > 7; }",
                    null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertEquals(
                    Boolean.TRUE, page.evaluate("() => window.sameDocument === true"), "the job page was not reloaded");
            assertEquals(
                    Boolean.TRUE,
                    history.evaluate("() => window.sameDocument === true"),
                    "the history was not reloaded");
            // the gallery's first page takes the new video in
            assertThat(card).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
            assertThat(card).containsText("8 s");
            assertEquals(
                    Boolean.TRUE,
                    gallery.evaluate("() => window.sameDocument === true"),
                    "the gallery was not reloaded");

            String jobEvent = "sse:job-" + id;
            assertTrue(
                    triggers(page).contains(jobEvent),
                    () -> "the job page asked on its job's events: " + triggers(page));
            assertTrue(
                    triggers(history).contains(jobEvent),
                    () -> "the history row asked on its job's events: " + triggers(history));
            assertTrue(
                    triggers(gallery).contains("sse:video-ready"),
                    () -> "the gallery asked on video-ready: " + triggers(gallery));
        } finally {
            jobs.delete(id);
        }
    }

    private static void waitForStream(Page page) {
        page.waitForFunction(
                "() => window.streamOpen === true", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<String> triggers(Page page) {
        return (java.util.List<String>) page.evaluate("() => window.triggers");
    }
}
