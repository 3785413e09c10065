package dev.imaginestudio.gallery;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobSearch;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.job.SearchForm;
import dev.imaginestudio.provider.ModelCatalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumSet;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The gallery: every finished video as a poster, newest first, filtered by a GET form and paged by keyset;
 * a click plays it in a lightbox, and selected videos go into a collection.
 */
@Path("/gallery")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class GalleryPages {

    static final int PAGE = 24;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance gallery(GalleryView view);
    }

    /** One page of videos; {@code more} is the link to the next page, or null on the last one. */
    public record GalleryView(List<GenerationJob> jobs, SearchForm form, String more, boolean first) {}

    private final JobSearch search;
    private final ModelCatalog catalog;

    GalleryPages(JobSearch search, ModelCatalog catalog) {
        this.search = search;
        this.catalog = catalog;
    }

    @GET
    public TemplateInstance gallery(
            @RestQuery String q,
            @RestQuery String mode,
            @RestQuery String model,
            @RestQuery String route,
            @RestQuery("aspect_ratio") String aspect,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery String after) {
        SearchForm form =
                SearchForm.of("/gallery", catalog, q, null, mode, model, route, aspect, from, to, null, null, null);
        String cursor = after == null || after.isBlank() ? null : after.strip();
        JobSearch.Page page = search.search(form.query(EnumSet.of(JobStatus.SUCCEEDED), cursor, PAGE));
        return Templates.gallery(new GalleryView(
                page.jobs(),
                form,
                page.nextCursor() == null ? null : form.nextHref(page.nextCursor()),
                cursor == null));
    }
}
