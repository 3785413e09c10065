package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.Drawing.applyQualityHints;
import static dev.imaginestudio.provider.local.render.PreviewRenderer.FPS;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.jcodec.common.model.Size;

/** One worker's reusable canvas, YUV picture and bitstream buffer. */
final class FrameEncoder {

    // A keyframe every second keeps browser seeking snappy and gives the parallel workers units of work.
    static final int GOP = FPS;
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
        this.yuv = Picture.createCropped(codedWidth, codedHeight, ColorSpace.YUV420J, new Rect(0, 0, width, height));
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
}
