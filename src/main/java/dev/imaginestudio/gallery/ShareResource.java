package dev.imaginestudio.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.JobViews;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Share links for a video or a collection: create, list, revoke. */
@Path("/api/v1/shares")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shares")
public class ShareResource {

    /** The longest expiry a link can be given: ten years. */
    static final Duration MAX_EXPIRY = Duration.ofDays(3650);

    private final ShareService shares;
    private final JobViews views;
    private final Clock clock;

    ShareResource(ShareService shares, JobViews views, Clock clock) {
        this.shares = shares;
        this.views = views;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a share link",
            description = "Body: {\"video\": id} or {\"collection\": id}; optional expires_at (ISO instant) or expires_in (seconds), "
                    + "show_prompt (default true). 201 with the link: its token, its public url (/s/{token}), created_at and expires_at. "
                    + "The public page needs no login and shows nothing else of the studio.")
    public Response create(JsonNode body, @Context UriInfo uri) {
        String video = CollectionResource.text(body, "video");
        String collection = CollectionResource.text(body, "collection");
        if ((video == null) == (collection == null)) {
            throw new InvalidRequestException(video == null ? "video" : "collection",
                    "give either video (a video id) or collection (a collection id), not both and not neither");
        }
        Instant expiresAt = expiry(body);
        boolean showPrompt = true;
        JsonNode sp = body.get("show_prompt");
        if (sp != null && !sp.isNull()) {
            if (!sp.isBoolean()) {
                throw new InvalidRequestException("show_prompt", "show_prompt must be true or false");
            }
            showPrompt = sp.asBoolean();
        }
        ShareLink link = video != null ? shares.shareVideo(video, expiresAt, showPrompt)
                : shares.shareCollection(collection, expiresAt, showPrompt);
        Map<String, Object> doc = document(uri, link, video, collection);
        return Response.created(URI.create(views.baseUrl(uri) + "/api/v1/shares/" + link.token)).entity(doc).build();
    }

    private Instant expiry(JsonNode body) {
        JsonNode at = body.get("expires_at");
        JsonNode in = body.get("expires_in");
        boolean hasAt = at != null && !at.isNull();
        boolean hasIn = in != null && !in.isNull();
        if (hasAt && hasIn) {
            throw new InvalidRequestException("expires_in", "give expires_at or expires_in, not both");
        }
        if (hasIn) {
            if (!in.isIntegralNumber() || in.asLong() < 1 || in.asLong() > MAX_EXPIRY.toSeconds()) {
                throw new InvalidRequestException("expires_in", "expires_in must be a whole number of seconds from 1 to " + MAX_EXPIRY.toSeconds());
            }
            return clock.instant().plusSeconds(in.asLong());
        }
        if (hasAt) {
            if (!at.isTextual()) {
                throw new InvalidRequestException("expires_at", "expires_at must be an ISO instant like 2026-12-31T23:59:59Z");
            }
            try {
                Instant t = Instant.parse(at.asText().strip());
                if (t.isAfter(clock.instant().plus(MAX_EXPIRY))) {
                    throw new InvalidRequestException("expires_at", "expires_at is more than ten years away; leave it out for a link that does not expire");
                }
                return t;
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("expires_at", "expires_at must be an ISO instant like 2026-12-31T23:59:59Z, not '" + at.asText() + "'");
            }
        }
        return null;
    }

    @GET
    @Operation(summary = "Share links, newest first", description = "video=id or collection=id lists that item's links; neither lists every link. "
            + "Expired links are listed with expired: true until revoked.")
    public Map<String, Object> list(@QueryParam("video") String video, @QueryParam("collection") String collection,
                                    @Context UriInfo uri) {
        if (video != null && collection != null) {
            throw new InvalidRequestException("collection", "give video or collection, not both");
        }
        List<ShareLink> links = video != null ? shares.linksOfVideo(video)
                : collection != null ? shares.linksOfCollection(collection) : shares.all();
        return Map.of("data", links.stream().map(l -> document(uri, l,
                video != null ? video : l.jobId != null ? shares.targetId(l) : null,
                collection != null ? collection : l.collectionId != null ? shares.targetId(l) : null)).toList());
    }

    @GET
    @Path("/{token}")
    @Operation(summary = "One share link")
    public Map<String, Object> get(@PathParam("token") String token, @Context UriInfo uri) {
        ShareLink link = shares.get(token);
        String target = shares.targetId(link);
        return document(uri, link, link.jobId != null ? target : null, link.collectionId != null ? target : null);
    }

    @DELETE
    @Path("/{token}")
    @Operation(summary = "Revoke a share link", description = "At once: its page and media answer 404 from now on.")
    public Response revoke(@PathParam("token") String token) {
        shares.revoke(token);
        return Response.noContent().build();
    }

    private Map<String, Object> document(UriInfo uri, ShareLink link, String video, String collection) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token", link.token);
        doc.put("url", views.baseUrl(uri) + "/s/" + link.token);
        if (video != null) {
            doc.put("video", video);
        }
        if (collection != null) {
            doc.put("collection", collection);
        }
        doc.put("show_prompt", link.showPrompt);
        doc.put("created_at", link.createdAt.toString());
        doc.put("expires_at", link.expiresAt == null ? null : link.expiresAt.toString());
        doc.put("expired", link.expired(clock.instant()));
        return doc;
    }
}
