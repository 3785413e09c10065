package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.PreviewRenderer.FPS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.Brand;
import org.jcodec.containers.mp4.boxes.Box;
import org.jcodec.containers.mp4.boxes.ChunkOffsets64Box;
import org.jcodec.containers.mp4.boxes.MovieBox;
import org.jcodec.containers.mp4.boxes.NodeBox;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * Collects samples through JCodec's muxer into a scratch file, then writes the final file as
 * ftyp + moov + mdat. JCodec itself puts moov last (browsers then need range requests before playing)
 * and stamps the current time into it (breaking byte-identical output), so the header is rebuilt here.
 */
final class Mp4Writer {

    // The timescale ffmpeg writes for 24 fps; a timescale equal to the frame rate is legal but unusual.
    private static final int TICKS_PER_FRAME = 512;
    private static final int TIMESCALE = FPS * TICKS_PER_FRAME;

    private final FileChannel scratch;
    private final MP4Muxer muxer;
    private final MuxerTrack track;

    Mp4Writer(FileChannel scratch, int width, int height) throws IOException {
        this.scratch = scratch;
        this.muxer = MP4Muxer.createMP4MuxerToChannel(new FileChannelWrapper(scratch));
        // The sample entry (and so tkhd) must carry the display size; the coded size is macroblock-aligned.
        this.track = muxer.addVideoTrack(
                Codec.H264, VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
    }

    void addFrame(byte[] annexB, int frame, FrameRole role) throws IOException {
        Packet.FrameType type = switch (role) {
            case KEY -> Packet.FrameType.KEY;
            case INTER -> Packet.FrameType.INTER;
        };
        track.addFrame(Packet.createPacket(
                ByteBuffer.wrap(annexB),
                (long) frame * TICKS_PER_FRAME,
                TIMESCALE,
                TICKS_PER_FRAME,
                frame,
                type,
                null));
    }

    void finishTo(FileChannel out) throws IOException {
        MovieBox movie = muxer.finalizeHeader();
        ChunkOffsets64Box co64 =
                NodeBox.findFirstPath(movie, ChunkOffsets64Box.class, Box.path("trak.mdia.minf.stbl.co64"));
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
            String type = new String(
                    new byte[] {buf.get(pos + 4), buf.get(pos + 5), buf.get(pos + 6), buf.get(pos + 7)},
                    StandardCharsets.US_ASCII);
            switch (HeaderBox.of(type)) {
                case CONTAINER -> clearTimestamps(buf, pos + 8, (int) (pos + size));
                case STAMPED -> {
                    if (buf.get(pos + 8) == 0) {
                        buf.putInt(pos + 12, 0).putInt(pos + 16, 0);
                    } else {
                        buf.putLong(pos + 12, 0).putLong(pos + 20, 0);
                    }
                }
                case OTHER -> {}
            }
            pos += (int) size;
        }
    }

    /** What the timestamp pass does with a box of moov: look inside it, clear its times, or leave it alone. */
    private enum HeaderBox {
        CONTAINER("moov", "trak", "mdia"),
        STAMPED("mvhd", "tkhd", "mdhd"),
        OTHER;

        private final List<String> types;

        HeaderBox(String... types) {
            this.types = List.of(types);
        }

        static HeaderBox of(String type) {
            for (HeaderBox kind : values()) {
                if (kind.types.contains(type)) return kind;
            }
            return OTHER;
        }
    }
}
