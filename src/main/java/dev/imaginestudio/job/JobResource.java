package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.ConflictException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imaginestudio.media.MediaResponses;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.provider.ModelCatalog;
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
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The video API, shaped like OpenRouter's {@code /api/v1/videos} so its clients work by changing the base URL. */
@Path("/api/v1/videos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Videos")
public class JobResource {

    private final JobService jobs;
    private final ModelCatalog catalog;
    private final MediaStore media;
    private final JobViews views;
    private final LiveJobs live;
    @jakarta.inject.Inject
    StoredVideos stored;
    @jakarta.inject.Inject
    DownloadAgain downloadAgain;

    JobResource(JobService jobs, ModelCatalog catalog, MediaStore media, JobViews views, LiveJobs live) {
        this.live = live;
        this.jobs = jobs;
        this.catalog = catalog;
        this.media = media;
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a video generation", description = "OpenRouter's request body. An Idempotency-Key header makes a repeated request return the first job.")
    public Response create(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey, @jakarta.ws.rs.core.Context UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "the request body must be a JSON object");
        }
        JobService.Created created = jobs.create(parse((ObjectNode) body), idempotencyKey);
        GenerationJob job = created.job();
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("id", job.publicId);
        answer.put("polling_url", views.pollingUrl(uri, job));
        answer.put("status", job.status.apiName());
        return Response.accepted(answer).location(java.net.URI.create(views.pollingUrl(uri, job))).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A job's status document", description = "retry_of names the job this one retries, if any.")
    public Map<String, Object> get(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = jobs.get(id);
        Map<String, Object> doc = views.statusDocument(uri, job, jobs.timeline(job), jobs.inputs(job));
        doc.put("retry_of", jobs.retriedJob(job));
        return doc;
    }

