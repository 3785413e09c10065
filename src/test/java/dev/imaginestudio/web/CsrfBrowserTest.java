package dev.imaginestudio.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Browsers;
import dev.imaginestudio.testing.Images;
import dev.imaginestudio.testing.Ledger;
import dev.imaginestudio.testing.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real browser with a real login (no {@code @TestSecurity}): every write the pages make (the login form, an htmx
 * post, the script's image upload, the create form, the delete form) carries the CSRF token the pages hold, and
 * none breaks the Content-Security-Policy.
 */
@QuarkusTest
class CsrfBrowserTest {

    private static final String RECORD_VIOLATIONS = "window.__csp = [];"
            + " document.addEventListener('securitypolicyviolation',"
            + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobWorker worker;

    @Test
    void logInCreateWithAnUploadAndDeleteAllWithThePagesTokens() {
        try (Playwright playwright = Browsers.playwright();
                Browser browser = Browsers.chromium(playwright)) {
            Page page = browser.newPage();
            page.addInitScript(RECORD_VIOLATIONS);
            List<String> problems = new CopyOnWriteArrayList<>();
            page.onResponse(r -> {
                if (r.status() >= 400) {
                    problems.add(r.request().method() + " " + r.url() + " answered " + r.status());
                }
            });
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy") || m.text().contains("Refused to")) {
                    problems.add(page.url() + ": " + m.text());
                }
            });
            page.onDialog(d -> d.accept());
            String base = root.toString().replaceAll("/$", "");

            page.navigate(base + "/");
            page.waitForURL(Pattern.compile(".*/login.*"));
            page.fill("#username", TestAccounts.ADMIN);
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("form[action='/login'] button[type='submit']");
            page.waitForURL(base + "/");
            assertThat(page.locator("#create-form")).isVisible();
            noViolations(page);

            // htmx: changing the model posts the form to /jobs/form and swaps it in, token and all
            page.waitForResponse(
                    r -> r.url().endsWith("/jobs/form") && r.status() == 200,
                    () -> page.locator("#model").dispatchEvent("change"));
            assertThat(page.locator("#create-form input[name='csrf_token']")).hasCount(1);

            // the drop zone's upload is the script's fetch(), which sends the token as a header
            page.click("label[for='mode-image']");
            page.setInputFiles(
                    "#first-frame-file",
                    new FilePayload("frame.png", "image/png", Images.encode(Images.solid(160, 90, Color.CYAN), "png")));
            assertThat(page.locator("[data-thumbs='first_frame'] input[name='first_frame']"))
                    .hasAttribute("value", Pattern.compile("upload:[A-Za-z0-9]{20}"));
            page.fill("#prompt", "A paper boat on a pond, sent with its CSRF token");
            page.locator("#duration").fill("1");
            page.click("#create-form button[type='submit']");
            page.waitForURL(Pattern.compile(".*/jobs/[A-Za-z0-9]{20}$"));
            String id = URI.create(page.url()).getPath().substring("/jobs/".length());
            noViolations(page);

            Ledger.runUntilTerminal(worker, id);
            page.reload();
            page.click("form[action='/jobs/" + id + "/delete'] button[type='submit']");
            page.waitForURL(url -> !url.endsWith("/jobs/" + id));
            noViolations(page);
            given().header("Authorization", "Bearer " + TestAccounts.ADMIN_TOKEN)
                    .get("/api/v1/videos/" + id)
                    .then()
                    .statusCode(404);
            assertEquals(List.of(), problems);
        }
    }

    private static void noViolations(Page page) {
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.evaluate("() => window.__csp || []");
        assertTrue(seen.isEmpty(), () -> page.url() + ": " + seen);
    }
}
