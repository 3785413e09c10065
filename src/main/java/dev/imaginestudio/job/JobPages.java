package dev.imaginestudio.job;

import dev.imaginestudio.common.BudgetExceededException;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.Formats;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.InvalidRequestException.FieldError;
import dev.imaginestudio.media.UploadStage;
import dev.imaginestudio.provider.GenerationMode;
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
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The pages of the job ledger: the create form and a job's own page, plus the htmx fragments that keep a running
 * job up to date without reloading. The history is {@link HistoryPages}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class JobPages {

    @jakarta.inject.Inject
    dev.imaginestudio.account.Caller caller;

    private static final Logger LOG = Logger.getLogger(JobPages.class);
    /** The polling answer that tells htmx to stop polling (and still swap what it got). */
    static final int STOP_POLLING = 286;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance create(CreateForm form);

        static native TemplateInstance create$form(CreateForm form);

        static native TemplateInstance estimate(CreateForm.Estimate estimate, List<CreateForm.AspectOption> aspects);

        static native TemplateInstance detail(DetailView view);

        static native TemplateInstance detail$live(DetailView view);

        static native TemplateInstance gone(String id, boolean row);
    }

    /**
     * A job's page: what {@link JobReads#detail} read, the names of what serves the job, and {@code message}: why an
     * action was refused.
     */
    public record DetailView(JobReads.Detail read, String routeName, String modelName, String message) {

        public GenerationJob job() {
            return read.job();
        }

        /** The job still changes: the page listens to its events. */
        public boolean live() {
            return !read.job().status.terminal();
        }

        /** Queued, waiting or generating: the studio can cancel it (sending and copying cannot be interrupted). */
        public boolean cancellable() {
            return switch (job().status) {
                case QUEUED, PENDING, RUNNING -> true;
                default -> false;
            };
        }

        /** A job at the provider whose route has no cancel endpoint bills anyway: the button says so. */
        public String cancelConfirm() {
            GenerationJob job = job();
            if (job.status == JobStatus.QUEUED) {
                return "Cancel this job? It has not been sent yet, so nothing is charged.";
            }
            if (dev.imaginestudio.provider.local.LocalPreviewProvider.ROUTE.equals(job.route)) {
                return "Cancel this preview? The render stops; previews are free.";
            }
            return "Cancel this job? " + routeName + " may not be able to stop it: it may still finish and bill.";
        }
    }

    private final JobService jobs;
    private final JobReads reads;
    private final JobValidator validator;
    private final ModelCatalog catalog;
    private final UploadStage uploads;

    JobPages(JobService jobs, JobReads reads, JobValidator validator, ModelCatalog catalog, UploadStage uploads) {
        this.reads = reads;
        this.uploads = uploads;
        this.jobs = jobs;
        this.validator = validator;
        this.catalog = catalog;
    }

    // ------------------------------------------------------------------------------------------------
    // Create

    /** The create form; {@code remix} prefills it from an earlier job, the other parameters from a link. */
    @GET
    public TemplateInstance create(
            @RestQuery String remix,
            @RestQuery String model,
            @RestQuery String prompt,
            @RestQuery String duration,
            @RestQuery String resolution,
            @RestQuery("aspect_ratio") String aspectRatio,
            @RestQuery String seed) {
        if (remix != null && !remix.isBlank()) {
            JobReads.Detail read = reads.detail(remix.strip());
            GenerationJob job = read.job();
            // the remix reuses the stored inputs by reference: nothing is uploaded again
            List<String> stored = read.inputs().stream()
                    .map(i -> "job:" + job.publicId + "/" + i.position)
                    .toList();
            CreateForm.Inputs inputs = switch (job.mode) {
                case IMAGE ->
                    new CreateForm.Inputs(GenerationMode.IMAGE, stored.isEmpty() ? null : stored.get(0), List.of());
                case REFERENCE -> new CreateForm.Inputs(GenerationMode.REFERENCE, null, stored);
                case TEXT -> CreateForm.Inputs.NONE;
            };
            return Templates.create(CreateForm.prefill(
                    catalog,
                    job.modelId,
                    job.prompt,
                    String.valueOf(job.durationSeconds),
                    job.resolution,
                    job.aspectRatio,
                    job.seed == null ? null : String.valueOf(job.seed),
                    job.publicId,
                    inputs));
        }
        return Templates.create(
                CreateForm.prefill(catalog, model, prompt, duration, resolution, aspectRatio, seed, null));
    }

    /** The form again for another model (htmx swaps it in when the model changes), keeping what still fits. */
    @POST
    @Path("jobs/form")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public TemplateInstance form(
            @RestForm String model,
            @RestForm String prompt,
            @RestForm String duration,
            @RestForm String resolution,
            @RestForm("aspect_ratio") String aspectRatio,
            @RestForm String seed,
            @RestForm String mode,
            @RestForm("first_frame") String firstFrame,
            @RestForm List<String> references) {
        // images travel by id (upload:<id>, job:<id>/<n>): a new model never sends them again
        return Templates.create$form(CreateForm.prefill(
                catalog,
                model,
                prompt,
                duration,
                resolution,
                aspectRatio,
                seed,
                null,
                new CreateForm.Inputs(mode, firstFrame, references)));
    }

    /** The live estimate and the pixel sizes of the aspect picker for the current choices. */
    @GET
    @Path("jobs/estimate")
    public TemplateInstance estimate(
            @RestQuery String model,
            @RestQuery String duration,
            @RestQuery String resolution,
            @RestQuery("aspect_ratio") String aspectRatio,
            @RestQuery("image_count") String imageCount) {
        ModelCapabilities m = catalog.find(model).orElseGet(catalog::defaultModel);
        Integer images = CreateForm.parseInt(imageCount);
        int count = images == null ? 0 : Math.max(0, Math.min(images, Math.max(1, m.maxReferenceImages())));
        return Templates.estimate(
                CreateForm.estimate(m, resolution, CreateForm.parseInt(duration), aspectRatio, count),
                CreateForm.aspects(m, resolution, aspectRatio));
    }

    /**
     * Queues a job from the form as the browser posts it ({@code multipart/form-data}): images already staged by
     * the page's script come as {@code upload:<id>}, files chosen without the script as file parts, which are staged
     * here. 303 to the job's page, or the form again (400) with every error beside its field and every image kept.
     */
    @POST
    @Path("jobs")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(
            @RestForm String model,
            @RestForm String prompt,
            @RestForm String duration,
            @RestForm String resolution,
            @RestForm("aspect_ratio") String aspectRatio,
            @RestForm String seed,
            @RestForm String mode,
            @RestForm("first_frame") String firstFrame,
            @RestForm List<String> references,
            @RestForm("first_frame_file") FileUpload firstFrameFile,
            @RestForm("reference_files") List<FileUpload> referenceFiles) {
        List<FieldError> errors = new ArrayList<>();
        String first = firstFrame;
        if (chosen(firstFrameFile)) {
            String token = stage("first_frame", firstFrameFile, errors);
            first = token == null ? first : token;
        }
        List<String> refs = new ArrayList<>(references == null ? List.of() : references);
        for (FileUpload f : referenceFiles == null ? List.<FileUpload>of() : referenceFiles) {
            if (chosen(f)) {
                String token = stage("references", f, errors);
                if (token != null) {
                    refs.add(token);
                }
            }
        }
        return submit(
                model,
                prompt,
                duration,
                resolution,
                aspectRatio,
                seed,
                new CreateForm.Inputs(mode, first, refs),
                errors);
    }

    /** The same without files (a text job, or images given by id), as a script may post it. */
    @POST
    @Path("jobs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submitEncoded(
            @RestForm String model,
            @RestForm String prompt,
            @RestForm String duration,
            @RestForm String resolution,
            @RestForm("aspect_ratio") String aspectRatio,
            @RestForm String seed,
            @RestForm String mode,
            @RestForm("first_frame") String firstFrame,
            @RestForm List<String> references) {
        return submit(
                model,
                prompt,
                duration,
                resolution,
                aspectRatio,
                seed,
                new CreateForm.Inputs(mode, firstFrame, references),
                new ArrayList<>());
    }

    /** A form post of any other type is answered with the form and why (415), never a bare error page. */
    @POST
    @Path("jobs")
    @Consumes(MediaType.WILDCARD)
    public Response submitUnreadable(@jakarta.ws.rs.HeaderParam("Content-Type") String type) {
        LOG.warnf("refused a create form sent as %s", type);
        CreateForm form = CreateForm.rejected(
                catalog,
                null,
                "",
                null,
                null,
                null,
                null,
                CreateForm.Inputs.NONE,
                List.of(new FieldError(
                        "form",
                        "The form could not be read: it was sent as " + (type == null ? "nothing" : type)
                                + " instead of multipart/form-data. Fill it in again here.")));
        return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
                .entity(Templates.create(form))
                .build();
    }

    private static boolean chosen(FileUpload f) {
        // an empty file input still posts a part, with no name and no bytes
        return f != null && f.fileName() != null && !f.fileName().isBlank();
    }

    /** Stages a file posted with the form; null (and an error naming the file and the limit) when it is refused. */
    private String stage(String field, FileUpload f, List<FieldError> errors) {
        try {
            return uploads.stage(caller.ownerId(), f.uploadedFile(), f.fileName(), f.size())
                    .token();
        } catch (dev.imaginestudio.media.InputImages.Rejected e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    private Response submit(
            String model,
            String prompt,
            String duration,
            String resolution,
            String aspectRatio,
            String seed,
            CreateForm.Inputs inputs,
            List<FieldError> errors) {
        List<JobRequest.ImageInput> images = images(inputs, errors);
        Integer seconds = null;
        if (duration != null && !duration.isBlank()) {
            seconds = CreateForm.parseInt(duration);
            if (seconds == null) {
                errors.add(new FieldError(
                        "duration", "duration must be a whole number of seconds, not '" + duration.strip() + "'"));
            }
        }
        Long seedValue = null;
        if (seed != null && !seed.isBlank()) {
            try {
                seedValue = Long.valueOf(seed.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(
                        "seed", "seed must be a whole number from 0 to 4294967295, not '" + seed.strip() + "'"));
            }
        }
        JobRequest request = new JobRequest(
                blankToNull(model),
                prompt,
                seconds,
                blankToNull(resolution),
                blankToNull(aspectRatio),
                null,
                seedValue,
                null,
                images);
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
        } catch (InvalidRequestException | BudgetExceededException e) {
            // a budget refusal is the API's 402 in the same words, above a form that keeps what was filled in
            List<FieldError> refused = e instanceof InvalidRequestException invalid
                    ? invalid.errors()
                    : List.of(new FieldError("budget", e.getMessage()));
            LOG.warnf(
                    "refused a job from the create form: %s",
                    refused.stream()
                            .map(f -> f.field() + " (" + f.message() + ")")
                            .collect(java.util.stream.Collectors.joining("; ")));
            CreateForm form = CreateForm.rejected(
                    catalog, model, prompt, duration, resolution, aspectRatio, seed, inputs, refused);
            return Response.status(e instanceof BudgetExceededException ? 402 : 400)
                    .entity(Templates.create(form))
                    .build();
        }
    }

    /**
     * The images of the chosen mode. A form carries images by id: {@code upload:<id>} for a staged upload,
     * {@code job:<id>/<position>} for an image an earlier job stored; both are read from disk here.
     */
    private List<JobRequest.ImageInput> images(CreateForm.Inputs inputs, List<FieldError> errors) {
        List<JobRequest.ImageInput> images = new ArrayList<>();
        if (inputs.mode() == GenerationMode.IMAGE) {
            if (inputs.firstFrame() == null || inputs.firstFrame().isBlank()) {
                if (errors.stream().noneMatch(e -> e.field().equals("first_frame"))) {
                    errors.add(new FieldError("first_frame", "choose a first-frame image for image to video"));
                }
            } else {
                images.add(image("first_frame", "first_frame", inputs.firstFrame(), errors));
            }
        } else if (inputs.mode() == GenerationMode.REFERENCE) {
            if (inputs.references().isEmpty()
                    && errors.stream().noneMatch(e -> e.field().equals("references"))) {
                errors.add(new FieldError("references", "add at least one reference image for reference to video"));
            }
            for (int i = 0; i < inputs.references().size(); i++) {
                images.add(image(
                        "references[" + i + "]",
                        JobRequest.ImageInput.REFERENCE,
                        inputs.references().get(i),
                        errors));
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
        if (v.startsWith("upload:")) {
            java.util.Optional<byte[]> bytes = uploads.read(caller.ownerId(), v.substring("upload:".length()));
            if (bytes.isPresent()) {
                return new JobRequest.ImageInput(field, role, null, bytes.get());
            }
            errors.add(
                    new FieldError(
                            field,
                            "the uploaded image is no longer kept (unused uploads are removed after an hour); choose it again"));
            return null;
        }
        errors.add(new FieldError(field, "the image could not be read; choose it again"));
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ------------------------------------------------------------------------------------------------
    // A job's page

    @GET
    @Path("jobs/{id}")
    public TemplateInstance detail(@PathParam("id") String id) {
        return Templates.detail(detailView(id, null));
    }

    /**
     * The changing part of a job's page: asked again at each event of the job (and slowly polled) while it runs; the
     * final answer carries the player, and tells the page ({@code job-ended}) so that its other parts follow.
     */
    @GET
    @Path("jobs/{id}/live")
    public Response live(@PathParam("id") String id) {
        try {
            DetailView view = detailView(id, null);
            Response.ResponseBuilder ok = Response.ok(Templates.detail$live(view));
            if (view.job().status.terminal()) {
                ok.header("HX-Trigger", "job-ended");
            }
            return ok.build();
        } catch (JobNotFoundException e) {
            return Response.status(STOP_POLLING)
                    .entity(Templates.gone(id, false))
                    .build();
        }
    }

    @POST
    @Path("jobs/{id}/delete")
    public Response delete(@PathParam("id") String id) {
        GenerationJob job = jobs.get(id);
        jobs.delete(id);
        return Response.seeOther(URI.create("/jobs"))
                .cookie(Flash.cookie("Deleted the job “" + Formats.truncate(job.prompt, 60) + "” and its files."))
                .build();
    }

    /** Cancels the job (see {@link JobService#cancel}); its page shows the outcome in the timeline, or why not. */
    @POST
    @Path("jobs/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        try {
            GenerationJob cancelled = jobs.cancel(id);
            return Response.seeOther(URI.create("/jobs/" + cancelled.publicId)).build();
        } catch (ConflictException e) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Templates.detail(detailView(id, e.getMessage())))
                    .build();
        }
    }

    /** Queues the same job again and goes to the new job's page. */
    @POST
    @Path("jobs/{id}/retry")
    public Response retry(@PathParam("id") String id) {
        try {
            GenerationJob retried = jobs.retry(id);
            return Response.seeOther(URI.create("/jobs/" + retried.publicId)).build();
        } catch (ConflictException | BudgetExceededException e) {
            return Response.status(e instanceof BudgetExceededException ? 402 : 409)
                    .entity(Templates.detail(detailView(id, e.getMessage())))
                    .build();
        }
    }

    private DetailView detailView(String id, String message) {
        JobReads.Detail read = reads.detail(id);
        GenerationJob job = read.job();
        VideoProvider provider = catalog.provider(job.route).orElse(null);
        String modelName =
                catalog.find(job.modelId).map(ModelCapabilities::name).orElse(job.modelId);
        return new DetailView(read, provider == null ? job.route : provider.displayName(), modelName, message);
    }
}
