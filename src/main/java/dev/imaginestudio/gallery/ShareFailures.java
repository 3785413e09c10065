package dev.imaginestudio.gallery;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The share pages' own error answer: whatever fails under {@code /s/} (an unknown address, a wrong method, an error
 * mapped elsewhere) leaves as the one byte-identical 404 of a dead link, so nothing there shows the studio or tells a
 * revoked link from one that never existed.
 */
class ShareFailures {

    private static final MediaType HTML = MediaType.valueOf(SharePages.HTML);
    private final String goneHtml = SharePages.Templates.gone().render();

    @ServerResponseFilter
    void asDeadLink(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        // a range outside a shared video is the player's business, answered as such
        if (response.getStatus() < 400
                || response.getStatus() == 416
                || !(path.equals("/s") || path.startsWith("/s/"))) {
            return;
        }
        response.setStatus(404);
        response.getHeaders().clear();
        response.setEntity(goneHtml, new Annotation[0], HTML);
        response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
