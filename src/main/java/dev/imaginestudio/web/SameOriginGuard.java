package dev.imaginestudio.web;

import dev.imaginestudio.common.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site (cross-site request
 * forgery): a page elsewhere must not be able to queue paid jobs or delete videos through a user's
 * browser. Browsers mark such requests with {@code Sec-Fetch-Site} and {@code Origin}; scripts and provider
 * webhooks send neither and are not affected. An {@code Origin} of {@code null} (a sandboxed or data: page, or a
 * form posted from a page with no-referrer) is refused: it names no site the studio could trust.
 *
 * <p>Headers are the browser's word; a browser session's writes also need its CSRF token ({@link CsrfTokens}), which
 * only the studio's own pages carry: see {@link #token}.
 */
class SameOriginGuard {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SameOriginGuard.class);

    /** The login cookie (account/StudioAuthentication's): a request with it is a browser's. */
    private static final String SESSION_COOKIE = "studio_session";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @jakarta.inject.Inject
    ErrorPage errorPage;

    @jakarta.inject.Inject
    AllowedHosts allowedHosts;

    @jakarta.inject.Inject
    CsrfTokens tokens;

    @ServerRequestFilter(preMatching = true)
    Response check(HttpServerRequest request) {
        if (SAFE.contains(request.method().name())) {
            return null;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return forbidden(request);
        }
        String origin = request.getHeader("Origin");
        // "null" is what a sandboxed frame, a data: page or a no-referrer form sends: never proof of the studio's page
        if (origin != null && !studioOrigin(origin, request.getHeader("Host"))) {
            return forbidden(request);
        }
        return null;
    }

    /**
     * Refuses a write made with the browser's cookies that does not carry the browser's CSRF token, as the header
     * (htmx, the page script's uploads) or the form field (every form). It applies where cookies are what the studio
     * would trust: a request with the session cookie or the CSRF cookie (which browsers get with the first page), and
     * always the login and setup forms (else a page elsewhere could log a browser into an account of its choosing). A
     * request with a Bearer token is authenticated by that token alone, which no other site can make a browser send;
     * provider webhooks carry no cookies; neither is affected. Runs after the form is read (the field may be in it);
     * the size limits refuse an oversized body before that.
     */
    @ServerRequestFilter
    @WithFormRead
    Response token(ResteasyReactiveContainerRequestContext context, HttpServerRequest request) {
        if (SAFE.contains(request.method().name()) || !needsToken(request)) {
            return null;
        }
        String sent = request.getHeader(CsrfTokens.HEADER);
        if (sent == null && context.getMediaType() != null && isForm(context.getMediaType())) {
            sent = (String) ((ResteasyReactiveRequestContext) context.getServerRequestContext())
                    .getFormParameter(CsrfTokens.FIELD, true, false);
        }
        if (tokens.matches(request, sent)) {
            return null;
        }
        LOG.warnf(
                "refused %s %s (403): %s CSRF token",
                request.method(), request.path(), sent == null ? "no" : "a wrong");
        return forbidden(
                request,
                "Refused: the page was out of date",
                "This form did not carry the studio's current security token (it may have been open since before a"
                        + " login or logout). Reload the page and send it again.");
    }

    private static boolean needsToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String path = request.path();
        return path.equals("/login")
                || path.equals("/setup")
                || CsrfTokens.hasCookie(request)
                || request.getCookie(SESSION_COOKIE) != null;
    }

    /** Exactly the two types a form posts as (a wildcard type such as {@code *}/{@code *} is no form). */
    private static boolean isForm(MediaType type) {
        String both = type.getType() + "/" + type.getSubtype();
        return both.equalsIgnoreCase(MediaType.APPLICATION_FORM_URLENCODED)
                || both.equalsIgnoreCase(MediaType.MULTIPART_FORM_DATA);
    }

    /**
     * True when a browser's {@code Origin} is the studio itself: the origin of {@code studio.public-url}, or the
     * request's own {@code Host} when that is a name the studio answers to. Comparing with {@code Host} alone would
     * trust a name the attacker chose (DNS rebinding); {@link AllowedHosts} refuses such requests earlier, and this
     * check does not rely on that.
     */
    private boolean studioOrigin(String origin, String host) {
        if (origin.equals("null") || host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            if (o.getScheme() == null || o.getHost() == null) {
                return false;
            }
            if (allowedHosts.publicOrigin().map(AllowedHosts.origin(o)::equals).orElse(false)) {
                return true;
            }
            String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return allowedHosts.allows(AllowedHosts.hostOf(o.getHost())) && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Response forbidden(HttpServerRequest request) {
        LOG.warnf(
                "refused %s %s (403): sent from another site (Origin %s)",
                request.method(), request.path(), request.getHeader("Origin"));
        return forbidden(
                request,
                "Refused: sent from another site",
                "This request came from another site and was refused; use the studio's own pages or its API.");
    }

    private Response forbidden(HttpServerRequest request, String title, String detail) {
        if (request.path().startsWith("/api/")) {
            return Problem.of(Response.Status.FORBIDDEN, detail, null).toResponse();
        }
        String html = errorPage.render(403, title, detail);
        return Response.status(Response.Status.FORBIDDEN)
                .type("text/html;charset=UTF-8")
                .entity(html)
                .build();
    }
}
