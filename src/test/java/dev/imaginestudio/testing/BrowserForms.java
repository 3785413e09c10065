package dev.imaginestudio.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser holds to post the studio's forms: its CSRF cookie and the token the pages carry (web/CsrfTokens), read
 * from a page as a browser would. Tests under {@code @TestSecurity} send no cookie and need none of this.
 */
public record BrowserForms(String cookie, String token) {

    public static final String COOKIE = "studio_csrf";
    public static final String FIELD = "csrf_token";
    private static final Pattern FIELD_IN_PAGE = Pattern.compile("name=\"" + FIELD + "\" value=\"([^\"]+)\"");

    /** Opens a page with no cookie yet (the login or setup page, say) and keeps the cookie and token it gave. */
    public static BrowserForms open(String page) {
        Response answer = RestAssured.given().redirects().follow(false).get(page);
        String cookie = answer.cookie(COOKIE);
        assertNotNull(cookie, page + " sets the CSRF cookie");
        return new BrowserForms(cookie, tokenIn(answer.asString()));
    }

    /** The token in a page's forms. */
    public static String tokenIn(String page) {
        Matcher m = FIELD_IN_PAGE.matcher(page);
        assertTrue(m.find(), "the page's forms carry the CSRF token");
        return m.group(1);
    }

    /** A request with this browser's CSRF cookie and, as a form field, its token. */
    public RequestSpecification form() {
        return RestAssured.given().cookie(COOKIE, cookie).formParam(FIELD, token);
    }
}
