package dev.imaginestudio.provider.local;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.Brand;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.ChunkOffsets64Box;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * Offline stand-in for a video model: renders a short H.264 MP4 from a prompt or from images so that a studio
 * without any provider key still works end to end. Every frame carries a "PREVIEW" badge so the result is
 * never mistaken for model output.
 *
 * <p>Each frame is a pure function of the spec and the frame index. That is what allows several workers to
 * draw and encode alternate GOPs in parallel (JCodec's encoder is single-threaded and is the bottleneck) while
 * identical specs still produce byte-identical files.
 */
public final class PreviewRenderer {

    public static final int FPS = 24;

    public enum Mode { TEXT, IMAGE, REFERENCE }

    /** images: for IMAGE the first-frame image (1 file); for REFERENCE 1-7 reference images; empty for TEXT. */
    public record Spec(Mode mode, String prompt, int width, int height, int durationSeconds, long seed,
                       List<Path> images) {
        public Spec {
            Objects.requireNonNull(mode, "mode");
            prompt = prompt == null ? "" : prompt;
            images = images == null ? List.of() : List.copyOf(images);
            // 4:2:0 chroma and H.264 frame cropping both work in 2-pixel units, so odd sizes cannot be encoded.
            if (width < MIN_SIZE || height < MIN_SIZE || width > MAX_SIZE || height > MAX_SIZE
                    || (width & 1) != 0 || (height & 1) != 0) {
                throw new IllegalArgumentException("width and height must be even and within " + MIN_SIZE + ".."
                        + MAX_SIZE + ", got " + width + "x" + height);
            }
            if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException(
                        "durationSeconds must be within 1.." + MAX_DURATION_SECONDS + ", got " + durationSeconds);
            }
            int n = images.size();
            switch (mode) {
                case TEXT -> {
                    if (n != 0) throw new IllegalArgumentException("TEXT mode takes no images, got " + n);
                }
                case IMAGE -> {
                    if (n != 1) throw new IllegalArgumentException("IMAGE mode needs exactly 1 image, got " + n);
                }
                case REFERENCE -> {
                    if (n < 1 || n > MAX_REFERENCE_IMAGES) {
                        throw new IllegalArgumentException(
                                "REFERENCE mode needs 1.." + MAX_REFERENCE_IMAGES + " images, got " + n);
                    }
                }
            }
        }
    }

    public interface Progress { void frames(int done, int total); }

    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 4096;
    static final int MAX_DURATION_SECONDS = 120;
    static final int MAX_REFERENCE_IMAGES = 7;

    // A keyframe every second keeps browser seeking snappy and gives the parallel workers units of work.
    private static final int GOP = FPS;
    // The timescale ffmpeg writes for 24 fps; a timescale equal to the frame rate is legal but unusual.
    private static final int TICKS_PER_FRAME = 512;
    private static final int TIMESCALE = FPS * TICKS_PER_FRAME;
    // Constant quantisers. JCodec's encoder codes every residual block of every macroblock (it has no skipped
    // macroblocks and fixes coded_block_pattern at 47), so on these smooth scenes a P frame costs about the
    // same at any QP from 24 to 32 (~22 KB at 720p). A low I-frame QP is what removes visible blocking from
    // the gradients, for a few percent more bytes; the default rate control would also let quality pulse
    // at every keyframe.
    private static final int QP_I = 22;
    private static final int QP_P = 25;
    // JCodec's motion search walks greedily and keeps walking across ties, so on flat areas it uses up the
    // whole range. Preview motion stays within a few pixels per frame; compared with the default of 16 this
    // range cuts encoding time by about a third at no cost in size.
    private static final int MOTION_SEARCH_RANGE = 6;
    private static final int MAX_WORKERS = 4;

    /**
     * Renders spec to {@code output} (the file is created/overwritten). Throws IOException on I/O failure.
     * Honours Thread interruption: stops early and throws {@link InterruptedIOException}.
     */
    public void render(Spec spec, Path output, Progress progress) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(output, "output");
        Progress listener = progress == null ? (done, total) -> { } : progress;
        checkInterrupted();

        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Scene scene = createScene(spec);
        checkInterrupted();

        String stem = "." + target.getFileName() + "." + UUID.randomUUID();
        Path mdat = dir.resolve(stem + ".mdat");
        Path part = dir.resolve(stem + ".part");
        try {
            try (FileChannel mdatChannel = FileChannel.open(mdat, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Mp4Writer writer = new Mp4Writer(mdatChannel, spec.width(), spec.height());
                new Pipeline(spec, scene, writer, listener).run();
                writer.finishTo(out);
            } catch (ClosedByInterruptException e) {
                InterruptedIOException ie = new InterruptedIOException("preview render interrupted");
                ie.initCause(e);
                throw ie;
            }
            moveIntoPlace(part, target);
        } finally {
            deleteQuietly(mdat);
            deleteQuietly(part);
        }
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("preview render interrupted");
        }
    }

    static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stray hidden temp file is preferable to masking the exception that brought us here.
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parallel draw + encode

    /**
     * Workers claim whole GOPs, draw and encode them with a fresh encoder each (so a GOP's bytes never depend
     * on which worker made it), and publish packets; the calling thread muxes them in order and reports
     * progress, so listeners never run on a worker thread.
     */
    private static final class Pipeline {
        private final Spec spec;
        private final Scene scene;
        private final Mp4Writer writer;
        private final Progress progress;
        private final int totalFrames;
        private final int gopCount;
        private final int window;
        private final List<Thread> threads;
        private final Object lock = new Object();
        private final byte[][] packets;
        private int nextGop;
        private int muxedFrames;
        private Throwable failure;
        private volatile boolean cancelled;

        Pipeline(Spec spec, Scene scene, Mp4Writer writer, Progress progress) {
            this.spec = spec;
            this.scene = scene;
            this.writer = writer;
            this.progress = progress;
            this.totalFrames = spec.durationSeconds() * FPS;
            this.gopCount = (totalFrames + GOP - 1) / GOP;
            int workers = Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors(), MAX_WORKERS),
                    gopCount));
            // Bounds how far workers may run ahead of the muxer, and so how many packets wait in memory.
            this.window = 2 * workers;
            this.packets = new byte[totalFrames][];
            this.threads = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(this::work, "preview-render-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        void run() throws IOException {
            threads.forEach(Thread::start);
            boolean done = false;
            try {
                int next = 0;
                while (next < totalFrames) {
                    int ready;
                    synchronized (lock) {
                        while (packets[next] == null && failure == null) {
                            lock.wait();
                        }
                        if (failure != null) {
                            throw asIOException(failure);
                        }
                        ready = next;
                        while (ready < totalFrames && packets[ready] != null) ready++;
                    }
                    for (int i = next; i < ready; i++) {
                        byte[] data;
                        synchronized (lock) {
                            data = packets[i];
                            packets[i] = null;
                        }
                        writer.addFrame(data, i, i % GOP == 0);
                    }
                    next = ready;
                    synchronized (lock) {
                        muxedFrames = next;
                        lock.notifyAll();
                    }
                    progress.frames(next, totalFrames);
                    checkInterrupted();
                }
                done = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException ie = new InterruptedIOException("preview render interrupted");
                ie.initCause(e);
                throw ie;
            } finally {
                if (!done) cancel();
                joinWorkers();
            }
        }

        private void cancel() {
            cancelled = true;
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        private void joinWorkers() {
            boolean interrupted = Thread.interrupted();
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        // Workers stop within one frame once cancelled; leaving them running would let them
                        // touch state the caller is about to clean up.
                        interrupted = true;
                        cancel();
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        private static IOException asIOException(Throwable t) {
            if (t instanceof Error err) throw err;
            return new IOException("preview rendering failed: " + t, t);
        }

        private void work() {
            FrameEncoder frames = null;
            try {
                frames = new FrameEncoder(spec.width(), spec.height(), scene);
                while (true) {
                    int gop;
                    synchronized (lock) {
                        while (!cancelled && failure == null && nextGop < gopCount
                                && nextGop >= muxedFrames / GOP + window) {
                            lock.wait();
                        }
                        if (cancelled || failure != null || nextGop >= gopCount) return;
                        gop = nextGop++;
                    }
                    H264Encoder encoder = frames.newEncoder();
                    int end = Math.min(totalFrames, (gop + 1) * GOP);
                    for (int i = gop * GOP; i < end; i++) {
                        if (cancelled) return;
                        byte[] data = frames.encode(encoder, i, totalFrames);
                        synchronized (lock) {
                            packets[i] = data;
                            lock.notifyAll();
                        }
                    }
                }
            } catch (Throwable t) {
                // Anything, even an unexpected interrupt, must reach the caller, which would otherwise wait
                // for this worker's frames forever.
                synchronized (lock) {
                    if (failure == null) failure = t;
                    lock.notifyAll();
                }
            } finally {
                if (frames != null) frames.close();
            }
        }
    }

    /** One worker's reusable canvas, YUV picture and bitstream buffer. */
    private static final class FrameEncoder {
        private final int width;
        private final int height;
        private final Scene scene;
        private final BufferedImage canvas;
        private final int[] rgb;
        private final Graphics2D g;
        private final Badge badge;
        private final Picture yuv;
        private final ByteBuffer buffer;

        FrameEncoder(int width, int height, Scene scene) {
            this.width = width;
            this.height = height;
            this.scene = scene;
            this.badge = new Badge(width, height);
            this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            this.rgb = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
            this.g = canvas.createGraphics();
            applyQualityHints(g);
            int codedWidth = (width + 15) & ~15;
            int codedHeight = (height + 15) & ~15;
            // The crop rectangle is what makes JCodec write SPS frame cropping, so decoders show exactly
            // width x height rather than the macroblock-aligned coded size.
            this.yuv = Picture.createCropped(codedWidth, codedHeight, ColorSpace.YUV420J,
                    new Rect(0, 0, width, height));
            this.buffer = ByteBuffer.allocate(codedWidth * codedHeight * 2 + 4096);
        }

        H264Encoder newEncoder() {
            H264Encoder encoder = new PreviewH264Encoder();
            encoder.setKeyInterval(GOP);
            encoder.setMotionSearchRange(MOTION_SEARCH_RANGE);
            return encoder;
        }

        byte[] encode(H264Encoder encoder, int frame, int totalFrames) {
            Graphics2D fg = (Graphics2D) g.create();
            try {
                scene.paint(fg, frame, totalFrames);
            } finally {
                fg.dispose();
            }
            badge.paint(g);
            Yuv.fromRgb(rgb, width, height, yuv);
            buffer.clear();
            ByteBuffer data = encoder.encodeFrame(yuv, buffer).getData();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return bytes;
        }

        void close() {
            g.dispose();
        }
    }

    static void applyQualityHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    private static final class ConstantQp implements RateControl {
        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return sliceType == SliceType.I ? QP_I : QP_P;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0;
        }
    }

    /**
     * JCodec writes no VUI, so players guess the colour encoding; the guesses differ between browsers and
     * JCodec's own decoder. Declaring BT.601 limited range (which is what {@link Yuv} produces) makes them agree.
     */
    private static final class PreviewH264Encoder extends H264Encoder {
        PreviewH264Encoder() {
            super(new ConstantQp());
        }

        @Override
        public SeqParameterSet initSPS(Size size) {
            SeqParameterSet sps = super.initSPS(size);
            // Level 4.0 (JCodec's default) is enough for 1080p30; smaller frames fit lower levels but the
            // higher declaration is harmless and every target decoder supports it.
            VUIParameters vui = new VUIParameters();
            vui.videoSignalTypePresentFlag = true;
            vui.videoFormat = 5; // unspecified
            vui.videoFullRangeFlag = false;
            vui.colourDescriptionPresentFlag = true;
            vui.colourPrimaries = 1; // BT.709 primaries = sRGB primaries, which is what Java2D draws in
            vui.transferCharacteristics = 1;
            vui.matrixCoefficients = 6; // BT.601, matching Yuv.fromRgb
            vui.timingInfoPresentFlag = true;
            vui.numUnitsInTick = 1;
            vui.timeScale = 2 * FPS;
            vui.fixedFrameRateFlag = true;
            sps.vuiParams = vui;
            return sps;
        }
    }

    /** RGB to limited-range BT.601 YUV 4:2:0, written into JCodec's signed-byte planes. */
    static final class Yuv {
        private Yuv() {
        }

        static void fromRgb(int[] rgb, int width, int height, Picture dst) {
            byte[] yp = dst.getPlaneData(0);
            byte[] up = dst.getPlaneData(1);
            byte[] vp = dst.getPlaneData(2);
            int stride = dst.getPlaneWidth(0);
            int cStride = dst.getPlaneWidth(1);
            int codedHeight = dst.getPlaneHeight(0);
            for (int y = 0; y < height; y += 2) {
                int row0 = y * width;
                int row1 = row0 + width;
                int yo0 = y * stride;
                int yo1 = yo0 + stride;
                int co = (y >> 1) * cStride;
                for (int x = 0; x < width; x += 2) {
                    int p00 = rgb[row0 + x];
                    int p01 = rgb[row0 + x + 1];
                    int p10 = rgb[row1 + x];
                    int p11 = rgb[row1 + x + 1];
                    yp[yo0 + x] = luma(p00);
                    yp[yo0 + x + 1] = luma(p01);
                    yp[yo1 + x] = luma(p10);
                    yp[yo1 + x + 1] = luma(p11);
                    int r = ((p00 >> 16) & 0xff) + ((p01 >> 16) & 0xff) + ((p10 >> 16) & 0xff) + ((p11 >> 16) & 0xff);
                    int g = ((p00 >> 8) & 0xff) + ((p01 >> 8) & 0xff) + ((p10 >> 8) & 0xff) + ((p11 >> 8) & 0xff);
                    int b = (p00 & 0xff) + (p01 & 0xff) + (p10 & 0xff) + (p11 & 0xff);
                    // Stored values are (sample - 128); the +128 bias and the -128 cancel out for chroma.
                    up[co + (x >> 1)] = (byte) ((-38 * r - 74 * g + 112 * b + 512) >> 10);
                    vp[co + (x >> 1)] = (byte) ((112 * r - 94 * g - 18 * b + 512) >> 10);
                }
            }
            // Replicating the edge into the macroblock padding keeps the cropped-away area cheap to code and
            // stops it from bleeding odd colours into the visible edge through prediction.
            padPlane(yp, stride, codedHeight, width, height);
            padPlane(up, cStride, dst.getPlaneHeight(1), width >> 1, height >> 1);
            padPlane(vp, cStride, dst.getPlaneHeight(2), width >> 1, height >> 1);
        }

        private static byte luma(int p) {
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            return (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16 - 128);
        }

        private static void padPlane(byte[] plane, int stride, int rows, int width, int height) {
            if (width < stride) {
                for (int y = 0; y < height; y++) {
                    int o = y * stride;
                    byte edge = plane[o + width - 1];
                    for (int x = width; x < stride; x++) plane[o + x] = edge;
                }
            }
            int last = (height - 1) * stride;
            for (int y = height; y < rows; y++) {
                System.arraycopy(plane, last, plane, y * stride, stride);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // MP4 container

    /**
     * Collects samples through JCodec's muxer into a scratch file, then writes the final file as
     * ftyp + moov + mdat. JCodec itself puts moov last (browsers then need range requests before playing)
     * and stamps the current time into it (breaking byte-identical output), so the header is rebuilt here.
     */
    private static final class Mp4Writer {
        private final FileChannel scratch;
        private final MP4Muxer muxer;
        private final MuxerTrack track;

        Mp4Writer(FileChannel scratch, int width, int height) throws IOException {
            this.scratch = scratch;
            this.muxer = MP4Muxer.createMP4MuxerToChannel(new FileChannelWrapper(scratch));
            // The sample entry (and so tkhd) must carry the display size; the coded size is macroblock-aligned.
            this.track = muxer.addVideoTrack(Codec.H264,
                    VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
        }

        void addFrame(byte[] annexB, int frame, boolean key) throws IOException {
            track.addFrame(Packet.createPacket(ByteBuffer.wrap(annexB), (long) frame * TICKS_PER_FRAME, TIMESCALE,
                    TICKS_PER_FRAME, frame, key ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
        }

        void finishTo(FileChannel out) throws IOException {
            MovieBox movie = muxer.finalizeHeader();
            ChunkOffsets64Box co64 = NodeBox.findFirstPath(movie, ChunkOffsets64Box.class,
                    Box.path("trak.mdia.minf.stbl.co64"));
            long[] offsets = co64.getChunkOffsets();
            long payloadStart = offsets[0];
            long payloadLength = scratch.size() - payloadStart;

            ByteBuffer ftyp = serialize(Brand.MP4.getFileTypeBox());
            // co64 entries are fixed-width, so shifting them below does not change the size measured here.
            int moovSize = serialize(movie).remaining();
            boolean largeMdat = payloadLength + 8 > 0xFFFFFFFFL;
            int mdatHeaderSize = largeMdat ? 16 : 8;
            long delta = ftyp.remaining() + moovSize + mdatHeaderSize - payloadStart;
            long[] shifted = new long[offsets.length];
            for (int i = 0; i < offsets.length; i++) shifted[i] = offsets[i] + delta;
            co64.setChunkOffsets(shifted);
            ByteBuffer moov = serialize(movie);
            clearTimestamps(moov, 0, moov.limit());

            ByteBuffer mdatHeader = ByteBuffer.allocate(mdatHeaderSize);
            if (largeMdat) {
                mdatHeader.putInt(1).put(fourcc("mdat")).putLong(payloadLength + 16);
            } else {
                mdatHeader.putInt((int) (payloadLength + 8)).put(fourcc("mdat"));
            }
            mdatHeader.flip();
            writeFully(out, ftyp);
            writeFully(out, moov);
            writeFully(out, mdatHeader);
            long copied = 0;
            while (copied < payloadLength) {
                long n = scratch.transferTo(payloadStart + copied, payloadLength - copied, out);
                if (n <= 0) throw new IOException("short copy of media data");
                copied += n;
            }
            out.force(false);
        }

        private static ByteBuffer serialize(Box box) {
            ByteBuffer buf = ByteBuffer.allocate(box.estimateSize() * 2 + 4096);
            box.write(buf);
            buf.flip();
            return buf;
        }

        private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
            while (buf.hasRemaining()) out.write(buf);
        }

        private static byte[] fourcc(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        /** Zeroes creation/modification times in mvhd, tkhd and mdhd (0 = "unknown", as ffmpeg writes). */
        private static void clearTimestamps(ByteBuffer buf, int from, int to) {
            int pos = from;
            while (pos + 8 <= to) {
                long size = buf.getInt(pos) & 0xFFFFFFFFL;
                if (size < 8 || pos + size > to) return;
                String type = new String(new byte[] {buf.get(pos + 4), buf.get(pos + 5), buf.get(pos + 6),
                        buf.get(pos + 7)}, StandardCharsets.US_ASCII);
                switch (type) {
                    case "moov", "trak", "mdia" -> clearTimestamps(buf, pos + 8, (int) (pos + size));
                    case "mvhd", "tkhd", "mdhd" -> {
                        if (buf.get(pos + 8) == 0) {
                            buf.putInt(pos + 12, 0).putInt(pos + 16, 0);
                        } else {
                            buf.putLong(pos + 12, 0).putLong(pos + 20, 0);
                        }
                    }
                    default -> { }
                }
                pos += (int) size;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scenes

    /** Paints frame {@code frame} of {@code total}; must depend on nothing but its arguments and fixed state. */
    interface Scene {
        void paint(Graphics2D g, int frame, int total);
    }

    private static Scene createScene(Spec spec) throws IOException {
        long mixed = spec.seed() ^ ((long) spec.prompt().hashCode() * 0x9E3779B97F4A7C15L);
        SplittableRandom random = new SplittableRandom(mixed);
        return switch (spec.mode()) {
            case TEXT -> new TextScene(spec.prompt(), spec.width(), spec.height(), random);
            case IMAGE -> {
                BufferedImage image = readImage(spec.images().get(0),
                        (int) Math.ceil(spec.width() * KenBurns.MAX_ZOOM),
                        (int) Math.ceil(spec.height() * KenBurns.MAX_ZOOM));
                yield new ImageScene(new KenBurns(image, spec.width(), spec.height(), random.nextDouble() * 2 * Math.PI,
                        KenBurns.zoomFor(spec.durationSeconds())));
            }
            case REFERENCE -> {
                List<KenBurns> shots = new ArrayList<>();
                double angle = random.nextDouble() * 2 * Math.PI;
                for (Path p : spec.images()) {
                    BufferedImage image = readImage(p, (int) Math.ceil(spec.width() * KenBurns.MAX_ZOOM),
                            (int) Math.ceil(spec.height() * KenBurns.MAX_ZOOM));
                    shots.add(new KenBurns(image, spec.width(), spec.height(), angle,
                            KenBurns.zoomFor((double) spec.durationSeconds() / spec.images().size())));
                    // Turning the pan direction by roughly half a circle each shot keeps consecutive moves distinct.
                    angle += Math.PI * (0.75 + 0.5 * random.nextDouble());
                }
                yield new ReferenceScene(shots, spec.durationSeconds());
            }
        };
    }

    /**
     * Reads a PNG/JPEG with ImageIO. Huge photos are subsampled while decoding (keeping at least twice the
     * needed resolution for a clean downscale) so a 48-megapixel upload does not cost hundreds of megabytes.
     */
    static BufferedImage readImage(Path file, int neededWidth, int neededHeight) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("Cannot open image " + file);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("Unsupported or unreadable image (PNG or JPEG expected; WebP, HEIC and AVIF "
                        + "cannot be read here): " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.floor(Math.min((double) w / neededWidth, (double) h / neededHeight) / 2);
                if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new IOException("Image has no pixels: " + file);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IIOException | RuntimeException e) {
            throw new IOException("Cannot decode image " + file + ": " + e.getMessage(), e);
        }
    }

    static double smoothstep(double x) {
        double t = x <= 0 ? 0 : x >= 1 ? 1 : x;
        return t * t * (3 - 2 * t);
    }

    /**
     * A cover-fitted image with a slow eased zoom and pan. The image is pre-scaled once to the frame size at
     * maximum zoom, so each frame is only a mild bilinear downscale (by a factor between 1/MAX_ZOOM and 1),
     * which neither aliases nor blurs.
     */
    static final class KenBurns {
        static final double MAX_ZOOM = 1.12;
        private final BufferedImage plate;
        private final int width;
        private final int height;
        private final double panX;
        private final double panY;
        private final double zoomAmount;

        KenBurns(BufferedImage source, int width, int height, double panAngle, double zoomAmount) {
            this.width = width;
            this.height = height;
            this.plate = coverScale(source, (int) Math.ceil(width * MAX_ZOOM), (int) Math.ceil(height * MAX_ZOOM));
            this.panX = Math.cos(panAngle);
            this.panY = Math.sin(panAngle);
            this.zoomAmount = Math.min(MAX_ZOOM - 1, zoomAmount);
        }

        /**
         * The full move over six seconds or more, less for shorter shots: a whole 12% push-in squeezed into
         * a second looks like a lurch, and faster motion also outruns the encoder's short motion search.
         */
        static double zoomFor(double shotSeconds) {
            return (MAX_ZOOM - 1) * Math.max(0.5, Math.min(1, shotSeconds / 6));
        }

        /** u in [0,1] is eased progress: 0 shows the whole cover-fitted image, 1 the zoomed, panned view. */
        void paint(Graphics2D g, double u) {
            double zoom = 1 + zoomAmount * u;
            double pw = plate.getWidth();
            double ph = plate.getHeight();
            double vw = pw / zoom;
            double vh = ph / zoom;
            // Using 80% of the slack keeps the view clear of the plate edge, where bilinear sampling would fade.
            double cx = pw / 2 + panX * 0.8 * (pw - vw) / 2;
            double cy = ph / 2 + panY * 0.8 * (ph - vh) / 2;
            AffineTransform at = new AffineTransform();
            at.scale(width / vw, height / vh);
            at.translate(-(cx - vw / 2), -(cy - vh / 2));
            g.drawImage(plate, at, null);
        }

        /** Crops the centre of source to the target aspect and scales it to exactly tw x th. */
        static BufferedImage coverScale(BufferedImage source, int tw, int th) {
            double targetAspect = (double) tw / th;
            int sw = source.getWidth();
            int sh = source.getHeight();
            int cw = sw;
            int ch = sh;
            if ((double) sw / sh > targetAspect) {
                cw = Math.max(1, (int) Math.round(sh * targetAspect));
            } else {
                ch = Math.max(1, (int) Math.round(sw / targetAspect));
            }
            BufferedImage current = toRgb(source.getSubimage((sw - cw) / 2, (sh - ch) / 2, cw, ch));
            // Halving step by step averages every source pixel; one big bilinear step would skip most of them.
            while (current.getWidth() >= tw * 2 && current.getHeight() >= th * 2) {
                current = resize(current, current.getWidth() / 2, current.getHeight() / 2,
                        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            }
            return resize(current, tw, th, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }

        private static BufferedImage toRgb(BufferedImage src) {
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(src, 0, 0, null);
            g.dispose();
            return out;
        }

        private static BufferedImage resize(BufferedImage src, int w, int h, Object interpolation) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
            g.dispose();
            return out;
        }
    }

    /** IMAGE mode: one continuous eased camera move over the first-frame image. */
    static final class ImageScene implements Scene {
        private final KenBurns shot;

        ImageScene(KenBurns shot) {
            this.shot = shot;
        }

        @Override
        public void paint(Graphics2D g, int frame, int total) {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, shot.width, shot.height);
            shot.paint(g, smoothstep(total <= 1 ? 0 : (double) frame / (total - 1)));
        }
    }

    /** REFERENCE mode: the images in order, each with its own gentle move, cross-fading at the boundaries. */
    static final class ReferenceScene implements Scene {
        private final List<KenBurns> shots;
        private final double duration;
        private final double segment;
        private final double fade;

        ReferenceScene(List<KenBurns> shots, int durationSeconds) {
            this.shots = List.copyOf(shots);
            this.duration = durationSeconds;
            this.segment = duration / shots.size();
            this.fade = Math.min(0.6, segment * 0.3);
        }

        @Override
        public void paint(Graphics2D g, int frame, int total) {
            KenBurns first = shots.get(0);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, first.width, first.height);
            double t = (frame + 0.5) / FPS;
            int index = Math.min(shots.size() - 1, (int) (t / segment));
            double intoSegment = t - index * segment;
            // The fade into shot i+1 is centred on the boundary: it starts fade/2 before and ends fade/2 after.
            if (index > 0 && intoSegment < fade / 2) {
                double alpha = smoothstep((intoSegment + fade / 2) / fade);
                paintShot(g, index - 1, t);
                paintShot(g, index, t, alpha);
            } else if (index < shots.size() - 1 && segment - intoSegment < fade / 2) {
                double alpha = smoothstep((intoSegment - (segment - fade / 2)) / fade);
                paintShot(g, index, t);
                paintShot(g, index + 1, t, alpha);
            } else {
                paintShot(g, index, t);
            }
        }

        private void paintShot(Graphics2D g, int i, double t) {
            double start = Math.max(0, i * segment - fade / 2);
            double end = Math.min(duration, (i + 1) * segment + fade / 2);
            shots.get(i).paint(g, smoothstep((t - start) / (end - start)));
        }

        private void paintShot(Graphics2D g, int i, double t, double alpha) {
            if (alpha <= 0) return;
            Graphics2D faded = (Graphics2D) g.create();
            try {
                faded.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.min(1, alpha)));
                paintShot(faded, i, t);
            } finally {
                faded.dispose();
            }
        }
    }

    /**
     * TEXT mode: a softly lit sky with drifting glows, parallax hills and rising sparks, coloured after the
     * prompt, under a slow camera drift. The prompt's words are never drawn: a video shared with its prompt hidden
     * must not show it.
     */
    static final class TextScene implements Scene {
        private final int width;
        private final int height;
        private final int marginX;
        private final int marginY;
        private final BufferedImage sky;
        private final BufferedImage farHills;
        private final BufferedImage nearHills;
        private final Glow[] glows;
        private final Spark[] sparks;
        private final Color sparkColor;
        private final double driftPeriodX;
        private final double driftPeriodY;
        private final double driftPhaseX;
        private final double driftPhaseY;

        private record Glow(BufferedImage sprite, double cx, double cy, double ax, double ay,
                            double fx, double fy, double px, double py, boolean front) {
        }

        private record Spark(double x, double y, double speed, double sway, double phase, double size) {
        }

        TextScene(String prompt, int width, int height, SplittableRandom random) {
            this.width = width;
            this.height = height;
            this.marginX = Math.max(8, Math.round(width * 0.05f));
            this.marginY = Math.max(8, Math.round(height * 0.05f));
            Palette palette = Palette.of(prompt, random);
            double unit = Math.min(width, height);

            this.sky = paintSky(palette, width + 2 * marginX, height + 2 * marginY, random);
            // Hills are taller than the frame so the vertical drift never uncovers the sky beneath them.
            this.farHills = paintHills(width + 4 * marginX, height + 2 * marginY, height, 0.64, 0.06,
                    palette.farHill, random);
            this.nearHills = paintHills(width + 6 * marginX, height + 2 * marginY, height, 0.79, 0.05,
                    palette.nearHill, random);

            Color[] glowColors = palette.glows;
            int glowCount = 5 + random.nextInt(3);
            this.glows = new Glow[glowCount];
            for (int i = 0; i < glowCount; i++) {
                double radius = unit * (0.12 + 0.22 * random.nextDouble());
                Color c = glowColors[i % glowColors.length];
                glows[i] = new Glow(glowSprite((int) Math.ceil(radius), c, 0.45 + 0.25 * random.nextDouble()),
                        width * (0.1 + 0.8 * random.nextDouble()), height * (0.15 + 0.55 * random.nextDouble()),
                        width * (0.05 + 0.15 * random.nextDouble()), height * (0.04 + 0.12 * random.nextDouble()),
                        2 * Math.PI / (7 + 9 * random.nextDouble()), 2 * Math.PI / (6 + 10 * random.nextDouble()),
                        random.nextDouble() * 2 * Math.PI, random.nextDouble() * 2 * Math.PI, i % 3 == 0);
            }
            int sparkCount = 28 + random.nextInt(16);
            this.sparks = new Spark[sparkCount];
            for (int i = 0; i < sparkCount; i++) {
                sparks[i] = new Spark(random.nextDouble(), random.nextDouble(),
                        0.02 + 0.05 * random.nextDouble(), 0.004 + 0.01 * random.nextDouble(),
                        random.nextDouble() * 2 * Math.PI, unit * (0.003 + 0.006 * random.nextDouble()));
            }
            this.sparkColor = palette.spark;
            this.driftPeriodX = 9 + 6 * random.nextDouble();
            this.driftPeriodY = 11 + 7 * random.nextDouble();
            this.driftPhaseX = random.nextDouble() * 2 * Math.PI;
            this.driftPhaseY = random.nextDouble() * 2 * Math.PI;
        }

        @Override
        public void paint(Graphics2D g, int frame, int total) {
            double t = (double) frame / FPS;
            double dx = 0.85 * marginX * Math.sin(2 * Math.PI * t / driftPeriodX + driftPhaseX);
            double dy = 0.85 * marginY * Math.sin(2 * Math.PI * t / driftPeriodY + driftPhaseY);

            g.drawImage(sky, (int) Math.round(-marginX - dx), (int) Math.round(-marginY - dy), null);
            for (Glow glow : glows) if (!glow.front) paintGlow(g, glow, t, dx, dy);
            // Nearer layers move further for the same camera drift, which is what reads as depth.
            g.drawImage(farHills, (int) Math.round(-2 * marginX - 1.5 * dx), (int) Math.round(-0.6 * dy), null);
            for (Glow glow : glows) if (glow.front) paintGlow(g, glow, t, dx, dy);
            g.drawImage(nearHills, (int) Math.round(-3 * marginX - 2.4 * dx), (int) Math.round(-0.3 * dy), null);
            paintSparks(g, t, dx, dy);
        }

        private void paintGlow(Graphics2D g, Glow glow, double t, double dx, double dy) {
            double x = glow.cx + glow.ax * Math.sin(glow.fx * t + glow.px) - dx;
            double y = glow.cy + glow.ay * Math.sin(glow.fy * t + glow.py) - dy;
            int half = glow.sprite.getWidth() / 2;
            g.drawImage(glow.sprite, (int) Math.round(x) - half, (int) Math.round(y) - half, null);
        }

        private void paintSparks(Graphics2D g, double t, double dx, double dy) {
            Ellipse2D.Double dot = new Ellipse2D.Double();
            for (Spark s : sparks) {
                double y = s.y - s.speed * t;
                y -= Math.floor(y);
                double x = s.x + s.sway * Math.sin(1.3 * t + s.phase);
                double twinkle = 0.5 + 0.5 * Math.sin(2.1 * t + 3 * s.phase);
                // Fading in at the bottom and out near the top means wrapping round never pops.
                float alpha = (float) (twinkle * Math.min(1, y * 3) * Math.min(1, (1 - y) * 6) * 0.85);
                if (alpha <= 0.02f) continue;
                g.setColor(new Color(sparkColor.getRed(), sparkColor.getGreen(), sparkColor.getBlue(),
                        Math.round(alpha * 255)));
                dot.setFrame(x * width - 1.8 * dx - s.size, y * height - 1.2 * dy - s.size, 2 * s.size, 2 * s.size);
                g.fill(dot);
            }
        }

        private static BufferedImage paintSky(Palette p, int w, int h, SplittableRandom random) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            applyQualityHints(g);
            g.setPaint(new LinearGradientPaint(0, 0, 0, h, new float[] {0f, 0.45f, 0.8f},
                    new Color[] {p.skyTop, p.skyMiddle, p.horizon}));
            g.fillRect(0, 0, w, h);
            float cx = (float) (w * (0.25 + 0.5 * random.nextDouble()));
            float cy = (float) (h * (0.52 + 0.08 * random.nextDouble()));
            float haze = (float) (Math.max(w, h) * 0.6);
            g.setPaint(new RadialGradientPaint(cx, cy, haze, new float[] {0f, 0.3f, 1f},
                    new Color[] {withAlpha(p.horizon, 0.8), withAlpha(p.horizon, 0.25), withAlpha(p.horizon, 0)}));
            g.fillRect(0, 0, w, h);
            float sun = (float) (Math.min(w, h) * 0.07);
            g.setPaint(new RadialGradientPaint(cx, cy, sun * 1.25f, new float[] {0f, 0.78f, 1f},
                    new Color[] {p.sun, withAlpha(p.sun, 0.95), withAlpha(p.sun, 0)}));
            g.fill(new Ellipse2D.Float(cx - sun * 1.25f, cy - sun * 1.25f, sun * 2.5f, sun * 2.5f));
            g.dispose();
            return img;
        }

        private static BufferedImage paintHills(int w, int h, int frameHeight, double horizon, double amplitude,
                                                Color color, SplittableRandom random) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
            Graphics2D g = img.createGraphics();
            applyQualityHints(g);
            double[] freq = new double[3];
            double[] phase = new double[3];
            double[] amp = new double[3];
            for (int i = 0; i < 3; i++) {
                freq[i] = (1.5 + i * 2.3 + random.nextDouble()) * 2 * Math.PI / w;
                phase[i] = random.nextDouble() * 2 * Math.PI;
                amp[i] = frameHeight * amplitude / (1 + i * 1.4);
            }
            Path2D.Double path = new Path2D.Double();
            path.moveTo(0, h);
            for (int x = 0; x <= w; x += 4) {
                double y = frameHeight * horizon;
                for (int i = 0; i < 3; i++) y += amp[i] * Math.sin(freq[i] * x + phase[i]);
                path.lineTo(x, y);
            }
            path.lineTo(w, h);
            path.closePath();
            g.setPaint(new GradientPaint(0, (float) (frameHeight * (horizon - amplitude * 2)), color, 0,
                    frameHeight, color.darker()));
            g.fill(path);
            g.dispose();
            return img;
        }

        private static BufferedImage glowSprite(int radius, Color color, double strength) {
            int size = 2 * radius + 2;
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB_PRE);
            Graphics2D g = img.createGraphics();
            applyQualityHints(g);
            g.setPaint(new RadialGradientPaint(size / 2f, size / 2f, radius, new float[] {0f, 0.35f, 1f},
                    new Color[] {withAlpha(color, strength), withAlpha(color, strength * 0.45), withAlpha(color, 0)}));
            g.fillRect(0, 0, size, size);
            g.dispose();
            return img;
        }
    }

    static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(Math.max(0, Math.min(1, alpha)) * 255));
    }

    /** Colours for the TEXT scene: from recognised words where possible, otherwise from a hash of the words. */
    static final class Palette {
        final Color skyTop;
        final Color skyMiddle;
        final Color horizon;
        final Color sun;
        final Color[] glows;
        final Color farHill;
        final Color nearHill;
        final Color spark;

        // Hue (in turns) suggested by words; the first recognised word wins.
        private static final String[][] HUES = {
                {"0.01", "red", "fire", "flame", "lava", "rose", "blood", "heart", "volcano", "ruby"},
                {"0.06", "sunset", "sunrise", "orange", "autumn", "fall", "warm", "dusk", "dawn", "amber", "copper"},
                {"0.11", "desert", "sand", "gold", "golden", "honey", "wheat", "dune", "savanna", "sun", "sunny"},
                {"0.30", "forest", "tree", "trees", "jungle", "grass", "meadow", "green", "leaf", "moss", "garden"},
                {"0.50", "ice", "snow", "winter", "glacier", "frozen", "arctic", "mint", "cyan", "teal", "aurora"},
                {"0.57", "ocean", "sea", "water", "wave", "waves", "river", "lake", "rain", "blue", "sky", "beach"},
                {"0.66", "night", "space", "galaxy", "star", "stars", "moon", "cosmic", "nebula", "midnight"},
                {"0.78", "neon", "cyber", "cyberpunk", "synthwave", "purple", "violet", "dream", "magic", "lavender"},
                {"0.92", "pink", "cherry", "blossom", "sakura", "candy", "love", "flamingo"},
        };
        private static final double COOL_HUE = 0.68;

        private Palette(double hue, boolean dark) {
            // Skies shade from the prompt's hue at the horizon towards blue-violet overhead, whichever way
            // round the colour wheel is shorter: orange becomes magenta then purple, green becomes teal.
            double towardsCool = COOL_HUE - hue;
            towardsCool -= Math.rint(towardsCool);
            double shift = Math.max(-0.2, Math.min(0.2, towardsCool));
            float v = dark ? 0.42f : 1f;
            skyTop = hsb(hue + shift, 0.72, 0.30 * v);
            skyMiddle = hsb(hue + shift * 0.45, 0.62, 0.70 * v);
            horizon = hsb(hue, 0.42, dark ? 0.62 : 1.0);
            sun = hsb(hue, dark ? 0.06 : 0.18, 1.0);
            glows = new Color[] {hsb(hue - 0.04, 0.55, 1.0), hsb(hue + shift * 0.7, 0.5, 1.0), hsb(hue, 0.22, 1.0),
                    hsb(hue + 0.08, 0.45, 1.0)};
            farHill = mix(skyMiddle, Color.BLACK, 0.45);
            nearHill = mix(skyTop, Color.BLACK, 0.6);
            spark = hsb(hue, 0.12, 1.0);
        }

        static Palette of(String prompt, SplittableRandom random) {
            String[] words = prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
            double hue = Double.NaN;
            boolean dark = false;
            int wordHash = 0;
            for (String word : words) {
                if (word.isEmpty()) continue;
                wordHash = 31 * wordHash + word.hashCode();
                if (word.equals("night") || word.equals("dark") || word.equals("midnight") || word.equals("space")) {
                    dark = true;
                }
                if (Double.isNaN(hue)) hue = hueFor(word);
            }
            if (Double.isNaN(hue)) {
                hue = ((wordHash * 0x9E3779B9) >>> 8) / (double) (1 << 24);
            }
            // A small seeded nudge so different seeds of one prompt are related but not identical.
            hue += (random.nextDouble() - 0.5) * 0.05;
            return new Palette(hue - Math.floor(hue), dark);
        }

        private static double hueFor(String word) {
            for (String[] row : HUES) {
                for (int i = 1; i < row.length; i++) {
                    if (row[i].equals(word)) return Double.parseDouble(row[0]);
                }
            }
            return Double.NaN;
        }

        private static Color hsb(double hue, double saturation, double brightness) {
            return Color.getHSBColor((float) (hue - Math.floor(hue)), (float) saturation, (float) brightness);
        }

        private static Color mix(Color a, Color b, double t) {
            return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
        }
    }

    /**
     * The "PREVIEW" badge, drawn from a built-in 5x7 dot font so it appears even where no fonts are installed.
     */
    static final class Badge {
        private static final String TEXT = "PREVIEW";
        private static final String LETTERS = "PREVIW";
        private static final String[] GLYPH_ROWS = {
                // P      R        E        V        I        W
                "11110", "11110", "11111", "10001", "11111", "10001",
                "10001", "10001", "10000", "10001", "00100", "10001",
                "10001", "10001", "10000", "10001", "00100", "10001",
                "11110", "11110", "11110", "10001", "00100", "10101",
                "10000", "10100", "10000", "10001", "00100", "10101",
                "10000", "10010", "10000", "01010", "00100", "10101",
                "10000", "10001", "11111", "00100", "11111", "01010",
        };

        private final BufferedImage image;
        private final int margin;

        Badge(int frameWidth, int frameHeight) {
            int unit = Math.min(frameWidth, frameHeight);
            this.margin = Math.max(6, Math.round(unit * 0.03f));
            this.image = draw(Math.max(2, Math.round(unit / 180f)));
        }

        void paint(Graphics2D g) {
            g.drawImage(image, margin, margin, null);
        }

        Rectangle bounds() {
            return new Rectangle(margin, margin, image.getWidth(), image.getHeight());
        }

        private static BufferedImage draw(int dot) {
            int glyphW = 5 * dot;
            int textW = TEXT.length() * glyphW + (TEXT.length() - 1) * dot;
            int padX = 3 * dot;
            int padY = 2 * dot;
            int lamp = 4 * dot;
            int w = padX + lamp + 2 * dot + textW + padX;
            int h = 7 * dot + 2 * padY;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0, 0, 0, 140));
            g.fill(new RoundRectangle2D.Double(0, 0, w, h, h, h));
            g.setColor(new Color(255, 82, 82, 235));
            g.fill(new Ellipse2D.Double(padX, (h - lamp) / 2.0, lamp, lamp));
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(new Color(255, 255, 255, 240));
            int x0 = padX + lamp + 2 * dot;
            for (int c = 0; c < TEXT.length(); c++) {
                int glyph = LETTERS.indexOf(TEXT.charAt(c));
                for (int row = 0; row < 7; row++) {
                    String bits = GLYPH_ROWS[row * LETTERS.length() + glyph];
                    for (int col = 0; col < 5; col++) {
                        if (bits.charAt(col) == '1') {
                            g.fillRect(x0 + c * (glyphW + dot) + col * dot, padY + row * dot, dot, dot);
                        }
                    }
                }
            }
            g.dispose();
            return img;
        }
    }
}
