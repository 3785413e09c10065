package dev.imaginestudio.gallery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.StrictJson;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobViews;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Collections: create, rename, delete; add, remove and order their videos. */
@Path("/api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collections")
@CustomDeserialization(StrictJson.class)
class CollectionResource {

    private final CollectionService collections;
    private final JobViews views;

    CollectionResource(CollectionService collections, JobViews views) {
        this.collections = collections;
        this.views = views;
    }

    /** A collection in a list, with its size and the poster of its first video (null when empty). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CollectionSummary(
            String id,
            String name,
            String url,
            String pageUrl,
            String createdAt,
            String updatedAt,
            long videoCount,
            String coverUrl) {}

    /** A collection with its videos in order; added and already_there only in the answer to an add. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CollectionDetail(
            String id,
            String name,
            String url,
            String pageUrl,
            String createdAt,
            String updatedAt,
            long videoCount,
            List<CollectionVideo> videos,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer added,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer alreadyThere) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CollectionVideo(
            String id,
            int position,
            String addedAt,
            String status,
            String prompt,
            String model,
            int duration,
            String aspectRatio,
            String url,
            String contentUrl,
            String posterUrl) {}

    record CollectionList(List<CollectionSummary> data) {}

    record NewCollection(
            @Schema(required = true) String name,

            @Schema(description = "Video ids to put in at once")
            List<String> videos) {}

    record Rename(@Schema(required = true) String name) {}

    record Videos(@Schema(required = true) List<String> videos) {}

    @GET
    @Operation(
            summary = "Every collection, most recently changed first",
            description = "Each with its video_count and a cover_url.")
    public CollectionList list(@Context UriInfo uri) {
        String base = views.baseUrl(uri);
        return new CollectionList(collections.list().stream()
                .map(s -> {
                    VideoCollection c = s.collection();
                    return new CollectionSummary(
                            c.publicId,
                            c.name,
                            base + "/api/v1/collections/" + c.publicId,
                            base + "/collections/" + c.publicId,
                            c.createdAt.toString(),
                            c.updatedAt.toString(),
                            s.count(),
                            s.coverJobId() == null ? null : base + "/api/v1/videos/" + s.coverJobId() + "/poster.jpg");
                })
                .toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a collection",
            description = "Body: {\"name\": \"...\", \"videos\": [ids, optional]}. 201 with the collection.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CollectionDetail.class)))
    public Response create(NewCollection body, @Context UriInfo uri) {
        requireBody(body);
        List<String> videos = ids(body.videos(), false);
        CollectionService.checkName(body.name());
        VideoCollection c = collections.create(body.name());
        if (!videos.isEmpty()) {
            try {
                collections.add(c.publicId, videos, true);
            } catch (RuntimeException e) {
                collections.delete(c.publicId);
                throw e;
            }
        }
        return Response.created(URI.create(views.baseUrl(uri) + "/api/v1/collections/" + c.publicId))
                .entity(detail(uri, collections.detail(c.publicId), null))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A collection with its videos in order")
    public CollectionDetail get(@PathParam("id") String id, @Context UriInfo uri) {
        return detail(uri, collections.detail(id), null);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a collection", description = "Body: {\"name\": \"...\"}.")
    public CollectionDetail rename(@PathParam("id") String id, Rename body, @Context UriInfo uri) {
        requireBody(body);
        collections.rename(id, body.name());
        return detail(uri, collections.detail(id), null);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a collection", description = "Its videos stay; its share links stop working.")
    public Response delete(@PathParam("id") String id) {
        collections.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Add videos at the end",
            description = "Body: {\"videos\": [ids]}. Videos already in the collection keep "
                    + "their place; a video that is not finished is refused (409); an unknown one is a 404.")
    public CollectionDetail add(@PathParam("id") String id, Videos body, @Context UriInfo uri) {
        requireBody(body);
        CollectionService.Added added = collections.add(id, ids(body.videos(), true), true);
        return detail(uri, collections.detail(id), added);
    }

    @PUT
    @Path("/{id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Reorder the videos",
            description = "Body: {\"videos\": [ids]}: every video of the collection once, in the new order.")
    public CollectionDetail reorder(@PathParam("id") String id, Videos body, @Context UriInfo uri) {
        requireBody(body);
        return detail(uri, collections.reorder(id, ids(body.videos(), true)), null);
    }

    @DELETE
    @Path("/{id}/items/{video}")
    @Operation(summary = "Take a video out of the collection", description = "The video itself stays.")
    public Response remove(@PathParam("id") String id, @PathParam("video") String video) {
        collections.remove(id, video);
        return Response.noContent().build();
    }

    private CollectionDetail detail(UriInfo uri, CollectionService.Detail d, CollectionService.Added added) {
        VideoCollection c = d.collection();
        String base = views.baseUrl(uri);
        List<CollectionVideo> videos = new ArrayList<>();
        for (CollectionService.Item item : d.items()) {
            GenerationJob job = item.job();
            String self = views.pollingUrl(uri, job);
            videos.add(new CollectionVideo(
                    job.publicId,
                    videos.size(),
                    item.addedAt().toString(),
                    job.status.apiName(),
                    job.prompt,
                    job.modelId,
                    job.durationSeconds,
                    job.aspectRatio,
                    self,
                    self + "/content",
                    self + "/poster.jpg"));
        }
        return new CollectionDetail(
                c.publicId,
                c.name,
                base + "/api/v1/collections/" + c.publicId,
                base + "/collections/" + c.publicId,
                c.createdAt.toString(),
                c.updatedAt.toString(),
                videos.size(),
                videos,
                added == null ? null : added.added(),
                added == null ? null : added.alreadyThere());
    }

    /** An empty body reaches the resource as null (Jackson refuses any other non-object by itself). */
    static void requireBody(Object body) {
        if (body == null) {
            throw new InvalidRequestException("body", "the request body must be a JSON object");
        }
    }

    static List<String> ids(List<String> list, boolean required) {
        if (list == null) {
            if (required) {
                throw new InvalidRequestException("videos", "videos is required: an array of video ids");
            }
            return List.of();
        }
        if (required && list.isEmpty()) {
            throw new InvalidRequestException("videos", "videos must be a non-empty array of video ids");
        }
        if (list.size() > 500) {
            throw new InvalidRequestException("videos", "at most 500 videos at a time, not " + list.size());
        }
        List<String> ids = new ArrayList<>();
        for (String id : list) {
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException("videos", "videos must hold video ids as strings");
            }
            ids.add(id.strip());
        }
        return ids;
    }
}
