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
 * webhooks send neither and are not affected.
 */
class SameOriginGuard {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SameOriginGuard.class);

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @jakarta.inject.Inject
    ErrorPage errorPage;

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
        if (origin != null && !origin.equals("null") && !sameHost(origin, request.getHeader("Host"))) {
            return forbidden(request);
        }
        return null;
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
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
