package dev.imaginestudio.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every answer of the studio (pages, API, static files, error pages and refusals alike), added
 * when the headers are written so no handler can forget them: no framing by other sites (one click on a framed,
 * prefilled create page would queue a paid job), no script but the studio's own files, no MIME sniffing, and no
 * {@code Referer} beyond the studio. Share pages under {@code /s/} send no {@code Referer} at all: their address holds
 * the share token. They are not framable either: a share has no "embed" choice of its owner yet, so the player at
 * {@code /s/<token>/embed} (the Twitter player card) plays on the share page, not inside other sites.
 */
@ApplicationScoped
class SecurityHeaders {

    /**
     * No inline script: the pages' behaviour lives in /js/studio.js, and htmx runs with allowEval off. Inline styles
     * stay allowed: templates size aspect-ratio boxes and progress bars with style attributes, and htmx adds its own
     * indicator style element.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none';"
            + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * Swagger UI (Quarkus's page, linked as "API docs") starts itself with an inline script; it is the only page
     * allowed one, and it shows no studio data until a person asks it to call the API.
     */
    static final String SWAGGER_CSP = CSP.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';");

    /** First of all handlers, so the refusals of the host check and the size limits carry the headers too. */
    void route(@Observes Router router) {
        router.route().order(-400).handler(this::add);
    }

    private void add(RoutingContext ctx) {
        String path = ctx.request().path();
        ctx.addHeadersEndHandler(v -> {
            MultiMap h = ctx.response().headers();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", path != null && path.startsWith("/s/") ? "no-referrer" : "same-origin");
            if (path == null || !path.startsWith("/q/dev-ui")) { // dev mode's own UI is built on inline scripts
                h.set("Content-Security-Policy", path != null && path.startsWith("/q/swagger-ui") ? SWAGGER_CSP : CSP);
            }
        });
        ctx.next();
    }
}
