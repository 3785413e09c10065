package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.FrameEncoder.GOP;
import static dev.imaginestudio.provider.local.render.PreviewRenderer.FPS;
import static dev.imaginestudio.provider.local.render.PreviewRenderer.checkInterrupted;

import dev.imaginestudio.provider.local.render.PreviewRenderer.Progress;
import dev.imaginestudio.provider.local.render.PreviewRenderer.Spec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;

/**
 * Workers claim whole GOPs, draw and encode them with a fresh encoder each (so a GOP's bytes never depend
 * on which worker made it), and publish packets; the calling thread muxes them in order and reports
 * progress, so listeners never run on a worker thread.
 */
final class Pipeline {

    private static final int MAX_WORKERS = 4;

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
        int workers =
                Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors(), MAX_WORKERS), gopCount));
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
                    writer.addFrame(data, i, FrameRole.of(i));
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
                    while (!cancelled
                            && failure == null
                            && nextGop < gopCount
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
