package dev.imaginestudio.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.StrictJson;
import dev.imaginestudio.media.MediaResponses;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.provider.ModelCatalog;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The video API, shaped like OpenRouter's {@code /api/v1/videos} so its clients work by changing the base URL. */
@Path("/api/v1/videos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Videos")
@CustomDeserialization(StrictJson.class)
class JobResource {

    private final JobService jobs;
    private final JobSearch search;
    private final ModelCatalog catalog;
    private final MediaStore media;
    private final JobViews views;
    private final LiveJobs live;

    @jakarta.inject.Inject
    StoredVideos stored;

    @jakarta.inject.Inject
    DownloadAgain downloadAgain;

    @jakarta.inject.Inject
    dev.imaginestudio.account.Caller caller;

    JobResource(
            JobService jobs, JobSearch search, ModelCatalog catalog, MediaStore media, JobViews views, LiveJobs live) {
        this.live = live;
        this.jobs = jobs;
        this.search = search;
        this.catalog = catalog;
        this.media = media;
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Queue a video generation",
            description =
                    "OpenRouter's request body. An Idempotency-Key header makes a repeated request return the first job.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Response create(
            VideoRequest body,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        if (body == null) {
            throw new InvalidRequestException("body", "the request body must be a JSON object");
        }
        JobService.Created created = jobs.create(body.toJobRequest(), idempotencyKey);
        GenerationJob job = created.job();
        String pollingUrl = views.pollingUrl(uri, job);
        return Response.accepted(new Accepted(job.publicId, pollingUrl, job.status.apiName()))
                .location(java.net.URI.create(pollingUrl))
                .build();
    }

