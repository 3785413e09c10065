package dev.imaginestudio.gallery;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobViews;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * The owner's side of sharing one video: its page of share links and collections, and the panel on the job's
 * page. The forms that make and revoke links are {@link ShareForms}.
 */
@Path("/videos")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class SharingPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance video(VideoView view);

        static native TemplateInstance panel(VideoView view);
    }

    /** A video's sharing: its links, the collections it is in, and why the last action was refused. */
    public record VideoView(
            GenerationJob job,
            List<ShareRow> links,
            List<VideoCollection> inCollections,
            List<CollectionService.Summary> collections,
            String error,
            boolean sharePage) {}

    private final ShareService shares;
    private final JobViews views;

    SharingPages(ShareService shares, JobViews views) {
        this.shares = shares;
        this.views = views;
    }

    /** One read: the job page asks for the panel again when its job ends, so it should stay cheap. */
    VideoView view(String id, UriInfo uri, String error, boolean sharePage) {
        ShareService.VideoSharing read = shares.videoSharing(id);
        return new VideoView(
                read.job(),
                ShareRow.of(read.links(), views.baseUrl(uri)),
                read.inCollections(),
                read.collections(),
                error,
                sharePage);
    }

    @GET
    @Path("{id}/share")
    public TemplateInstance video(@PathParam("id") String id, @Context UriInfo uri) {
        return Templates.video(view(id, uri, null, true));
    }

    /** The collections-and-sharing card of a job's page (loaded by htmx; the page links to the full page too). */
    @GET
    @Path("{id}/panel")
    public TemplateInstance panel(@PathParam("id") String id, @Context UriInfo uri) {
        return Templates.panel(view(id, uri, null, false));
    }
}
