package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.media.InputImages;
import dev.imaginestudio.media.MediaStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A new job's input images: all fetched and checked before anything is stored, then stored as its files. */
@ApplicationScoped
class JobImages {

    private final InputImages inputImages;
    private final MediaStore media;

    JobImages(InputImages inputImages, MediaStore media) {
        this.inputImages = inputImages;
        this.media = media;
    }

    /** Fetches and checks every input image before anything is stored; a bad one refuses the whole request. */
    List<InputImages.Loaded> load(List<JobRequest.ImageInput> inputs) {
        List<InputImages.Loaded> loaded = new ArrayList<>(inputs.size());
        long total = 0;
        for (JobRequest.ImageInput input : inputs) {
            try {
                InputImages.Loaded image =
                        input.bytes() != null ? inputImages.fromBytes(input.bytes()) : inputImages.fromUrl(input.url());
                total += image.bytes().length;
                if (total > inputImages.maxTotalBytes()) {
                    throw new InputImages.Rejected("the input images together are larger than "
                            + inputImages.maxTotalBytes() / (1024 * 1024) + " MiB");
                }
                loaded.add(image);
            } catch (InputImages.Busy e) {
                // not the request's fault: 503, so that a client sends it again rather than changing it
                throw new ServiceUnavailableException(input.field() + ": " + e.getMessage(), 5L);
            } catch (InputImages.Rejected e) {
                throw new InvalidRequestException(input.field(), input.field() + ": " + e.getMessage());
            }
        }
        return loaded;
    }

    /** Writes the images as the job's files, each atomically; a failure removes every file of the job again. */
    List<JobInput> store(String publicId, List<JobRequest.ImageInput> inputs, List<InputImages.Loaded> images)
            throws IOException {
        List<JobInput> stored = new ArrayList<>(images.size());
        try {
            for (int i = 0; i < images.size(); i++) {
                InputImages.Loaded image = images.get(i);
                JobInput row = new JobInput();
                row.position = i;
                row.role = inputs.get(i).role();
                row.fileName = "input-" + i + "." + image.format().extension();
                row.mimeType = image.format().mimeType();
                row.width = image.format().width();
                row.height = image.format().height();
                row.byteSize = image.bytes().length;
                Path temp = media.newTempFile(publicId, "." + image.format().extension());
                Files.write(temp, image.bytes());
                MediaStore.moveIntoPlace(temp, media.input(publicId, row.fileName));
                stored.add(row);
            }
        } catch (IOException | RuntimeException e) {
            media.deleteJob(publicId);
            throw e;
        }
        return stored;
    }
}
