package dev.imaginestudio.web;

import dev.imaginestudio.config.StudioConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The size limits of a request, checked before anything reads it, each answered as every other refusal is
 * (problem+json under {@code /api}, the error page elsewhere) instead of Vert.x's bare status line: an over-long address
 * (414), oversized headers (431), and a body larger than its address takes (413). Only creating a job and uploading an
 * image take large bodies; every other address takes {@code studio.limits.max-small-body}, so forty concurrent 59 MB
 * posts to a collection endpoint never reach a parser. Those that do take large bodies read at most
 * {@code studio.limits.max-large-bodies} of them at once (a 503 with Retry-After beyond), so concurrent uploads cannot
 * take the heap; a body of unknown length (chunked) counts as large there and is refused (411) where no images go.
 */
@ApplicationScoped
class RequestLimits {

    private final long maxSmallBody;
    private final long maxUri;
    private final long maxHeaders;
    private final int maxLargeBodies;
    private final AtomicInteger largeBodies = new AtomicInteger();
    private final Refusals refusals;

    RequestLimits(StudioConfig config, Refusals refusals) {
        this.maxSmallBody = config.limits().maxSmallBody().asLongValue();
        this.maxUri = config.limits().maxUri().asLongValue();
        this.maxHeaders = config.limits().maxHeaders().asLongValue();
        this.maxLargeBodies = config.limits().maxLargeBodies();
        this.refusals = refusals;
    }

    void route(@Observes Router router) {
        router.route().order(-200).handler(this::check);
    }

    /** Addresses whose bodies carry images: they take up to quarkus.http.limits.max-body-size. */
    static boolean takesImages(HttpMethod method, String path) {
        return method == HttpMethod.POST
                && (path.equals("/api/v1/videos") || path.equals("/jobs") || path.equals("/uploads"));
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxUri) {
            refuse(
                    ctx,
                    414,
                    "URI Too Long",
                    "The address is " + request.uri().length() + " characters long; the studio reads at most " + maxUri
                            + ". Send long values in a request body.");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headerBytes > maxHeaders) {
            refuse(
                    ctx,
                    431,
                    "Request Header Fields Too Large",
                    "The request headers total " + headerBytes + " bytes; the studio reads at most " + maxHeaders
                            + ".");
            return;
        }
        long length = contentLength(request);
        boolean images = takesImages(request.method(), request.path());
        boolean unknownLength = length < 0 && request.headers().contains("Transfer-Encoding");
        if (length > maxSmallBody && !images) {
            refuse(
                    ctx,
                    413,
                    "Content Too Large",
                    "The request body is " + length + " bytes; " + request.path() + " takes at most " + maxSmallBody
                            + " bytes (only creating a video and uploading an image take more).");
            return;
        }
        // provider webhooks are left to the global limit: a refused delivery would only cost a poll, but why risk it
        if (unknownLength && !images && !request.path().startsWith("/api/v1/webhooks/")) {
            refuse(
                    ctx,
                    411,
                    "Length Required",
                    "Send the request body with a Content-Length: " + request.path() + " takes at most " + maxSmallBody
                            + " bytes and does not read a body of unknown length.");
            return;
        }
        if (images && (length > maxSmallBody || unknownLength)) {
            if (!takeLargeBodySlot()) {
                ctx.response().putHeader("Retry-After", "5");
                refuse(
                        ctx,
                        503,
                        "Service Unavailable",
                        "The studio is reading " + maxLargeBodies + " large uploads already; send this one again in a"
                                + " few seconds. Nothing was stored.");
                return;
            }
            ctx.addEndHandler(done -> largeBodies.decrementAndGet());
        }
        ctx.next();
    }

    private boolean takeLargeBodySlot() {
        while (true) {
            int now = largeBodies.get();
            if (now >= maxLargeBodies) {
                return false;
            }
            if (largeBodies.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(RoutingContext ctx, int status, String title, String detail) {
        refusals.send(ctx, status, title, detail);
    }
}
