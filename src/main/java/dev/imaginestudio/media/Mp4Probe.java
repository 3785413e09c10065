package dev.imaginestudio.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.SeekableDemuxerTrack;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.ChunkOffsets64Box;
import org.jcodec.containers.mp4.boxes.ChunkOffsetsBox;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.boxes.SampleSizesBox;
import org.jcodec.containers.mp4.boxes.SampleToChunkBox;
import org.jcodec.containers.mp4.boxes.TrakBox;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;

/**
 * Facts about, and frames from, H.264 MP4 files, in pure Java (JCodec), so that provider downloads can be
 * validated and given posters without ffmpeg.
 *
 * <p>Frames are converted to RGB here rather than with JCodec's AWTUtil because JCodec always assumes
 * limited-range BT.601; the SPS colour description decides instead, so posters of full-range or BT.709
 * videos are not washed out or tinted.
 */
public final class Mp4Probe {

    public record Info(int width, int height, int frameCount, double durationSeconds, double fps) {}

    private static final float POSTER_QUALITY = 0.85f;
    // An hour of 60 fps video is indexed in well under 10 MB of moov; a size near this limit is corruption.
    private static final long MAX_MOOV_BYTES = 256L << 20;

    private Mp4Probe() {}

    /** true if the file starts with an ISO BMFF box whose type is "ftyp" (bytes 4..7). */
    public static boolean hasMp4Signature(Path file) throws IOException {
        byte[] head = readHead(file, 8);
        return head.length == 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
    }

    /**
     * Parses the container and decodes the first video frame to prove the file is a decodable video; returns
     * its facts. Throws IOException (with a message) for anything that is not a decodable H.264 MP4.
     */
    public static Info inspect(Path file) throws IOException {
        try (Video video = Video.open(file)) {
            Picture first = video.decode(0);
            Rect crop = first.getCrop();
            int width = crop == null ? first.getWidth() : crop.getWidth();
            int height = crop == null ? first.getHeight() : crop.getHeight();
            return new Info(
                    width, height, video.frameCount, video.durationSeconds, video.frameCount / video.durationSeconds);
        }
    }

