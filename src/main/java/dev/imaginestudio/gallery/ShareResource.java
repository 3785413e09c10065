package dev.imaginestudio.gallery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.StrictJson;
import dev.imaginestudio.job.JobViews;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Share links for a video or a collection: create, list, revoke. */
@Path("/api/v1/shares")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shares")
@CustomDeserialization(StrictJson.class)
class ShareResource {

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
    @Operation(
            summary = "Create a share link",
            description =
                    "Body: {\"video\": id} or {\"collection\": id}; optional expires_at (ISO instant) or expires_in (seconds), "
                            + "show_prompt (default true). 201 with the link: its token, its public url (/s/{token}), created_at and expires_at. "
                            + "The public page needs no login and shows nothing else of the studio.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ShareDocument.class)))
    public Response create(NewShare body, @Context UriInfo uri) {
        CollectionResource.requireBody(body);
        String video = body.video();
        String collection = body.collection();
        if ((video == null) == (collection == null)) {
            throw new InvalidRequestException(
                    video == null ? "video" : "collection",
                    "give either video (a video id) or collection (a collection id), not both and not neither");
        }
        Instant expiresAt = expiry(body);
        boolean showPrompt = body.showPrompt() == null || body.showPrompt();
        ShareLink link = video != null
                ? shares.shareVideo(video, expiresAt, showPrompt)
                : shares.shareCollection(collection, expiresAt, showPrompt);
        ShareDocument doc = document(uri, link, video, collection);
        return Response.created(URI.create(views.baseUrl(uri) + "/api/v1/shares/" + link.token))
                .entity(doc)
                .build();
    }

    private Instant expiry(NewShare body) {
        String at = body.expiresAt();
        Long in = body.expiresIn();
        if (at != null && in != null) {
            throw new InvalidRequestException("expires_in", "give expires_at or expires_in, not both");
        }
        if (in != null) {
            if (in < 1 || in > MAX_EXPIRY.toSeconds()) {
                throw new InvalidRequestException(
                        "expires_in",
                        "expires_in must be a whole number of seconds from 1 to " + MAX_EXPIRY.toSeconds());
            }
            return clock.instant().plusSeconds(in);
        }
        if (at != null) {
            try {
                Instant t = Instant.parse(at.strip());
                if (t.isAfter(clock.instant().plus(MAX_EXPIRY))) {
                    throw new InvalidRequestException(
                            "expires_at",
                            "expires_at is more than ten years away; leave it out for a link that does not expire");
                }
                return t;
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(
                        "expires_at", "expires_at must be an ISO instant like 2026-12-31T23:59:59Z, not '" + at + "'");
            }
        }
        return null;
    }

    @GET
    @Operation(
            summary = "Share links, newest first",
            description = "video=id or collection=id lists that item's links; neither lists every link. "
                    + "Expired links are listed with expired: true until revoked.")
    public ShareList list(
            @QueryParam("video") String video, @QueryParam("collection") String collection, @Context UriInfo uri) {
        if (video != null && collection != null) {
            throw new InvalidRequestException("collection", "give video or collection, not both");
        }
        List<ShareLink> links = video != null
                ? shares.linksOfVideo(video)
                : collection != null ? shares.linksOfCollection(collection) : shares.all();
        return new ShareList(links.stream()
                .map(l -> document(
                        uri,
                        l,
                        video != null ? video : l.jobId != null ? shares.targetId(l) : null,
                        collection != null ? collection : l.collectionId != null ? shares.targetId(l) : null))
                .toList());
    }

    @GET
    @Path("/{token}")
    @Operation(summary = "One share link")
    public ShareDocument get(@PathParam("token") String token, @Context UriInfo uri) {
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

    private ShareDocument document(UriInfo uri, ShareLink link, String video, String collection) {
        return new ShareDocument(
                link.token,
                views.baseUrl(uri) + "/s/" + link.token,
                video,
                collection,
                link.showPrompt,
                link.createdAt.toString(),
                link.expiresAt == null ? null : link.expiresAt.toString(),
                link.expired(clock.instant()));
    }

    /** Either video or collection, the other left out; expires_at is null for a link that does not expire. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ShareDocument(
            String token,
            String url,
            @JsonInclude(JsonInclude.Include.NON_NULL) String video,
            @JsonInclude(JsonInclude.Include.NON_NULL) String collection,
            boolean showPrompt,
            String createdAt,
            String expiresAt,
            boolean expired) {}

    record ShareList(List<ShareDocument> data) {}

    /** Give video or collection; expires_at or expires_in (neither: no expiry); show_prompt defaults to true. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NewShare(
            String video,
            String collection,

            @Schema(description = "An ISO instant like 2026-12-31T23:59:59Z")
            String expiresAt,

            @Schema(description = "Seconds from now") Long expiresIn,
            Boolean showPrompt) {}
}
