package dev.imaginestudio.provider.local.render;

import org.jcodec.common.model.Picture;

/** RGB to limited-range BT.601 YUV 4:2:0, written into JCodec's signed-byte planes. */
final class Yuv {
    private Yuv() {}

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
