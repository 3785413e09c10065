package dev.imaginestudio.web;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The studio's one HTML error page, for every refusal a person in a browser sees. Some refusals are made before any
 * resource runs (size limits), where no request context is active yet: the layout needs one, so it is opened here.
 */
@ApplicationScoped
class ErrorPage {

    @Location("error.html")
    Template template;

    String render(int status, String title, String detail) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return template.data("status", status)
                    .data("title", title)
                    .data("detail", detail)
                    .render();
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }
}
