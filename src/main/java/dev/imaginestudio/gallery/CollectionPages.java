package dev.imaginestudio.gallery;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.JobNotFoundException;
import dev.imaginestudio.job.JobViews;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** The collections pages: the list with a create form, one collection's page, and adding videos from other pages. */
@Path("/collections")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class CollectionPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance collections(ListView view);

        static native TemplateInstance collection(CollectionView view);

        static native TemplateInstance options(List<CollectionService.Summary> collections, String selected);

        static native TemplateInstance choose(ChooseView view);
    }

    /** The list of collections; {@code name} and {@code error} re-show a refused create form. */
    public record ListView(List<CollectionService.Summary> collections, String name, String error) {}

    /**
     * One collection: its videos in order, its share links, and what the last action did or why it was refused
     * ({@code renameError} beside the rename field, {@code notice} and {@code error} above).
     */
    public record CollectionView(
            CollectionService.Detail detail,
            List<ShareRow> links,
            String name,
            String renameError,
            String notice,
            String error) {

        public VideoCollection collection() {
            return detail.collection();
        }

        public List<CollectionService.Item> items() {
            return detail.items();
        }
    }

    /** Where to put the selected videos: an existing collection or a new one. */
    public record ChooseView(
            List<String> ids, List<CollectionService.Summary> collections, String back, String name, String error) {}

    private final CollectionService collections;
    private final ShareService shares;
    private final JobViews views;

    CollectionPages(CollectionService collections, ShareService shares, JobViews views) {
        this.collections = collections;
        this.shares = shares;
        this.views = views;
    }

    @GET
    public TemplateInstance list() {
        return Templates.collections(new ListView(collections.list(), "", null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name) {
        try {
            VideoCollection c = collections.create(name);
            return Response.seeOther(URI.create("/collections/" + c.publicId)).build();
        } catch (InvalidRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.collections(new ListView(collections.list(), name, e.getMessage())))
                    .build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance collection(
            @PathParam("id") String id,
            @RestQuery Integer added,
            @RestQuery Integer skipped,
            @RestQuery Integer already,
            @Context UriInfo uri) {
        return Templates.collection(view(id, uri, null, null, notice(added, skipped, already), null));
    }

    private static String notice(Integer added, Integer skipped, Integer already) {
        if (added == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(added == 1 ? "1 video added." : added + " videos added.");
        if (already != null && already > 0) {
            b.append(already == 1 ? " 1 was already here." : " " + already + " were already here.");
        }
        if (skipped != null && skipped > 0) {
            b.append(
                    skipped == 1
                            ? " 1 job has no finished video yet and was left out."
                            : " " + skipped + " jobs have no finished video yet and were left out.");
        }
        return b.toString();
    }

    /** A collection's page in one read; {@code name} is a refused new name to show again, or null. */
    CollectionView view(String id, UriInfo uri, String name, String renameError, String notice, String error) {
        ShareService.CollectionSharing read = shares.collectionSharing(id);
        CollectionService.Detail detail = read.detail();
        List<ShareRow> links = ShareRow.of(read.links(), views.baseUrl(uri));
        return new CollectionView(
                detail, links, name == null ? detail.collection().name : name, renameError, notice, error);
    }

    @POST
    @Path("{id}/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@PathParam("id") String id, @RestForm String name, @Context UriInfo uri) {
        try {
            collections.rename(id, name);
            return Response.seeOther(URI.create("/collections/" + id)).build();
        } catch (InvalidRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.collection(view(id, uri, name, e.getMessage(), null, null)))
                    .build();
        }
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") String id) {
        collections.delete(id);
        return Response.seeOther(URI.create("/collections")).build();
    }

    @POST
    @Path("{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("id") String id, @RestForm String video, @RestForm String back) {
        collections.remove(id, video);
        return Response.seeOther(URI.create(local(back) ? back : "/collections/" + id))
                .build();
    }

    /** A path on this site to go back to: never another host. */
    static boolean local(String back) {
        if (back == null
                || !back.startsWith("/")
                || back.startsWith("//")
                || back.contains("\\")
                || back.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        try {
            return URI.create(back).getHost() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @POST
    @Path("{id}/move")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response move(@PathParam("id") String id, @RestForm String video, @RestForm String direction) {
        int delta = switch (direction == null ? "" : direction) {
            case "up" -> -1;
            case "down" -> 1;
            default -> throw new InvalidRequestException("direction", "direction must be up or down");
        };
        collections.move(id, video, delta);
        return Response.seeOther(URI.create("/collections/" + id + "#video-" + video))
                .build();
    }

    /** The options of a "which collection" select, for htmx to put into forms on other pages. */
    @GET
    @Path("options")
    public TemplateInstance options(@RestQuery String selected) {
        return Templates.options(collections.list(), selected == null ? "" : selected);
    }

    /**
     * Adds the selected videos to a collection (an existing one, or a new one by name) and shows it. Without
     * a choice it asks which collection first.
     */
    @POST
    @Path("add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(
            @RestForm List<String> ids,
            @RestForm String collection,
            @RestForm("new_name") String newName,
            @RestForm String back) {
        List<String> selected =
                ids == null ? List.of() : ids.stream().filter(s -> !s.isBlank()).toList();
        String returnTo = local(back) ? back : "/jobs";
        if (selected.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Templates.choose(new ChooseView(
                            selected, collections.list(), returnTo, "", "Select at least one video first.")))
                    .build();
        }
        boolean existing = collection != null && !collection.isBlank();
        boolean fresh = newName != null && !newName.isBlank();
        if (!existing && !fresh) {
            return Response.ok(Templates.choose(new ChooseView(selected, collections.list(), returnTo, "", null)))
                    .build();
        }
        try {
            String target = existing ? collection.strip() : collections.create(newName).publicId;
            CollectionService.Added added = collections.add(target, selected, false);
            // shown once on the collection's page, not kept in its address (a reload would repeat it)
            return Response.seeOther(URI.create("/collections/" + target))
                    .cookie(dev.imaginestudio.common.Flash.cookie(
                            notice(added.added(), added.notFinished().size(), added.alreadyThere())))
                    .build();
        } catch (InvalidRequestException | JobNotFoundException | ConflictException | GalleryNotFoundException e) {
            int status = e instanceof InvalidRequestException ? 400 : e instanceof ConflictException ? 409 : 404;
            return Response.status(status)
                    .entity(Templates.choose(new ChooseView(
                            selected, collections.list(), returnTo, newName == null ? "" : newName, e.getMessage())))
                    .build();
        }
    }
}
