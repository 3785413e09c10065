package dev.imaginestudio.job;

import dev.imaginestudio.common.Flash;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The job page's "Download again" button (see {@link DownloadAgain}). Its own small resource, so the job pages stay as
 * they are; a refusal is the studio's 409 error page naming why.
 */
@Path("/jobs/{id}/download")
public class DownloadAgainPages {

    private final DownloadAgain downloadAgain;

    DownloadAgainPages(DownloadAgain downloadAgain) {
        this.downloadAgain = downloadAgain;
    }

    @POST
    public Response start(@PathParam("id") String id) {
        GenerationJob job = downloadAgain.start(id);
        return Response.seeOther(URI.create("/jobs/" + job.publicId))
                .cookie(Flash.cookie("Downloading the finished video again; nothing is generated or billed again."))
                .build();
    }
}