    @GET
    @Operation(summary = "History: search, filters, sort and cursor pagination",
            description = "q matches prompt words (every word, case-insensitive). Filters: status (OpenRouter words, comma-separated), "
                    + "mode (text, image, reference), model, route, aspect_ratio, from/to (a day like 2026-11-21 or an ISO instant), "
                    + "min_cost/max_cost (US dollars; the provider's cost once reported, else the estimate). sort: newest (default), "
                    + "oldest, cost_high, cost_low. Pass next_cursor as cursor for the next page: it carries the filters, sort and "
                    + "limit it was made under, so it may be passed alone; with different filters it is refused (400).")
    public Map<String, Object> list(@QueryParam("q") String q, @QueryParam("status") String status,
                                    @QueryParam("mode") String mode, @QueryParam("model") String model,
                                    @QueryParam("route") String route, @QueryParam("aspect_ratio") String aspectRatio,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("min_cost") String minCost, @QueryParam("max_cost") String maxCost,
                                    @QueryParam("sort") String sort, @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") String limit, @jakarta.ws.rs.core.Context UriInfo uri) {
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
            throw new InvalidRequestException("limit", "limit must be a whole number between 1 and 100, not " + r.param("limit"));
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        String statusParam = r.param("status");
        if (statusParam != null) {
            for (String word : statusParam.split(",")) {
                Set<JobStatus> matching = JobStatus.fromApiName(word.trim());
                if (matching.isEmpty()) {
                    throw new InvalidRequestException("status", "status must be one of pending, in_progress, completed, failed, cancelled, expired, not '" + word.trim() + "'");
                }
                statuses.addAll(matching);
            }
        }
        JobQuery query = new JobQuery(JobQuery.words(r.param("q")), statuses, JobQuery.modes(r.param("mode")),
                JobQuery.text(r.param("model")), JobQuery.text(r.param("route")), JobQuery.text(r.param("aspect_ratio")),
                JobQuery.instant("from", r.param("from"), false), JobQuery.instant("to", r.param("to"), true),
                JobQuery.money("min_cost", r.param("min_cost")), JobQuery.money("max_cost", r.param("max_cost")),
                JobQuery.Sort.parse(r.param("sort")), r.keyset(), size);
        JobService.JobPage page = jobs.search(query);
        List<Map<String, Object>> data = new ArrayList<>();
        for (GenerationJob job : page.jobs()) {
            data.add(views.statusDocument(uri, job, null));
        }
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("data", data);
        answer.put("has_more", page.nextCursor() != null);
        answer.put("next_cursor", page.nextCursor() == null ? null : ApiCursor.of(r.params(), page.nextCursor()));
        return answer;
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a job",
            description = "A queued job is cancelled in the studio, unsent and unpaid. A job at the provider is cancelled there "
                    + "where the provider has a cancel endpoint; where it has none the studio stops following it and the answer "
                    + "says the provider may still finish and bill it. 409 while the job is being sent (try again in a moment), "
                    + "while its finished video is being copied, and once it has ended.")
    public Map<String, Object> cancel(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = jobs.cancel(id);
        return views.statusDocument(uri, job, jobs.timeline(job));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a job",
            description = "Queues a new job with the same parameters, seed and (copied) input images; its retry_of names this job. "
                    + "Only a job that has ended can be retried (409 otherwise).")
    public Response retry(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = jobs.retry(id);
        Map<String, Object> doc = views.statusDocument(uri, job, null);
        doc.put("retry_of", id);
        return Response.status(Response.Status.CREATED).location(java.net.URI.create(views.pollingUrl(uri, job))).entity(doc).build();
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete several jobs", description = "Body: {\"ids\": [...]}. Every id is checked first: an unknown one deletes nothing (404).")
    public Map<String, Object> deleteMany(JsonNode body) {
        List<String> ids = ids(body);
        return Map.of("deleted", jobs.deleteAll(ids));
    }

    @POST
    @Path("/zip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Operation(summary = "Several finished videos as one ZIP", description = "Body: {\"ids\": [...]} (at most " + MAX_ZIP
            + "). The archive is streamed as it is written; each entry is named by date, prompt and id.")
    public Response zipPost(JsonNode body) {
        return zip(ids(body));
    }

    @GET
    @Path("/zip")
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    @Operation(summary = "Several finished videos as one ZIP", description = "ids: comma-separated job ids (at most " + MAX_ZIP + ").")
    public Response zipGet(@QueryParam("ids") String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidRequestException("ids", "ids is required: the comma-separated ids of the videos to download");
        }
        return zip(List.of(ids.split(",")));
    }

    Response zip(List<String> ids) {
        return VideoZip.response(jobs, media, stored, ids);
    }

    static final int MAX_ZIP = VideoZip.MAX;

    private static List<String> ids(JsonNode body) {
        JsonNode list = body == null ? null : body.get("ids");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidRequestException("ids", "ids must be a non-empty array of video ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InvalidRequestException("ids", "ids must hold video ids as strings");
            }
            ids.add(n.asText());
        }
        if (ids.size() > MAX_ZIP) {
            throw new InvalidRequestException("ids", "at most " + MAX_ZIP + " ids at a time, not " + ids.size());
        }
        return ids;
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live job changes as server-sent events",
            description = "One JSON event per committed change of any job ({type: job|deleted, id, status, state, progress, terminal, label, prompt}) "
                    + "and {type: ping} every 15 s.")
    public Multi<Map<String, Object>> events() {
        return live.events();
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
    @Operation(summary = "The stored MP4", description = "Supports Range requests; download=1 adds Content-Disposition. 410 when the job "
            + "finished but its stored file is missing (POST /{id}/download copies it again from the provider).")
    public Response content(@PathParam("id") String id, @QueryParam("index") Integer index,
                            @QueryParam("download") String download, @HeaderParam("Range") String range,
                            @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        GenerationJob job = jobs.get(id);
        int i = index == null ? 0 : index;
        if (i != 0) {
            throw new InvalidRequestException("index", "index " + i + " is out of range: this job has one output, index 0");
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
    @Operation(summary = "Download a finished video from the provider again",
            description = "For a job whose download failed (download_failed) or whose stored video is missing (410 on its content): "
                    + "copies the provider's existing output again. Never a new generation and never a second charge. 202 with the "
                    + "status document; 409 naming why when it cannot work (no provider output URL, the URL has expired, nothing to do).")
    public Response downloadAgain(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        GenerationJob job = downloadAgain.start(id);
        return Response.accepted(views.statusDocument(uri, job, jobs.timeline(job))).build();
    }

    @GET
    @Path("/{id}/inputs/{position}")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON})
    @Operation(summary = "An input image of a job, as the studio stored it")
    public Response input(@PathParam("id") String id, @PathParam("position") int position,
                          @HeaderParam("If-None-Match") String ifNoneMatch) {
        GenerationJob job = jobs.get(id);
        JobInput input = jobs.inputs(job).stream().filter(i -> i.position == position).findFirst()
                .orElseThrow(() -> new JobNotFoundException(id + "/inputs/" + position));
        return MediaResponses.file(media.input(job.publicId, input.fileName), input.mimeType, null, ifNoneMatch, null, null);
    }

    @GET
    @Path("/models")
    @Operation(summary = "Models of every enabled route, in OpenRouter's model shape")
    public Map<String, Object> models() {
        return Map.of("data", catalog.models().stream().map(views::model).toList());
    }

    static JobRequest parse(ObjectNode body) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        String model = text(body, "model", errors);
        String prompt = text(body, "prompt", errors);
        Integer duration = integer(body, "duration", errors);
        String resolution = text(body, "resolution", errors);
        String aspect = text(body, "aspect_ratio", errors);
        String size = text(body, "size", errors);
        Long seed = null;
        JsonNode s = body.get("seed");
        if (s != null && !s.isNull()) {
            if (s.isIntegralNumber() && s.canConvertToLong()) {
                seed = s.asLong();
            } else {
                errors.add(new InvalidRequestException.FieldError("seed", "seed must be a whole number"));
            }
        }
        Boolean audio = null;
        JsonNode a = body.get("generate_audio");
        if (a != null && !a.isNull()) {
            if (a.isBoolean()) {
                audio = a.asBoolean();
            } else {
                errors.add(new InvalidRequestException.FieldError("generate_audio", "generate_audio must be true or false"));
            }
        }
        List<JobRequest.ImageInput> images = new ArrayList<>();
        images(body, "frame_images", images, errors);
        images(body, "input_references", images, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobRequest(model, prompt, duration, resolution, aspect, size, seed, audio, images);
    }

    /**
     * Reads OpenRouter's {@code frame_images} ({@code {type:"image_url", image_url:{url}, frame_type}}) or
     * {@code input_references} ({@code {type:"image_url", image_url:{url}}}).
     */
    private static void images(ObjectNode body, String field, List<JobRequest.ImageInput> images,
                               List<InvalidRequestException.FieldError> errors) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new InvalidRequestException.FieldError(field, field + " must be an array"));
            return;
        }
        boolean frames = field.equals("frame_images");
        for (int i = 0; i < list.size(); i++) {
            String name = field + "[" + i + "]";
            JsonNode item = list.get(i);
            JsonNode type = item.get("type");
            if (type != null && type.isTextual() && !type.asText().equals("image_url")) {
                errors.add(new InvalidRequestException.FieldError(name, name + ": only image_url references are supported, not "
                        + type.asText()));
                continue;
            }
            JsonNode url = item.path("image_url").path("url");
            if (!url.isTextual() || url.asText().isBlank()) {
                errors.add(new InvalidRequestException.FieldError(name, name + ".image_url.url is required (a data: or https URL)"));
                continue;
            }
            String role = JobRequest.ImageInput.REFERENCE;
            if (frames) {
                JsonNode frameType = item.get("frame_type");
                if (frameType == null || !frameType.isTextual()) {
                    errors.add(new InvalidRequestException.FieldError(name, name + ".frame_type is required: first_frame or last_frame"));
                    continue;
                }
                role = frameType.asText();
            }
            images.add(new JobRequest.ImageInput(name, role, url.asText(), null));
        }
    }

    private static String text(ObjectNode body, String field, List<InvalidRequestException.FieldError> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            errors.add(new InvalidRequestException.FieldError(field, field + " must be a string"));
            return null;
        }
        return n.asText();
    }

    private static Integer integer(ObjectNode body, String field, List<InvalidRequestException.FieldError> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            errors.add(new InvalidRequestException.FieldError(field, field + " must be a whole number of seconds"));
            return null;
        }
        return n.asInt();
    }
}
