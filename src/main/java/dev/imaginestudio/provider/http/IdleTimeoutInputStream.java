package dev.imaginestudio.provider.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that is closed when no byte has arrived for {@code idle}: {@link java.net.http.HttpClient}
 * has no read timeout for a streamed body, and a stalled download must not hold a poller thread forever.
 */
public final class IdleTimeoutInputStream extends FilterInputStream {

    private final long idleNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean timedOut;
    private volatile boolean closed;
    private long bytes;
    private ScheduledFuture<?> check;

    private IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idleNanos = idle.toNanos();
    }

    public static InputStream watch(InputStream in, Duration idle, ScheduledExecutorService watchdog) {
        IdleTimeoutInputStream s = new IdleTimeoutInputStream(in, idle);
        long period = Math.max(50, idle.toMillis() / 4);
        s.check = watchdog.scheduleWithFixedDelay(s::check, period, period, TimeUnit.MILLISECONDS);
        return s;
    }

    private void check() {
        if (!closed && System.nanoTime() - lastActivity > idleNanos) {
            timedOut = true;
            try {
                close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            lastActivity = System.nanoTime();
            bytes += b == -1 ? 0 : 1;
            return b;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            lastActivity = System.nanoTime();
            if (n == -1 && timedOut) {
                throw stalled();
            }
            bytes += Math.max(0, n);
            return n;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        if (timedOut) {
            return stalled();
        }
        return new IOException("the download broke off after " + bytes + " bytes (" + e.getMessage() + ")", e);
    }

    private IOException stalled() {
        return new IOException("the download stalled after " + bytes + " bytes: no data for "
                + Duration.ofNanos(idleNanos).toSeconds() + " s");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
        super.close();
    }
}
