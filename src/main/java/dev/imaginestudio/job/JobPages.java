package dev.imaginestudio.job;

import dev.imaginestudio.job.InvalidRequestException.FieldError;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The pages of the job ledger: the create form, the history and a job's own page, plus the htmx fragments
 * that keep running jobs up to date without reloading.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class JobPages {

    static final int HISTORY_PAGE = 20;
    /** The polling answer that tells htmx to stop polling (and still swap what it got). */
    static final int STOP_POLLING = 286;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance create(CreateForm form);

        static native TemplateInstance create$form(CreateForm form);

        static native TemplateInstance estimate(CreateForm.Estimate estimate, List<CreateForm.AspectOption> aspects);

        static native TemplateInstance history(HistoryView view);

        static native TemplateInstance history$row(GenerationJob job);

        static native TemplateInstance detail(DetailView view);

        static native TemplateInstance detail$live(DetailView view);

        static native TemplateInstance gone(String id, boolean row);
    }

    /** One status filter of the history. */
    public record Filter(String value, String label, boolean active) {

        public String href() {
            return value.isEmpty() ? "/jobs" : "/jobs?status=" + value;
        }
    }

    /** One page of history. {@code older} is the cursor of the next page, or null on the last page. */
    public record HistoryView(List<GenerationJob> jobs, String status, List<Filter> filters, String older, boolean first) {

        public String olderHref() {
            return "/jobs?" + (status.isEmpty() ? "" : "status=" + status + "&") + "after=" + older;
        }
    }

    /** A job's page: the job, its timeline and the names of what serves it. */
    public record DetailView(GenerationJob job, List<JobEvent> timeline, String routeName, String modelName,
                             List<JobInput> inputs) {

        public JobEvent lastEvent() {
            return timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
        }
    }

    private final JobService jobs;
    private final JobValidator validator;
    private final ModelCatalog catalog;

    JobPages(JobService jobs, JobValidator validator, ModelCatalog catalog) {
        this.jobs = jobs;
        this.validator = validator;
        this.catalog = catalog;
    }

    // ------------------------------------------------------------------------------------------------
    // Create

    /** The create form; {@code remix} prefills it from an earlier job, the other parameters from a link. */
    @GET
    @Operation(hidden = true)
    public TemplateInstance create(@RestQuery String remix, @RestQuery String model, @RestQuery String prompt,
                                   @RestQuery String duration, @RestQuery String resolution,
                                   @RestQuery("aspect_ratio") String aspectRatio, @RestQuery String seed) {
        if (remix != null && !remix.isBlank()) {
            GenerationJob job = jobs.get(remix.strip());
            // the remix reuses the stored inputs by reference: nothing is uploaded again
            List<String> stored = jobs.inputs(job).stream().map(i -> "job:" + job.publicId + "/" + i.position).toList();
            CreateForm.Inputs inputs = switch (job.mode) {
                case IMAGE -> new CreateForm.Inputs("image", stored.isEmpty() ? null : stored.get(0), List.of());
                case REFERENCE -> new CreateForm.Inputs("reference", null, stored);
                case TEXT -> CreateForm.Inputs.NONE;
            };
            return Templates.create(CreateForm.prefill(catalog, job.modelId, job.prompt,
                    String.valueOf(job.durationSeconds), job.resolution, job.aspectRatio,
                    job.seed == null ? null : String.valueOf(job.seed), job.publicId, inputs));
        }
        return Templates.create(CreateForm.prefill(catalog, model, prompt, duration, resolution, aspectRatio, seed, null));
    }

    /** The form again for another model (htmx swaps it in when the model changes), keeping what still fits. */
    @POST
    @Operation(hidden = true)
    @Path("jobs/form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance form(@RestForm String model, @RestForm String prompt, @RestForm String duration,
                                 @RestForm String resolution, @RestForm("aspect_ratio") String aspectRatio,
                                 @RestForm String seed, @RestForm String mode, @RestForm("first_frame") String firstFrame,
                                 @RestForm List<String> references) {
        return Templates.create$form(CreateForm.prefill(catalog, model, prompt, duration, resolution, aspectRatio, seed, null,
                new CreateForm.Inputs(mode, firstFrame, references)));
    }

    /** The live estimate and the pixel sizes of the aspect picker for the current choices. */
    @GET
    @Operation(hidden = true)
    @Path("jobs/estimate")
    public TemplateInstance estimate(@RestQuery String model, @RestQuery String duration, @RestQuery String resolution,
                                     @RestQuery("aspect_ratio") String aspectRatio, @RestQuery("image_count") String imageCount) {
        ModelCapabilities m = catalog.find(model).orElseGet(catalog::defaultModel);
        Integer images = CreateForm.parseInt(imageCount);
        int count = images == null ? 0 : Math.max(0, Math.min(images, Math.max(1, m.maxReferenceImages())));
        return Templates.estimate(CreateForm.estimate(m, resolution, CreateForm.parseInt(duration), aspectRatio, count),
                CreateForm.aspects(m, resolution, aspectRatio));
    }

    /** Queues a job from the form: 303 to its page, or the form again (400) with every error beside its field. */
    @POST
    @Operation(hidden = true)
    @Path("jobs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@RestForm String model, @RestForm String prompt, @RestForm String duration,
                           @RestForm String resolution, @RestForm("aspect_ratio") String aspectRatio,
                           @RestForm String seed, @RestForm String mode, @RestForm("first_frame") String firstFrame,
                           @RestForm List<String> references) {
        CreateForm.Inputs inputs = new CreateForm.Inputs(mode, firstFrame, references);
        List<FieldError> errors = new ArrayList<>();
        List<JobRequest.ImageInput> images = images(inputs, errors);
        Integer seconds = null;
        if (duration != null && !duration.isBlank()) {
            seconds = CreateForm.parseInt(duration);
            if (seconds == null) {
                errors.add(new FieldError("duration", "duration must be a whole number of seconds, not '" + duration.strip() + "'"));
            }
        }
        Long seedValue = null;
        if (seed != null && !seed.isBlank()) {
            try {
                seedValue = Long.valueOf(seed.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("seed", "seed must be a whole number from 0 to 4294967295, not '" + seed.strip() + "'"));
            }
        }
        JobRequest request = new JobRequest(blankToNull(model), prompt, seconds, blankToNull(resolution),
                blankToNull(aspectRatio), null, seedValue, null, images);
        try {
            if (!errors.isEmpty()) {
                // the rest of the form is checked too, so every mistake shows at once; nothing is stored
                try {
                    validator.validate(request);
                } catch (InvalidRequestException e) {
                    errors.addAll(e.errors());
                }
                throw new InvalidRequestException(errors);
            }
            GenerationJob job = jobs.create(request, null).job();
            return Response.seeOther(URI.create("/jobs/" + job.publicId)).build();
        } catch (InvalidRequestException e) {
            CreateForm form = CreateForm.rejected(catalog, model, prompt, duration, resolution, aspectRatio, seed, inputs, e.errors());
            return Response.status(Response.Status.BAD_REQUEST).entity(Templates.create(form)).build();
        }
    }

    /**
     * The images of the chosen mode. A form carries uploads as {@code data:} URLs and images of an earlier job as
     * {@code job:<id>/<position>}; the latter are read from the media store, so a remix uploads nothing.
     */
    private List<JobRequest.ImageInput> images(CreateForm.Inputs inputs, List<FieldError> errors) {
        List<JobRequest.ImageInput> images = new ArrayList<>();
        if (inputs.mode().equals("image")) {
            if (inputs.firstFrame() == null || inputs.firstFrame().isBlank()) {
                errors.add(new FieldError("first_frame", "choose a first-frame image for image to video"));
            } else {
                images.add(image("first_frame", "first_frame", inputs.firstFrame(), errors));
            }
        } else if (inputs.mode().equals("reference")) {
            if (inputs.references().isEmpty()) {
                errors.add(new FieldError("references", "add at least one reference image for reference to video"));
            }
            for (int i = 0; i < inputs.references().size(); i++) {
                images.add(image("references[" + i + "]", JobRequest.ImageInput.REFERENCE, inputs.references().get(i), errors));
            }
        }
        return images.stream().filter(java.util.Objects::nonNull).toList();
    }

    private JobRequest.ImageInput image(String field, String role, String value, List<FieldError> errors) {
        String v = value.strip();
        if (v.startsWith("job:")) {
            String[] p = v.substring(4).split("/", 2);
            try {
                return new JobRequest.ImageInput(field, role, null, jobs.storedInput(p[0], Integer.parseInt(p[1])));
            } catch (RuntimeException e) {
                errors.add(new FieldError(field, "the image of the earlier job is no longer stored; choose it again"));
                return null;
            }
        }
        if (!v.startsWith("data:")) {
            errors.add(new FieldError(field, "the image could not be read; choose it again"));
            return null;
        }
        return new JobRequest.ImageInput(field, role, v, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ------------------------------------------------------------------------------------------------
    // History

    @GET
    @Operation(hidden = true)
    @Path("jobs")
    public TemplateInstance history(@RestQuery String status, @RestQuery String after) {
        String filter = status == null ? "" : status.strip();
        Set<JobStatus> statuses = switch (filter) {
            case "" -> null;
            case "active" -> EnumSet.of(JobStatus.QUEUED, JobStatus.SUBMITTING, JobStatus.PENDING, JobStatus.RUNNING,
                    JobStatus.DOWNLOADING);
            case "completed" -> EnumSet.of(JobStatus.SUCCEEDED);
            case "failed" -> EnumSet.of(JobStatus.FAILED);
            case "expired" -> EnumSet.of(JobStatus.EXPIRED);
            case "cancelled" -> EnumSet.of(JobStatus.CANCELLED);
            default -> throw new InvalidRequestException("status",
                    "status must be one of active, completed, failed, expired, cancelled, not '" + filter + "'");
        };
        String cursor = after == null || after.isBlank() ? null : after.strip();
        List<GenerationJob> page = jobs.history(statuses, cursor, HISTORY_PAGE + 1);
        boolean more = page.size() > HISTORY_PAGE;
        List<GenerationJob> shown = more ? page.subList(0, HISTORY_PAGE) : page;
        List<Filter> filters = List.of(
                new Filter("", "All", filter.isEmpty()),
                new Filter("active", "Active", filter.equals("active")),
                new Filter("completed", "Ready", filter.equals("completed")),
                new Filter("failed", "Failed", filter.equals("failed")),
                new Filter("expired", "Expired", filter.equals("expired")),
                new Filter("cancelled", "Cancelled", filter.equals("cancelled")));
        return Templates.history(new HistoryView(shown, filter, filters,
                more ? shown.get(shown.size() - 1).publicId : null, cursor == null));
    }

    /** One history row; while the job runs the row polls this address, and stops once it has ended. */
    @GET
    @Operation(hidden = true)
    @Path("jobs/{id}/row")
    public Response row(@PathParam("id") String id) {
        try {
            return Response.ok(Templates.history$row(jobs.get(id))).build();
        } catch (JobNotFoundException e) {
            return Response.status(STOP_POLLING).entity(Templates.gone(id, true)).build();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // A job's page

    @GET
    @Operation(hidden = true)
    @Path("jobs/{id}")
    public TemplateInstance detail(@PathParam("id") String id) {
        return Templates.detail(detailView(jobs.get(id)));
    }

    /** The changing part of a job's page: polled while the job runs; the final answer carries the player. */
    @GET
    @Operation(hidden = true)
    @Path("jobs/{id}/live")
    public Response live(@PathParam("id") String id) {
        try {
            return Response.ok(Templates.detail$live(detailView(jobs.get(id)))).build();
        } catch (JobNotFoundException e) {
            return Response.status(STOP_POLLING).entity(Templates.gone(id, false)).build();
        }
    }

    @POST
    @Operation(hidden = true)
    @Path("jobs/{id}/delete")
    public Response delete(@PathParam("id") String id) {
        jobs.delete(id);
        return Response.seeOther(URI.create("/jobs")).build();
    }

    private DetailView detailView(GenerationJob job) {
        VideoProvider provider = catalog.provider(job.route).orElse(null);
        String modelName = catalog.find(job.modelId).map(ModelCapabilities::name).orElse(job.modelId);
        return new DetailView(job, jobs.timeline(job), provider == null ? job.route : provider.displayName(), modelName,
                jobs.inputs(job));
    }
}