    /** Decodes the frame nearest {@code atSeconds} (clamped to the clip) and writes a JPEG poster atomically. */
    public static void writePoster(Path video, double atSeconds, Path poster) throws IOException {
        if (Double.isNaN(atSeconds)) throw new IllegalArgumentException("atSeconds is NaN");
        BufferedImage image;
        try (Video v = Video.open(video)) {
            double index = Math.rint(atSeconds * v.frameCount / v.durationSeconds);
            image = v.image((int) Math.max(0, Math.min(v.frameCount - 1, index)));
        }
        Path target = poster.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path part = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (OutputStream out =
                    Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeJpeg(image, out);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // Never mask the real failure with a cleanup failure.
            }
        }
    }

    /** Decodes frame {@code index} as an RGB BufferedImage (used by tests to compare frames with inputs). */
    public static BufferedImage frame(Path video, int index) throws IOException {
        try (Video v = Video.open(video)) {
            if (index < 0 || index >= v.frameCount) {
                throw new IllegalArgumentException("frame " + index + " outside 0.." + (v.frameCount - 1));
            }
            return v.image(index);
        }
    }

    private static void writeJpeg(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) throw new IOException("No JPEG encoder available");
        ImageWriter writer = writers.next();
        // ImageIO.createImageOutputStream would buffer through a temp file in java.io.tmpdir by default.
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(POSTER_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] readHead(Path file, int n) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading: a channel may return fewer bytes than asked for
            }
            byte[] head = new byte[buf.position()];
            buf.flip().get(head);
            return head;
        }
    }

    private static String describeHead(Path file) throws IOException {
        byte[] head = readHead(file, 16);
        return printable(ByteBuffer.wrap(head), 0, head.length);
    }

    private static String printable(ByteBuffer buf, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            int c = buf.get(i) & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    /** An open video track with its decoder; everything JCodec throws is turned into IOException here. */
    private static final class Video implements AutoCloseable {
        private final Path file;
        private final FileChannelWrapper channel;
        private SeekableDemuxerTrack track;
        private H264Decoder decoder;
        private byte[][] buffer;
        private int[] seekFrames;
        private int frameCount;
        private double durationSeconds;
        private ColourMatrix colour;

        private Video(Path file, FileChannelWrapper channel) {
            this.file = file;
            this.channel = channel;
        }

        static Video open(Path file) throws IOException {
            if (!hasMp4Signature(file)) {
                throw new IOException(file + ": not an MP4 file (no ftyp box at the start; it begins with \""
                        + describeHead(file) + "\")");
            }
            Video video = new Video(file, new FileChannelWrapper(FileChannel.open(file, StandardOpenOption.READ)));
            try {
                video.init();
                return video;
            } catch (IOException | RuntimeException e) {
                video.close();
                String reason = e instanceof IOException ? e.getMessage() : e.toString();
                throw new IOException(file + ": not a decodable H.264 MP4: " + reason, e);
            }
        }

        private void init() throws IOException {
            checkTopLevelBoxes();
            MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(channel);
            DemuxerTrack videoTrack = demuxer.getVideoTrack();
            if (videoTrack == null) throw new IOException("no video track");
            if (!(videoTrack instanceof SeekableDemuxerTrack seekable)) {
                throw new IOException("video track is not seekable");
            }
            track = seekable;
            DemuxerTrackMeta meta = videoTrack.getMeta();
            if (meta.getCodec() != Codec.H264) {
                throw new IOException("video codec is " + meta.getCodec() + ", not H.264");
            }
            frameCount = meta.getTotalFrames();
            durationSeconds = meta.getTotalDuration();
            if (frameCount <= 0) throw new IOException("video track has no frames");
            if (!(durationSeconds > 0)) throw new IOException("video track has no duration");
            checkSampleDataPresent(demuxer.getMovie(), channel.size());
            seekFrames = meta.getSeekFrames();

            ByteBuffer codecPrivate = meta.getCodecPrivate();
            if (codecPrivate == null) throw new IOException("H.264 track has no SPS/PPS (avcC)");
            List<ByteBuffer> spsList = H264Utils.getRawSPS(codecPrivate.duplicate());
            if (spsList.isEmpty()) throw new IOException("H.264 track has no SPS");
            int mbWidth = 0;
            int mbHeight = 0;
            SeqParameterSet first = null;
            for (ByteBuffer raw : spsList) {
                SeqParameterSet sps = H264Utils.readSPS(raw.duplicate());
                if (first == null) first = sps;
                mbWidth = Math.max(mbWidth, sps.picWidthInMbsMinus1 + 1);
                mbHeight = Math.max(mbHeight, SeqParameterSet.getPicHeightInMbs(sps));
            }
            // Sized like JCodec's own FrameGrab (4:4:4 planes) so any chroma layout the decoder accepts fits.
            buffer = new byte[][] {
                new byte[mbWidth * mbHeight * 256],
                new byte[mbWidth * mbHeight * 256],
                new byte[mbWidth * mbHeight * 256]
            };
            colour = ColourMatrix.of(first.vuiParams, mbHeight * 16);
            decoder = H264Decoder.createH264DecoderFromCodecPrivate(codecPrivate);
        }

        /**
         * A file cut short (an interrupted download) ends inside its last top-level box, which this walk
         * reports plainly. It also bounds moov before JCodec reads that box into memory whole, so a corrupt
         * size field cannot demand gigabytes.
         */
        private void checkTopLevelBoxes() throws IOException {
            long size = channel.size();
            long pos = 0;
            boolean moov = false;
            ByteBuffer header = ByteBuffer.allocate(16);
            while (size - pos >= 8) {
                readAt(header, pos, 8);
                long boxSize = header.getInt(0) & 0xFFFFFFFFL;
                String type = printable(header, 4, 4);
                int headerSize = 8;
                if (boxSize == 1) {
                    if (size - pos < 16) break;
                    readAt(header, pos, 16);
                    boxSize = header.getLong(8);
                    headerSize = 16;
                } else if (boxSize == 0) {
                    boxSize = size - pos;
                }
                if (boxSize < headerSize) {
                    throw new IOException("malformed box '" + type + "' at byte " + pos);
                }
                if (boxSize > size - pos) {
                    throw new IOException("truncated: box '" + type + "' at byte " + pos + " needs " + boxSize
                            + " bytes but the file ends after " + (size - pos));
                }
                if (type.equals("moov")) {
                    if (boxSize > MAX_MOOV_BYTES) throw new IOException("implausibly large moov box: " + boxSize);
                    moov = true;
                }
                pos += boxSize;
            }
            if (!moov) throw new IOException("no moov box (movie header)");
        }

        private void readAt(ByteBuffer buf, long pos, int n) throws IOException {
            buf.clear().limit(n);
            channel.setPosition(pos);
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) throw new IOException("unexpected end of file at byte " + pos);
            }
        }

        /**
         * A file cut short (an interrupted download) can still have an intact moov when it is stored first,
         * and its first frames would still decode; comparing the sample table with the file size catches it.
         */
        private void checkSampleDataPresent(MovieBox movie, long fileSize) throws IOException {
            for (TrakBox trak : movie.getTracks()) {
                long end = sampleDataEnd(trak);
                if (end > fileSize) {
                    throw new IOException("truncated: sample data runs to byte " + end + " but the file has only "
                            + fileSize + " bytes");
                }
            }
        }

        private static long sampleDataEnd(TrakBox trak) {
            long[] offsets;
            ChunkOffsetsBox stco = NodeBox.findFirstPath(trak, ChunkOffsetsBox.class, Box.path("mdia.minf.stbl.stco"));
            if (stco != null) {
                offsets = stco.getChunkOffsets();
            } else {
                ChunkOffsets64Box co64 =
                        NodeBox.findFirstPath(trak, ChunkOffsets64Box.class, Box.path("mdia.minf.stbl.co64"));
                if (co64 == null) return 0;
                offsets = co64.getChunkOffsets();
            }
            SampleToChunkBox stsc =
                    NodeBox.findFirstPath(trak, SampleToChunkBox.class, Box.path("mdia.minf.stbl.stsc"));
            SampleSizesBox stsz = NodeBox.findFirstPath(trak, SampleSizesBox.class, Box.path("mdia.minf.stbl.stsz"));
            if (stsc == null || stsz == null) return 0;
            SampleToChunkBox.SampleToChunkEntry[] runs = stsc.getSampleToChunk();
            int[] sizes = stsz.getSizes();
            int defaultSize = stsz.getDefaultSize();
            int sampleCount = defaultSize != 0 ? stsz.getCount() : sizes.length;
            long end = 0;
            int sample = 0;
            int run = 0;
            for (int chunk = 0; chunk < offsets.length && sample < sampleCount; chunk++) {
                while (run + 1 < runs.length && runs[run + 1].getFirst() <= chunk + 1) run++;
                int perChunk = runs.length == 0 ? 0 : runs[run].getCount();
                long pos = offsets[chunk];
                for (int i = 0; i < perChunk && sample < sampleCount; i++, sample++) {
                    pos += defaultSize != 0 ? defaultSize : sizes[sample];
                }
                end = Math.max(end, pos);
            }
            return end;
        }

        Picture decode(int index) throws IOException {
            int key = 0;
            if (seekFrames == null) {
                key = index;
            } else {
                for (int f : seekFrames) {
                    if (f <= index) key = Math.max(key, f);
                }
            }
            try {
                if (!track.gotoFrame(key)) throw new IOException(file + ": cannot seek to frame " + key);
                Picture picture = null;
                for (int i = key; i <= index; i++) {
                    Packet packet = track.nextFrame();
                    if (packet == null) throw new IOException(file + ": frame " + i + " is missing");
                    picture = decoder.decodeFrame(packet.getData(), buffer);
                    if (picture == null) throw new IOException(file + ": frame " + i + " did not decode");
                }
                return picture;
            } catch (RuntimeException e) {
                throw new IOException(file + ": cannot decode frame " + index + ": " + e, e);
            }
        }

        BufferedImage image(int index) throws IOException {
            return colour.toImage(decode(index));
        }

        @Override
        public void close() throws IOException {
            if (decoder != null) releaseDecoderThreads(decoder);
            channel.close();
        }

        /**
         * JCodec 0.2.5 gives every H264Decoder its own fixed thread pool (used for multi-slice frames) and
         * never shuts it down, so each probe of such a file would strand two idle threads for the life of
         * the server.
         */
        private static void releaseDecoderThreads(H264Decoder decoder) {
            try {
                Field field = H264Decoder.class.getDeclaredField("tp");
                field.setAccessible(true);
                if (field.get(decoder) instanceof ExecutorService pool) pool.shutdownNow();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A different JCodec build: its threads are daemons, so at worst they idle.
            }
        }
    }

    /** YUV to RGB for 8-bit 4:2:0, honouring the stream's declared range and matrix. */
    private record ColourMatrix(int yOffset, int yScale, int rv, int gu, int gv, int bu) {
        private static final int SHIFT = 16;

        static ColourMatrix of(VUIParameters vui, int codedHeight) {
            boolean fullRange = vui != null && vui.videoSignalTypePresentFlag && vui.videoFullRangeFlag;
            int matrix = vui != null && vui.videoSignalTypePresentFlag && vui.colourDescriptionPresentFlag
                    ? vui.matrixCoefficients
                    : 2;
            double kr;
            double kb;
            switch (matrix) {
                case 1 -> {
                    kr = 0.2126;
                    kb = 0.0722;
                }
                case 5, 6 -> {
                    kr = 0.299;
                    kb = 0.114;
                }
                case 9, 10 -> {
                    kr = 0.2627;
                    kb = 0.0593;
                }
                // Unspecified: follow what players do, BT.709 for HD and BT.601 for SD.
                default -> {
                    boolean hd = codedHeight >= 720;
                    kr = hd ? 0.2126 : 0.299;
                    kb = hd ? 0.0722 : 0.114;
                }
            }
            double kg = 1 - kr - kb;
            double ys = fullRange ? 1 : 255.0 / 219;
            double cs = fullRange ? 1 : 255.0 / 224;
            double one = 1 << SHIFT;
            return new ColourMatrix(
                    fullRange ? 0 : 16,
                    (int) Math.round(ys * one),
                    (int) Math.round(cs * 2 * (1 - kr) * one),
                    (int) Math.round(cs * 2 * kb * (1 - kb) / kg * one),
                    (int) Math.round(cs * 2 * kr * (1 - kr) / kg * one),
                    (int) Math.round(cs * 2 * (1 - kb) * one));
        }

        BufferedImage toImage(Picture pic) throws IOException {
            if (pic.getData().length < 3
                    || pic.getPlaneWidth(1) * 2 != pic.getPlaneWidth(0)
                    || pic.getPlaneHeight(1) * 2 != pic.getPlaneHeight(0)) {
                throw new IOException("only 4:2:0 video is supported, got " + pic.getColor());
            }
            Rect crop = pic.getCrop();
            int x0 = crop == null ? 0 : crop.getX();
            int y0 = crop == null ? 0 : crop.getY();
            int w = crop == null ? pic.getWidth() : crop.getWidth();
            int h = crop == null ? pic.getHeight() : crop.getHeight();
            byte[] yp = pic.getPlaneData(0);
            byte[] up = pic.getPlaneData(1);
            byte[] vp = pic.getPlaneData(2);
            int stride = pic.getPlaneWidth(0);
            int cStride = pic.getPlaneWidth(1);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
            int round = 1 << (SHIFT - 1);
            for (int y = 0; y < h; y++) {
                int sy = y0 + y;
                int yRow = sy * stride;
                int cRow = (sy >> 1) * cStride;
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    int sx = x0 + x;
                    // JCodec stores samples as (value - 128), which for chroma is already the centred value.
                    int luma = (yp[yRow + sx] + 128 - yOffset) * yScale + round;
                    int u = up[cRow + (sx >> 1)];
                    int v = vp[cRow + (sx >> 1)];
                    int r = clamp((luma + rv * v) >> SHIFT);
                    int g = clamp((luma - gu * u - gv * v) >> SHIFT);
                    int b = clamp((luma + bu * u) >> SHIFT);
                    rgb[o + x] = (r << 16) | (g << 8) | b;
                }
            }
            return out;
        }

        private static int clamp(int v) {
            return v < 0 ? 0 : (v > 255 ? 255 : v);
        }
    }
}
