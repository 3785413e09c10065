package dev.imaginestudio.gallery;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/** The gallery: every finished video as a poster, newest first; a click plays it. */
@Path("/gallery")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class GalleryPages {

    static final int PAGE = 24;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance gallery(GalleryView view);
    }

    /** One page of videos; {@code more} is the cursor of the next page, or null on the last one. */
    public record GalleryView(List<GenerationJob> jobs, String more, boolean first) {
    }

    private final JobService jobs;

    GalleryPages(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance gallery(@RestQuery String after) {
        String cursor = after == null || after.isBlank() ? null : after.strip();
        List<GenerationJob> page = jobs.history(EnumSet.of(JobStatus.SUCCEEDED), cursor, PAGE + 1);
        boolean more = page.size() > PAGE;
        List<GenerationJob> shown = more ? page.subList(0, PAGE) : page;
        return Templates.gallery(new GalleryView(shown, more ? shown.get(shown.size() - 1).publicId : null, cursor == null));
    }
}