    /** OpenRouter's answer to a submitted job. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Accepted(
            @Schema(required = true) String id,
            @Schema(required = true) String pollingUrl,
            @Schema(required = true) String status) {}

    @GET
    @Path("/{id}")
    @Operation(summary = "A job's status document", description = "retry_of names the job this one retries, if any.")
    public VideoStatus get(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        JobService.JobDetail d = jobs.detail(id);
        return views.statusDocument(uri, d.job(), d.timeline(), d.inputs(), Optional.ofNullable(d.retryOf()));
    }

    @GET
    @Operation(
            summary = "History: search, filters, sort and cursor pagination",
            description =
                    "q matches prompt words (every word, case-insensitive). Filters: status (OpenRouter words, comma-separated), "
                            + "mode (text, image, reference), model, route, aspect_ratio, from/to (a day like 2026-11-21 or an ISO instant), "
                            + "min_cost/max_cost (US dollars; the provider's cost once reported, else the estimate). sort: newest (default), "
                            + "oldest, cost_high, cost_low. Pass next_cursor as cursor for the next page: it carries the filters, sort and "
                            + "limit it was made under, so it may be passed alone; with different filters it is refused (400).")
    public VideoList list(
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("mode") String mode,
            @QueryParam("model") String model,
            @QueryParam("route") String route,
            @QueryParam("aspect_ratio") String aspectRatio,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("min_cost") String minCost,
            @QueryParam("max_cost") String maxCost,
            @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put("q", q);
        given.put("status", status);
        given.put("mode", mode);
        given.put("model", model);
        given.put("route", route);
        given.put("aspect_ratio", aspectRatio);
        given.put("from", from);
        given.put("to", to);
        given.put("min_cost", minCost);
        given.put("max_cost", maxCost);
        given.put("sort", sort);
        given.put("limit", limit);
        // the cursor carries the filters it was made under: alone it continues the same list
        ApiCursor.Resolved r = ApiCursor.resolve(cursor, given);
        Integer size = r.param("limit") == null ? Integer.valueOf(20) : CreateForm.parseInt(r.param("limit"));
        if (size == null || size < 1 || size > 100) {
            throw new InvalidRequestException(
                    "limit", "limit must be a whole number between 1 and 100, not " + r.param("limit"));
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        String statusParam = r.param("status");
        if (statusParam != null) {
            for (String word : statusParam.split(",")) {
                Set<JobStatus> matching = JobStatus.fromApiName(word.trim());
                if (matching.isEmpty()) {
                    throw new InvalidRequestException(
                            "status",
                            "status must be one of pending, in_progress, completed, failed, cancelled, expired, not '"
                                    + word.trim() + "'");
                }
                statuses.addAll(matching);
            }
        }
        JobQuery query = new JobQuery(
                JobQuery.words(r.param("q")),
                statuses,
                JobQuery.modes(r.param("mode")),
                JobQuery.text(r.param("model")),
                JobQuery.text(r.param("route")),
                JobQuery.text(r.param("aspect_ratio")),
                JobQuery.instant("from", r.param("from"), false),
                JobQuery.instant("to", r.param("to"), true),
                JobQuery.money("min_cost", r.param("min_cost")),
                JobQuery.money("max_cost", r.param("max_cost")),
                JobQuery.Sort.parse(r.param("sort")),
                r.keyset(),
                size);
        JobSearch.Page page = search.search(query);
        List<VideoStatus> data = page.jobs().stream()
                .map(job -> views.statusDocument(uri, job, null, null, null))
                .toList();
        return new VideoList(
                data,
                page.nextCursor() != null,
                page.nextCursor() == null ? null : ApiCursor.of(r.params(), page.nextCursor()));
    }

    /** A page of history; next_cursor is null on the last page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record VideoList(List<VideoStatus> data, boolean hasMore, String nextCursor) {}

    @POST
    @Path("/{id}/cancel")
    @Operation(
            summary = "Cancel a job",
            description =
                    "A queued job is cancelled in the studio, unsent and unpaid. A job at the provider is cancelled there "
                            + "where the provider has a cancel endpoint; where it has none the studio stops following it and the answer "
                            + "says the provider may still finish and bill it. 409 while the job is being sent (try again in a moment), "
                            + "while its finished video is being copied, and once it has ended.")
    public VideoStatus cancel(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = jobs.cancel(id);
        return views.statusDocument(uri, job, jobs.timeline(job), null, null);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(
            summary = "Retry a job",
            description =
                    "Queues a new job with the same parameters, seed and (copied) input images; its retry_of names this job. "
                            + "Only a job that has ended can be retried (409 otherwise).")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = VideoStatus.class)))
    public Response retry(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = jobs.retry(id);
        VideoStatus doc = views.statusDocument(uri, job, null, null, Optional.of(id));
        return Response.status(Response.Status.CREATED)
                .location(java.net.URI.create(views.pollingUrl(uri, job)))
                .entity(doc)
                .build();
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Delete several jobs",
            description = "Body: {\"ids\": [...]}. Every id is checked first: an unknown one deletes nothing (404).")
    public Deleted deleteMany(VideoIds body) {
        return new Deleted(jobs.deleteAll(VideoIds.checked(body)));
    }

    record Deleted(int deleted) {}

    @POST
    @Path("/zip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Several finished videos as one ZIP",
            description = "Body: {\"ids\": [...]} (at most " + MAX_ZIP
                    + "). The archive is streamed as it is written; each entry is named by date, prompt and id.")
    public Response zipPost(VideoIds body) {
        return zip(VideoIds.checked(body));
    }

    @GET
    @Path("/zip")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Several finished videos as one ZIP",
            description = "ids: comma-separated job ids (at most " + MAX_ZIP + ").")
    public Response zipGet(@QueryParam("ids") String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidRequestException(
                    "ids", "ids is required: the comma-separated ids of the videos to download");
        }
        return zip(List.of(ids.split(",")));
    }

    Response zip(List<String> ids) {
        return VideoZip.response(jobs, media, stored, ids);
    }

    static final int MAX_ZIP = VideoZip.MAX;

    /** The body of the actions on several videos at once. */
    record VideoIds(@Schema(required = true) List<String> ids) {

