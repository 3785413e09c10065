package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Browsers;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The studio's pages under their Content-Security-Policy in a real browser: no violation on any main page, the
 * create form still queues a job (its estimate still follows the form), and no other page can frame the studio.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class SecurityHeadersBrowserTest {

    /** Records every CSP violation the page reports, whatever the console says about it. */
    private static final String RECORD_VIOLATIONS = "window.__csp = [];"
            + " document.addEventListener('securitypolicyviolation',"
            + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));";

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobWorker worker;

    private static List<String> violations(Page page) {
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.evaluate("() => window.__csp || []");
        return seen;
    }

    @Test
    void theMainPagesRunWithoutViolationsAndTheCreateFormStillQueuesAJob() {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            Page page = browser.newPage();
            page.addInitScript(RECORD_VIOLATIONS);
            List<String> problems = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy") || m.text().contains("Refused to")) {
                    problems.add(page.url() + ": " + m.text());
                }
            });
            page.onPageError(e -> problems.add(page.url() + ": page error " + e));
            String base = root.toString().replaceAll("/$", "");

            page.navigate(base + "/");
            assertEquals(false, page.evaluate("() => htmx.config.allowEval"), "htmx never tries eval");
            String prompt = "A lantern over a lake, under a strict CSP";
            page.fill("#prompt", prompt);
            page.locator("#duration").fill("1");
            // the estimate follows the form: its trigger conditions moved from hx-trigger filters to studio.js
            page.click("label[for='resolution-720p']");
            assertThat(page.locator("#estimate")).containsText("1 s at 720p");
            page.click("label[for='resolution-480p']");
            page.click("label.aspect[data-aspect='9:16']");
            assertThat(page.locator("#estimate")).containsText("480×854");
            assertTrue(violations(page).isEmpty(), () -> "create page: " + violations(page));

            page.click("#create-form button[type='submit']");
            page.waitForURL(Pattern.compile(".*/jobs/[A-Za-z0-9]{20}$"));
            String id = URI.create(page.url()).getPath().substring("/jobs/".length());
            assertThat(page.locator("h1.job-title")).hasText(prompt);
            GenerationJob ended = Ledger.runUntilTerminal(worker, id);
            assertEquals(JobStatus.SUCCEEDED, ended.status, () -> "the job ended " + ended.status);
            // the live part of the job page swaps the finished video in over htmx
            page.locator("#job-live video.player").waitFor();
            assertTrue(violations(page).isEmpty(), () -> "job page: " + violations(page));

            for (String path : List.of("/jobs", "/gallery", "/collections", "/settings", "/q/swagger-ui/")) {
                page.navigate(base + path);
                page.waitForLoadState();
                assertTrue(violations(page).isEmpty(), () -> path + ": " + violations(page));
            }
            page.navigate(base + "/gallery");
            page.locator(".video-card[data-job-id='" + id + "']").click();
            assertThat(page.locator("#player")).isVisible();
            assertTrue(violations(page).isEmpty(), () -> "gallery player: " + violations(page));
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }
    }

    @Test
    void anotherPageCannotFrameTheStudio() {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            Page page = browser.newPage();
            List<String> console = new ArrayList<>();
            page.onConsoleMessage(m -> console.add(m.text()));
            String base = root.toString().replaceAll("/$", "");
            // a page of another origin (about:blank here) that frames the create page, prefilled, as a clickjacker
            // would
            page.setContent("<iframe id='studio' width='800' height='600' src='" + base + "/?prompt=framed'></iframe>");
            page.waitForLoadState();
            Frame frame = page.frames().stream()
                    .filter(f -> f != page.mainFrame())
                    .findFirst()
                    .orElseThrow();
            page.waitForCondition(() -> !frame.url().isEmpty() && !frame.url().equals("about:blank"));
            assertFalse(frame.url().startsWith(base), "the studio loaded inside the frame: " + frame.url());
            assertEquals(0, frame.locator("#create-form").count(), "the create form shows inside another page");
            assertTrue(
                    console.stream().anyMatch(t -> t.contains("frame-ancestors") || t.contains("X-Frame-Options")),
                    () -> "the browser says why it refused: " + console);
        }
    }
}
