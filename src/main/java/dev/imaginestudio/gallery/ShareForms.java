package dev.imaginestudio.gallery;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestForm;

/** The forms that make and revoke share links, from a video's sharing page and from a collection's page. */
@Path("/shares")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class ShareForms {

    private final ShareService shares;
    private final CollectionPages collectionPages;
    private final SharingPages videoPages;
    private final Clock clock;

    ShareForms(ShareService shares, CollectionPages collectionPages, SharingPages videoPages, Clock clock) {
        this.shares = shares;
        this.collectionPages = collectionPages;
        this.videoPages = videoPages;
        this.clock = clock;
    }

    /** The expiry choices of the share form. */
    static Duration expiry(String choice) {
        return switch (choice == null ? "" : choice) {
            case "", "never" -> null;
            case "1h" -> Duration.ofHours(1);
            case "1d" -> Duration.ofDays(1);
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> throw new InvalidRequestException("expires", "expires must be one of never, 1h, 1d, 7d, 30d");
        };
    }

    /** Makes a link for a video or a collection, then back to where the form was. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(
            @RestForm String video,
            @RestForm String collection,
            @RestForm String expires,
            @RestForm("hide_prompt") String hidePrompt,
            @Context UriInfo uri) {
        boolean show = hidePrompt == null || hidePrompt.isBlank();
        try {
            Duration d = expiry(expires);
            Instant until = d == null ? null : clock.instant().plus(d);
            if (collection != null && !collection.isBlank()) {
                shares.shareCollection(collection, until, show);
                return Response.seeOther(URI.create("/collections/" + collection + "#share-links"))
                        .build();
            }
            shares.shareVideo(video, until, show);
            return Response.seeOther(URI.create("/videos/" + video + "/share#share-links"))
                    .build();
        } catch (InvalidRequestException | ConflictException e) {
            int status = e instanceof ConflictException ? 409 : 400;
            if (collection != null && !collection.isBlank()) {
                return Response.status(status)
                        .entity(CollectionPages.Templates.collection(
                                collectionPages.view(collection, uri, null, null, null, e.getMessage())))
                        .build();
            }
            return Response.status(status)
                    .entity(SharingPages.Templates.video(videoPages.view(video, uri, e.getMessage(), true)))
                    .build();
        }
    }

    /** Revokes a link at once, then back to the page it was listed on. */
    @POST
    @Path("{token}/revoke")
    public Response revoke(@PathParam("token") String token) {
        ShareLink link = shares.get(token);
        String target = shares.targetId(link);
        shares.revoke(token);
        String back = link.collectionId != null ? "/collections/" + target : "/videos/" + target + "/share";
        return Response.seeOther(URI.create(back + "#share-links")).build();
    }
}
