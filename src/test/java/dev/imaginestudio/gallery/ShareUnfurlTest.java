package dev.imaginestudio.gallery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Videos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A studio published at an https address: a pasted share link unfurls as a playable video, with every tag's
 * address absolute under {@code studio.public-url}, whatever host the request came in on.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(ShareUnfurlTest.Published.class)
class ShareUnfurlTest {

    public static class Published implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("studio.public-url", "https://studio.example.org/");
        }
    }

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    private static String tag(String html, String attribute, String name) {
        Matcher m = Pattern.compile("<meta " + attribute + "=\"" + Pattern.quote(name) + "\" content=\"([^\"]*)\">")
                .matcher(html);
        assertTrue(m.find(), "tag " + name + " is on the page");
        return m.group(1);
    }

    @Test
    void theShareLinkUnfurlsAsAPlayableVideo() {
        String video = Videos.finished(jobs, worker, "9:16", List.of("A jellyfish drifting in blue light"))
                .get(0);
        String token = Videos.share(video);
        String url = given().get("/api/v1/shares/" + token).then().extract().path("url");
        assertEquals("https://studio.example.org/s/" + token, url);

        String html =
                given().get("/s/" + token).then().statusCode(200).extract().asString();
        String base = "https://studio.example.org/s/" + token;
        assertEquals(base, tag(html, "property", "og:url"));
        assertEquals("video.other", tag(html, "property", "og:type"));
        assertEquals("A jellyfish drifting in blue light", tag(html, "property", "og:title"));
        assertEquals(base + "/video.mp4", tag(html, "property", "og:video"));
        assertEquals(base + "/video.mp4", tag(html, "property", "og:video:secure_url"));
        assertEquals("video/mp4", tag(html, "property", "og:video:type"));
        assertEquals("480", tag(html, "property", "og:video:width"));
        assertEquals("854", tag(html, "property", "og:video:height"));
        assertEquals(base + "/poster.jpg", tag(html, "property", "og:image"));
        assertEquals("player", tag(html, "name", "twitter:card"));
        assertEquals(base + "/embed", tag(html, "name", "twitter:player"));
        assertEquals("480", tag(html, "name", "twitter:player:width"));
        assertEquals("854", tag(html, "name", "twitter:player:height"));
        assertEquals(base + "/poster.jpg", tag(html, "name", "twitter:image"));

        // the player card's iframe: the video and nothing else
        String embed = given().get("/s/" + token + "/embed")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(embed.contains("<video controls playsinline preload=\"metadata\" src=\"" + base + "/video.mp4\""));
        assertTrue(!embed.contains(video) && !embed.contains("/api/"));
    }
}
