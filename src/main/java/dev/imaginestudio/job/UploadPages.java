package dev.imaginestudio.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.imaginestudio.media.InputImages;
import dev.imaginestudio.media.MediaResponses;
import dev.imaginestudio.media.UploadStage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The create form's image uploads: the page's script sends each chosen image here once, as a file, and the form
 * then carries only its id ({@code upload:<id>}); the same staging serves files posted with the form itself.
 */
@Path("/uploads")
class UploadPages {

    @jakarta.inject.Inject
    dev.imaginestudio.account.Caller caller;

    private static final Logger LOG = Logger.getLogger(UploadPages.class);

    /** What the script learns about a staged image, or why it was refused ({@code message}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(
            String token, String preview, String name, Integer width, Integer height, Long bytes, String message) {}

    private final UploadStage stage;

    UploadPages(UploadStage stage) {
        this.stage = stage;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null || file.fileName() == null || file.fileName().isBlank()) {
            LOG.warn("refused an upload: no file part named 'file'");
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(new Answer(null, null, null, null, null, null, "file: choose an image to upload"))
                    .build();
        }
        try {
            UploadStage.Staged s = stage.stage(caller.ownerId(), file.uploadedFile(), file.fileName(), file.size());
            return Response.status(Response.Status.CREATED)
                    .entity(new Answer(s.token(), s.preview(), file.fileName(), s.width(), s.height(), s.bytes(), null))
                    .build();
        } catch (InputImages.Rejected e) {
            int status = file.size() > stage.maxImageBytes() ? 413 : 415;
            LOG.warnf("refused an upload (%d): %s", status, e.getMessage());
            return Response.status(status)
                    .entity(new Answer(null, null, file.fileName(), null, null, file.size(), e.getMessage()))
                    .build();
        }
    }

    /** A staged image, for the form's thumbnail. */
    @GET
    @Path("{id}")
    @Produces({"image/png", "image/jpeg", "image/webp", MediaType.TEXT_HTML})
    public Response preview(@PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        java.nio.file.Path file =
                stage.find(caller.ownerId(), id).orElseThrow(() -> new JobNotFoundException("upload " + id));
        return MediaResponses.file(file, UploadStage.mimeType(file), null, ifNoneMatch, null, null);
    }
}
