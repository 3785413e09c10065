package dev.imaginestudio.job;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.media.MediaStore;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * Several stored videos as one ZIP, written straight to the response: each MP4 is read from disk as it is
 * sent (never the whole archive in memory) and stored uncompressed, since MP4s do not compress.
 */
final class VideoZip {

    private static final Logger LOG = Logger.getLogger(VideoZip.class);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int BUFFER = 64 * 1024;

    private VideoZip() {}

    /** "2026-11-21-a-red-kite-over-the-beach-AbCdEf0123456789GhIj.mp4": readable, and unique by the job id. */
    static String entryName(GenerationJob job) {
        String slug = Normalizer.normalize(job.prompt, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-[^-]*$", "");
        }
        return DAY.format(job.createdAt) + "-" + (slug.isEmpty() ? "video" : slug) + "-" + job.publicId + ".mp4";
    }

    /** Most videos in one archive. */
    static final int MAX = 500;

    /**
     * The archive of the given finished videos as a download. Everything is checked before the first byte is
     * sent, so a bad request is a clean 400, 404 or 409, never a broken archive.
     */
    static Response response(JobService jobs, MediaStore media, StoredVideos stored, List<String> ids) {
        List<GenerationJob> selected = jobs.getAll(ids);
        if (selected.isEmpty()) {
            throw new InvalidRequestException("ids", "ids is required: the ids of the videos to download");
        }
        if (selected.size() > MAX) {
            throw new InvalidRequestException(
                    "ids", "at most " + MAX + " videos fit in one download, not " + selected.size());
        }
        for (GenerationJob job : selected) {
            if (job.status != JobStatus.SUCCEEDED) {
                throw new ConflictException("Job " + job.publicId + " has no video to download: it is "
                        + job.status.apiName() + ". Select finished videos only.");
            }
        }
        // a missing file found while streaming could only be left out, and a 200 with fewer (or no) videos looks
        // like success: refuse before the first byte instead
        stored.requireAllStored(selected);
        String name = "imagine-videos-" + STAMP.format(Instant.now()) + ".zip";
        return Response.ok(of(selected, media), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    static StreamingOutput of(List<GenerationJob> jobs, MediaStore media) {
        return out -> write(jobs, media, out);
    }

    private static void write(List<GenerationJob> jobs, MediaStore media, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.STORED);
        byte[] buffer = new byte[BUFFER];
        for (GenerationJob job : jobs) {
            FileChannel channel;
            try {
                // an open file stays readable on disk even if the job is deleted while it is sent
                channel = FileChannel.open(media.output(job.publicId, 0), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                LOG.debugf("zip: the video of %s is gone; left out", job.publicId);
                continue;
            }
            try (channel) {
                // STORED entries carry their size and CRC up front: one read to learn them, one to send
                InputStream in = Channels.newInputStream(channel);
                CRC32 crc = new CRC32();
                long size = 0;
                int n;
                while ((n = in.read(buffer)) != -1) {
                    crc.update(buffer, 0, n);
                    size += n;
                }
                ZipEntry entry = new ZipEntry(entryName(job));
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(crc.getValue());
                entry.setTime((job.finishedAt == null ? job.createdAt : job.finishedAt).toEpochMilli());
                zip.putNextEntry(entry);
                channel.position(0);
                while ((n = in.read(buffer)) != -1) {
                    zip.write(buffer, 0, n);
                }
                zip.closeEntry();
            }
        }
        zip.finish();
        zip.flush();
    }
}
