package dev.imaginestudio.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.JobViews;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Collections: create, rename, delete; add, remove and order their videos. */
@Path("/api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collections")
public class CollectionResource {

    private final CollectionService collections;
    private final JobViews views;

    CollectionResource(CollectionService collections, JobViews views) {
        this.collections = collections;
        this.views = views;
    }

    @GET
    @Operation(summary = "Every collection, most recently changed first", description = "Each with its video_count and a cover_url.")
    public Map<String, Object> list(@Context UriInfo uri) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (CollectionService.Summary s : collections.list()) {
            Map<String, Object> doc = summary(uri, s.collection());
            doc.put("video_count", s.count());
            doc.put("cover_url", s.coverJobId() == null ? null : views.baseUrl(uri) + "/api/v1/videos/" + s.coverJobId() + "/poster.jpg");
            data.add(doc);
        }
        return Map.of("data", data);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a collection", description = "Body: {\"name\": \"...\", \"videos\": [ids, optional]}. 201 with the collection.")
    public Response create(JsonNode body, @Context UriInfo uri) {
        String name = text(body, "name");
        List<String> videos = ids(body, false);
        CollectionService.checkName(name);
        VideoCollection c = collections.create(name);
        if (!videos.isEmpty()) {
            try {
                collections.add(c.publicId, videos, true);
            } catch (RuntimeException e) {
                collections.delete(c.publicId);
                throw e;
            }
        }
        return Response.created(URI.create(views.baseUrl(uri) + "/api/v1/collections/" + c.publicId))
                .entity(detail(uri, collections.detail(c.publicId))).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A collection with its videos in order")
    public Map<String, Object> get(@PathParam("id") String id, @Context UriInfo uri) {
        return detail(uri, collections.detail(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a collection", description = "Body: {\"name\": \"...\"}.")
    public Map<String, Object> rename(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        collections.rename(id, text(body, "name"));
        return detail(uri, collections.detail(id));
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
    @Operation(summary = "Add videos at the end", description = "Body: {\"videos\": [ids]}. Videos already in the collection keep "
            + "their place; a video that is not finished is refused (409); an unknown one is a 404.")
    public Map<String, Object> add(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        CollectionService.Added added = collections.add(id, ids(body, true), true);
        Map<String, Object> doc = detail(uri, collections.detail(id));
        doc.put("added", added.added());
        doc.put("already_there", added.alreadyThere());
        return doc;
    }

    @PUT
    @Path("/{id}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reorder the videos", description = "Body: {\"videos\": [ids]}: every video of the collection once, in the new order.")
    public Map<String, Object> reorder(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        return detail(uri, collections.reorder(id, ids(body, true)));
    }

    @DELETE
    @Path("/{id}/items/{video}")
    @Operation(summary = "Take a video out of the collection", description = "The video itself stays.")
    public Response remove(@PathParam("id") String id, @PathParam("video") String video) {
        collections.remove(id, video);
        return Response.noContent().build();
    }

    private Map<String, Object> summary(UriInfo uri, VideoCollection c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", c.publicId);
        doc.put("name", c.name);
        doc.put("url", views.baseUrl(uri) + "/api/v1/collections/" + c.publicId);
        doc.put("page_url", views.baseUrl(uri) + "/collections/" + c.publicId);
        doc.put("created_at", c.createdAt.toString());
        doc.put("updated_at", c.updatedAt.toString());
        return doc;
    }

    private Map<String, Object> detail(UriInfo uri, CollectionService.Detail d) {
        Map<String, Object> doc = summary(uri, d.collection());
        doc.put("video_count", d.items().size());
        List<Map<String, Object>> videos = new ArrayList<>();
        for (CollectionService.Item item : d.items()) {
            GenerationJob job = item.job();
            Map<String, Object> v = new LinkedHashMap<>();
            String self = views.pollingUrl(uri, job);
            v.put("id", job.publicId);
            v.put("position", videos.size());
            v.put("added_at", item.addedAt().toString());
            v.put("status", job.status.apiName());
            v.put("prompt", job.prompt);
            v.put("model", job.modelId);
            v.put("duration", job.durationSeconds);
            v.put("aspect_ratio", job.aspectRatio);
            v.put("url", self);
            v.put("content_url", self + "/content");
            v.put("poster_url", self + "/poster.jpg");
            videos.add(v);
        }
        doc.put("videos", videos);
        return doc;
    }

    static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "the request body must be a JSON object");
        }
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidRequestException(field, field + " must be a string");
        }
        return n.asText();
    }

    static List<String> ids(JsonNode body, boolean required) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "the request body must be a JSON object");
        }
        JsonNode list = body.get("videos");
        if (list == null || list.isNull()) {
            if (required) {
                throw new InvalidRequestException("videos", "videos is required: an array of video ids");
            }
            return List.of();
        }
        if (!list.isArray() || (required && list.isEmpty())) {
            throw new InvalidRequestException("videos", "videos must be a non-empty array of video ids");
        }
        if (list.size() > 500) {
            throw new InvalidRequestException("videos", "at most 500 videos at a time, not " + list.size());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InvalidRequestException("videos", "videos must hold video ids as strings");
            }
            ids.add(n.asText().strip());
        }
        return ids;
    }
}
