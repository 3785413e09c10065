package dev.imaginestudio.provider.local;
public final class PreviewRenderer {
    public static final int FPS = 24;
    public enum Mode { TEXT, IMAGE, REFERENCE }
    public record Spec(Mode mode, String prompt, int width, int height, int durationSeconds, long seed, java.util.List<java.nio.file.Path> images) {}
    public interface Progress { void frames(int done, int total); }
    public void render(Spec spec, java.nio.file.Path output, Progress progress) throws java.io.IOException { throw new java.io.IOException("pending"); }
}
