package dev.imaginestudio.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.AWTUtil;

/** Reads stored MP4s with JCodec (pure Java): their signature, size, frames and duration, single frames, posters. */
public final class Mp4Probe {

    /** What a video file holds: picture size, number of frames, length and frame rate. */
    public record Info(int width, int height, int frameCount, double durationSeconds, double fps) {
    }

    /** Box types an MP4 (ISO BMFF) file starts with. */
    private static final Set<String> FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "free", "skip", "wide");

    private Mp4Probe() {
    }

    /** Whether the file starts like an MP4: a box header whose type is one an MP4 begins with. */
    public static boolean hasMp4Signature(Path file) throws IOException {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 8) < 8) {
                return false;
            }
        }
        return FIRST_BOXES.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1));
    }

    /** The video track's facts; fails unless the file has an H.264 video track whose first frame decodes. */
    public static Info inspect(Path file) throws IOException {
        try (SeekableByteChannel ch = NIOUtils.readableChannel(file.toFile())) {
            MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(ch);
            DemuxerTrack track = demuxer.getVideoTrack();
            if (track == null) {
                throw new IOException("the file has no video track");
            }
            DemuxerTrackMeta meta = track.getMeta();
            int frames = meta.getTotalFrames();
            double duration = meta.getTotalDuration();
            if (frames <= 0 || duration <= 0) {
                throw new IOException("the video track is empty");
            }
            BufferedImage first = frame(file, 0);
            Size size = meta.getVideoCodecMeta() == null ? null : meta.getVideoCodecMeta().getSize();
            int width = size != null && size.getWidth() > 0 ? size.getWidth() : first.getWidth();
            int height = size != null && size.getHeight() > 0 ? size.getHeight() : first.getHeight();
            return new Info(width, height, frames, duration, frames / duration);
        } catch (RuntimeException e) {
            throw new IOException("the video cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Decodes frame {@code index} (0-based) as an RGB image of the video's display size. */
    public static BufferedImage frame(Path video, int index) throws IOException {
        try (SeekableByteChannel ch = NIOUtils.readableChannel(video.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(ch);
            if (index > 0) {
                grab.seekToFramePrecise(index);
            }
            Picture picture = grab.getNativeFrame();
            if (picture == null) {
                throw new IOException("the video has no frame " + index);
            }
            return AWTUtil.toBufferedImage(picture);
        } catch (JCodecException | RuntimeException e) {
            throw new IOException("frame " + index + " cannot be decoded: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Writes the frame at {@code atSeconds} as a JPEG poster, atomically. */
    public static void writePoster(Path video, double atSeconds, Path poster) throws IOException {
        Info info = inspect(video);
        int index = (int) Math.max(0, Math.min(info.frameCount() - 1, Math.round(atSeconds * info.fps())));
        BufferedImage image = frame(video, index);
        Files.createDirectories(poster.getParent());
        Path temp = Files.createTempFile(poster.getParent(), ".poster-", ".jpg");
        try {
            if (!ImageIO.write(image, "jpg", temp.toFile())) {
                throw new IOException("no JPEG writer");
            }
            MediaStore.moveIntoPlace(temp, poster);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