        static List<String> checked(VideoIds body) {
            List<String> ids = body == null ? null : body.ids();
            if (ids == null || ids.isEmpty()) {
                throw new InvalidRequestException("ids", "ids must be a non-empty array of video ids");
            }
            if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
                throw new InvalidRequestException("ids", "ids must hold video ids as strings");
            }
            if (ids.size() > MAX_ZIP) {
                throw new InvalidRequestException("ids", "at most " + MAX_ZIP + " ids at a time, not " + ids.size());
            }
            return ids;
        }
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Live job changes as server-sent events",
            description =
                    "One JSON event per committed change of one of your jobs (an admin's: any job) ({type: job|deleted, id, status, state, progress, terminal, label, prompt}) "
                            + "and {type: ping} every 15 s.")
    // the caller's login is looked up in the database before the stream starts
    @io.smallrye.common.annotation.Blocking
    public Multi<Map<String, Object>> events() {
        return live.events(caller.scope());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a job and its stored files")
    public Response delete(@PathParam("id") String id) {
        jobs.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/content")
    @Produces({"video/mp4", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "The stored MP4",
            description =
                    "Supports Range requests; download=1 adds Content-Disposition. 410 when the job "
                            + "finished but its stored file is missing (POST /{id}/download copies it again from the provider).")
    public Response content(
            @PathParam("id") String id,
            @QueryParam("index") String index,
            @QueryParam("download") String download,
            @HeaderParam("Range") String range,
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @HeaderParam("If-Range") String ifRange) {
        GenerationJob job = jobs.get(id);
        // read here rather than by JAX-RS, which answers a non-number in a query parameter with a bare 404
        Integer i = index == null || index.isBlank() ? Integer.valueOf(0) : CreateForm.parseInt(index);
        if (i == null) {
            throw new InvalidRequestException("index", "index must be a whole number, not " + index);
        }
        if (i != 0) {
            throw new InvalidRequestException(
                    "index", "index " + i + " is out of range: this job has one output, index 0");
        }
        if (job.status != JobStatus.SUCCEEDED) {
            throw new ConflictException("Job " + id + " has no video yet: it is " + job.status.apiName() + ".");
        }
        stored.requireStored(job);
        String filename = "1".equals(download) || "true".equals(download) ? "imagine-" + job.publicId + ".mp4" : null;
        return MediaResponses.file(media.output(job.publicId, 0), "video/mp4", range, ifNoneMatch, ifRange, filename);
    }

    @GET
    @Path("/{id}/poster.jpg")
    @Produces("image/jpeg")
    @Operation(summary = "The poster frame of a finished video")
    public Response poster(@PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        GenerationJob job = jobs.get(id);
        stored.requireStored(job);
        return MediaResponses.file(media.poster(job.publicId), "image/jpeg", null, ifNoneMatch, null, null);
    }

    @POST
    @Path("/{id}/download")
    @Operation(
            summary = "Download a finished video from the provider again",
            description =
                    "For a job whose download failed (download_failed) or whose stored video is missing (410 on its content): "
                            + "copies the provider's existing output again. Never a new generation and never a second charge. 202 with the "
                            + "status document; 409 naming why when it cannot work (no provider output URL, the URL has expired, nothing to do).")
    public Response downloadAgain(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = downloadAgain.start(id);
        return Response.accepted(views.statusDocument(uri, job, jobs.timeline(job), null, null))
                .build();
    }

    @GET
    @Path("/{id}/inputs/{position}")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "An input image of a job, as the studio stored it")
    public Response input(
            @PathParam("id") String id,
            @PathParam("position") int position,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        GenerationJob job = jobs.get(id);
        JobInput input = jobs.inputs(job).stream()
                .filter(i -> i.position == position)
                .findFirst()
                .orElseThrow(() -> new JobNotFoundException(id + "/inputs/" + position));
        return MediaResponses.file(
                media.input(job.publicId, input.fileName), input.mimeType, null, ifNoneMatch, null, null);
    }

    @GET
    @Path("/models")
    @Operation(summary = "Models of every enabled route, in OpenRouter's model shape")
    public ModelList models() {
        return new ModelList(catalog.models().stream().map(views::model).toList());
    }

    record ModelList(List<VideoModel> data) {}
}
