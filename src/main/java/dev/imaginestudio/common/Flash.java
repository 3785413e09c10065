package dev.imaginestudio.common;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A message shown once on the page a POST redirects to ("Job deleted.", "3 videos added."): carried by a short-lived
 * cookie, shown by the layout, and cleared by that page's answer, so a reload or a bookmarked address never brings it
 * back (as a notice in the URL did).
 */
@RequestScoped
@Named("flash")
public class Flash {

    static final String COOKIE = "studio_flash";

    private String message;

    /** The cookie that carries {@code message} to the next page. */
    public static NewCookie cookie(String message) {
        String m = message.length() > 300 ? message.substring(0, 299) + "…" : message;
        return new NewCookie.Builder(COOKIE)
                .value(URLEncoder.encode(m, StandardCharsets.UTF_8))
                .path("/")
                .maxAge(120)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    void show(String message) {
        this.message = message;
    }

    /** The message to show on this page, or null. */
    public String getMessage() {
        return message;
    }

    static class Filters {

        @jakarta.inject.Inject
        Flash flash;

        @ServerRequestFilter
        void read(ContainerRequestContext request) {
            Cookie c = request.getCookies().get(COOKIE);
            if (c != null
                    && c.getValue() != null
                    && !c.getValue().isBlank()
                    && request.getHeaderString("HX-Request") == null) {
                flash.show(URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8));
            }
        }

        /** A whole page that showed the message clears it; fragments, media and redirects leave it for the page. */
        @ServerResponseFilter
        void clear(ContainerRequestContext request, ContainerResponseContext response) {
            MediaType type = response.getMediaType();
            if (flash.getMessage() != null
                    && response.getStatus() < 300
                    && type != null
                    && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                response.getHeaders()
                        .add(
                                "Set-Cookie",
                                new NewCookie.Builder(COOKIE)
                                        .value("")
                                        .path("/")
                                        .maxAge(0)
                                        .httpOnly(true)
                                        .sameSite(NewCookie.SameSite.LAX)
                                        .build());
            }
        }
    }
}
