package dev.imaginestudio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.common.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Refusals made by Vert.x route handlers, before any resource runs (size limits, unknown hosts): answered as every
 * other refusal is, problem+json under {@code /api} and the studio's error page elsewhere, never a bare status line.
 */
@ApplicationScoped
class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private final ErrorPage errorPage;
    private final ObjectMapper json;

    Refusals(ErrorPage errorPage, ObjectMapper json) {
        this.errorPage = errorPage;
        this.json = json;
    }

    /** Ends the request with this refusal and closes the connection: the rest of the request is not worth reading. */
    void send(RoutingContext ctx, int status, String title, String detail) {
        String path = ctx.request().path();
        LOG.warnf("refused %s (%d): %s", path.length() > 200 ? path.substring(0, 200) + "…" : path, status, detail);
        String type;
        String body;
        if (path.startsWith("/api/")) {
            type = Problem.MEDIA_TYPE;
            body = problem(status, title, detail);
        } else {
            type = "text/html;charset=UTF-8";
            body = errorPage.render(status, title, detail);
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", type)
                .putHeader("Connection", "close")
                .end(body);
    }

    private String problem(int status, String title, String detail) {
        try {
            return json.writeValueAsString(Problem.of(status, title, detail, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
