package dev.imaginestudio.gallery;

import dev.imaginestudio.common.Formats;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobViews;
import dev.imaginestudio.media.MediaResponses;
import dev.imaginestudio.media.MediaStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public side of share links, under {@code /s/{token}}: a page in its own minimal layout (nothing of the
 * studio around it), an embeddable player, and the shared videos and posters, served from the studio's own
 * copies with Range support. Media are addressed by their place in the share (1, 2, ...), never by job id.
 * An unknown, revoked or expired token gets one and the same 404.
 */
@jakarta.annotation.security.PermitAll
@Path("/s")
class SharePages {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance share(SharedView view);

        static native TemplateInstance embed(SharedView view);

        static native TemplateInstance gone();
    }

    /** One shared video as the page shows it: addresses under the share, its shape and, unless hidden, its prompt. */
    public record SharedItem(
            int number,
            String videoUrl,
            String posterUrl,
            int width,
            int height,
            String prompt,
            String duration,
            String aspectRatio) {

        public String ratio() {
            return width > 0 && height > 0 ? width + " / " + height : "16 / 9";
        }
    }

    /** A share page: title, videos, and the absolute addresses its OpenGraph and Twitter tags carry. */
    public record SharedView(
            String title,
            String description,
            boolean collection,
            List<SharedItem> items,
            String pageUrl,
            String embedUrl,
            boolean secure) {

        public SharedItem first() {
            return items.isEmpty() ? null : items.get(0);
        }
    }

    private final ShareService shares;
    private final MediaStore media;

    @jakarta.inject.Inject
    dev.imaginestudio.job.StoredVideos stored;

    private final JobViews views;
    /** The one answer for every token that does not work, rendered once so every such answer is byte-identical. */
    private final String goneHtml;

    SharePages(ShareService shares, MediaStore media, JobViews views) {
        this.shares = shares;
        this.media = media;
        this.views = views;
        this.goneHtml = Templates.gone().render();
    }

    private Response gone() {
        return gone(goneHtml);
    }

    /**
     * The answer for a dead or unknown token, and for anything else that goes wrong under {@code /s/}: always
     * this 404, so nothing tells a revoked or expired link from one that never existed.
     */
    static Response gone(String html) {
        return privateHeaders(
                        Response.status(Response.Status.NOT_FOUND).type(HTML).entity(html))
                .build();
    }

    /** Share answers are never cached by shared caches and never leak the token through a Referer. */
    private static Response.ResponseBuilder privateHeaders(Response.ResponseBuilder r) {
        return r.header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @GET
    @Path("{token}")
    @Produces(HTML)
    public Response page(@PathParam("token") String token, @Context UriInfo uri) {
        Optional<ShareService.Shared> shared = withStoredVideos(shares.resolve(token));
        if (shared.isEmpty()) {
            return gone();
        }
        return privateHeaders(Response.ok(Templates.share(view(shared.get(), token, uri)), HTML))
                .build();
    }

    @GET
    @Path("{token}/embed")
    @Produces(HTML)
    public Response embed(@PathParam("token") String token, @Context UriInfo uri) {
        Optional<ShareService.Shared> shared = withStoredVideos(shares.resolve(token));
        if (shared.isEmpty() || shared.get().all().isEmpty()) {
            return gone();
        }
        return privateHeaders(Response.ok(Templates.embed(view(shared.get(), token, uri)), HTML))
                .build();
    }

    @GET
    @Path("{token}/video.mp4")
    @Produces({"video/mp4", HTML})
    public Response video(
            @PathParam("token") String token,
            @HeaderParam("Range") String range,
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @HeaderParam("If-Range") String ifRange) {
        return media(token, "1", true, range, ifNoneMatch, ifRange);
    }

    @GET
    @Path("{token}/poster.jpg")
    @Produces({"image/jpeg", HTML})
    public Response poster(@PathParam("token") String token, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return media(token, "1", false, null, ifNoneMatch, null);
    }

    @GET
    @Path("{token}/{n}/video.mp4")
    @Produces({"video/mp4", HTML})
    public Response videoAt(
            @PathParam("token") String token,
            @PathParam("n") String n,
            @HeaderParam("Range") String range,
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @HeaderParam("If-Range") String ifRange) {
        return media(token, n, true, range, ifNoneMatch, ifRange);
    }

    @GET
    @Path("{token}/{n}/poster.jpg")
    @Produces({"image/jpeg", HTML})
    public Response posterAt(
            @PathParam("token") String token,
            @PathParam("n") String n,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        return media(token, n, false, null, ifNoneMatch, null);
    }

    /** Anything else under a share address is the same 404 too, never the studio's own error page. */
    @GET
    @Path("{token}/{rest: .+}")
    @Produces(HTML)
    public Response other(@PathParam("token") String token) {
        return gone();
    }

    /**
     * A shared video whose stored file is gone is no longer shared: one video's link becomes the dead-link 404 (a
     * public page says nothing about why), a collection's page leaves it out. Media addresses count the same way.
     */
    private Optional<ShareService.Shared> withStoredVideos(Optional<ShareService.Shared> shared) {
        if (shared.isEmpty()) {
            return shared;
        }
        ShareService.Shared s = shared.get();
        if (s.video() != null) {
            return stored.missing(s.video()) ? Optional.empty() : shared;
        }
        List<GenerationJob> kept =
                s.videos().stream().filter(j -> !stored.missing(j)).toList();
        return kept.size() == s.videos().size()
                ? shared
                : Optional.of(new ShareService.Shared(s.link(), null, s.collection(), kept));
    }

    private Response media(String token, String n, boolean video, String range, String ifNoneMatch, String ifRange) {
        Optional<ShareService.Shared> shared = withStoredVideos(shares.resolve(token));
        int index = position(n);
        if (shared.isEmpty() || index < 1 || index > shared.get().all().size()) {
            return gone();
        }
        GenerationJob job = shared.get().all().get(index - 1);
        Response r;
        try {
            r = video
                    ? MediaResponses.file(media.output(job.publicId, 0), "video/mp4", range, ifNoneMatch, ifRange, null)
                    : MediaResponses.file(media.poster(job.publicId), "image/jpeg", null, ifNoneMatch, null, null);
        } catch (NotFoundException e) {
            return gone();
        }
        // revalidated on every use, so a revoked link stops playing even where a browser kept a copy
        return Response.fromResponse(r)
                .header(HttpHeaders.CACHE_CONTROL, null)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static int position(String n) {
        if (n == null || !n.matches("[0-9]{1,6}")) {
            return -1;
        }
        return Integer.parseInt(n);
    }

    private SharedView view(ShareService.Shared shared, String token, UriInfo uri) {
        String base = views.baseUrl(uri);
        String page = base + "/s/" + token;
        boolean showPrompt = shared.link().showPrompt;
        List<SharedItem> items = new ArrayList<>();
        List<GenerationJob> all = shared.all();
        for (int i = 0; i < all.size(); i++) {
            GenerationJob job = all.get(i);
            int n = i + 1;
            String prefix = shared.video() != null ? page : page + "/" + n;
            items.add(new SharedItem(
                    n,
                    prefix + "/video.mp4",
                    prefix + "/poster.jpg",
                    job.width,
                    job.height,
                    showPrompt ? job.prompt : null,
                    job.outputDurationMs == null
                            ? job.durationSeconds + " s"
                            : String.format(java.util.Locale.ROOT, "%.1f s", job.outputDurationMs / 1000.0),
                    job.aspectRatio));
        }
        String title;
        String description;
        if (shared.collection() != null) {
            title = shared.collection().name;
            description = items.size() == 1 ? "1 video" : items.size() + " videos";
        } else {
            GenerationJob job = shared.video();
            title = showPrompt ? Formats.truncate(job.prompt, 90) : "A shared video";
            description = showPrompt ? Formats.truncate(job.prompt, 280) : "A video made with Imagine Studio";
        }
        return new SharedView(
                title,
                description,
                shared.collection() != null,
                items,
                page,
                page + "/embed",
                base.startsWith("https://"));
    }
}
