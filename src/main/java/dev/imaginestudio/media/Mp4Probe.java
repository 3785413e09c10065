package dev.imaginestudio.media;
public final class Mp4Probe {
    public record Info(int width, int height, int frameCount, double durationSeconds, double fps) {}
    public static boolean hasMp4Signature(java.nio.file.Path file) throws java.io.IOException { throw new java.io.IOException("pending"); }
    public static Info inspect(java.nio.file.Path file) throws java.io.IOException { throw new java.io.IOException("pending"); }
    public static void writePoster(java.nio.file.Path video, double atSeconds, java.nio.file.Path poster) throws java.io.IOException { throw new java.io.IOException("pending"); }
    public static java.awt.image.BufferedImage frame(java.nio.file.Path video, int index) throws java.io.IOException { throw new java.io.IOException("pending"); }
}
