package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.provider.ModelCatalog;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A create form larger than the server takes ({@code quarkus.http.limits.max-body-size}) is answered with the form
 * and a message saying why, never with a bare "413 Request Entity Too Large" page. The page's script never sends
 * such a form (images go up one by one, checked before they are sent); a browser without it might.
 */
@ApplicationScoped
@RegisterForReflection
class FormBodyLimit {

    private static final Logger LOG = Logger.getLogger(FormBodyLimit.class);

    private final ModelCatalog catalog;
    private final long limit;

    FormBodyLimit(
            ModelCatalog catalog,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size")
                    io.quarkus.runtime.configuration.MemorySize limit) {
        this.catalog = catalog;
        this.limit = limit.asLongValue();
    }

    void route(@Observes Router router) {
        router.post("/jobs").order(-100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long bytes;
        try {
            bytes = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (ctx.request().method() != HttpMethod.POST || bytes <= limit) {
            ctx.next();
            return;
        }
        LOG.warnf("refused a create form of %d bytes (the limit is %d)", bytes, limit);
        String message = "The form was " + bytes / (1024 * 1024) + " MiB, more than the " + limit / (1024 * 1024)
                + " MiB the studio takes, so it was not read. Choose images of up to 20 MiB each, 36 MiB together, and try again.";
        CreateForm form = CreateForm.rejected(
                catalog,
                null,
                "",
                null,
                null,
                null,
                null,
                CreateForm.Inputs.NONE,
                List.of(new InvalidRequestException.FieldError("form", message)));
        // this answer is made before any resource runs: the page's layout needs a request context of its own
        io.quarkus.arc.ManagedContext requestContext =
                io.quarkus.arc.Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        String html;
        try {
            html = JobPages.Templates.create(form).render();
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
        ctx.response()
                .setStatusCode(413)
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Connection", "close")
                .end(html);
    }
}
