package dev.imaginestudio.web;

import dev.imaginestudio.common.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site (cross-site request
 * forgery): a page elsewhere must not be able to queue paid jobs or delete videos through a user's
 * browser. Browsers mark such requests with {@code Sec-Fetch-Site} and {@code Origin}; scripts and provider
 * webhooks send neither and are not affected. An {@code Origin} of {@code null} (a sandboxed or data: page, or a
 * form posted from a page with no-referrer) is refused: it names no site the studio could trust.
 */
class SameOriginGuard {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SameOriginGuard.class);

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @jakarta.inject.Inject
    ErrorPage errorPage;

    @jakarta.inject.Inject
    AllowedHosts allowedHosts;

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
        String detail = "This request came from another site and was refused; use the studio's own pages or its API.";
        if (request.path().startsWith("/api/")) {
            return Problem.of(Response.Status.FORBIDDEN, detail, null).toResponse();
        }
        String html = errorPage.render(403, "Refused: sent from another site", detail);
        return Response.status(Response.Status.FORBIDDEN)
                .type("text/html;charset=UTF-8")
                .entity(html)
                .build();
    }
}
