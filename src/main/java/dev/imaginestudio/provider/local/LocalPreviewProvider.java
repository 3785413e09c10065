package dev.imaginestudio.provider.local;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.CancelOutcome;
import dev.imaginestudio.provider.Download;
import dev.imaginestudio.provider.GenerationMode;
import dev.imaginestudio.provider.InputImage;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.PollOutcome;
import dev.imaginestudio.provider.PollingPolicy;
import dev.imaginestudio.provider.Pricing;
import dev.imaginestudio.provider.SubmitOutcome;
import dev.imaginestudio.provider.SubmitRequest;
import dev.imaginestudio.provider.VideoProvider;
import dev.imaginestudio.provider.local.render.PreviewRenderer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The offline preview route: renders real MP4s on this machine, free, through the same asynchronous
 * submit/poll/download path as a hosted provider. A render is started at submit with everything it needs, and its
 * state lives in memory only: after a restart a poll for a render it no longer knows reports it lost, and the studio
 * sends the job again, which costs nothing.
 */
@ApplicationScoped
public class LocalPreviewProvider implements VideoProvider {

    public static final String ROUTE = "local";
    public static final String MODEL_ID = "local/preview";
    private static final Logger LOG = Logger.getLogger(LocalPreviewProvider.class);
    private static final String SCHEME = "preview";

    private final StudioConfig config;
    private final Path renders;
    private final PreviewRenderer renderer = new PreviewRenderer();
    private final ExecutorService pool;
    private final Map<String, Render> jobs = new ConcurrentHashMap<>();
    private final ModelCapabilities model;

    /** One render's progress, written by the render thread and read by polls. */
    private static final class Render {
        volatile int done;
        volatile int total = 1;
        volatile boolean started;
        volatile boolean finished;
        volatile String error;
        Future<?> future;
    }

    LocalPreviewProvider(StudioConfig config) {
        this.config = config;
        this.renders =
                config.dataDir().resolve("preview-renders").toAbsolutePath().normalize();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.preview().concurrency()), r -> {
            Thread t = new Thread(r, "preview-render-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        this.model = new ModelCapabilities(
                MODEL_ID,
                ROUTE,
                "preview",
                "Offline preview",
                "Renders a free preview clip on this machine: an animated scene from the prompt, a camera move over "
                        + "a first frame, or a journey through reference images. No account, no cost.",
                IntStream.rangeClosed(1, 15).boxed().toList(),
                List.of("480p", "720p"),
                PixelSizes.GROK_ASPECT_RATIOS,
                PixelSizes.GROK,
                List.of("first_frame"),
                7,
                null,
                Boolean.TRUE,
                Pricing.FREE);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Renders live in memory, so every render file from before this process started is either half-written (a
     * killed render: its hidden temporaries) or finished but unclaimed. Temporaries go at once; a finished render
     * stays for as long as a job may still come to copy it (its maximum wait), after which a job that wants it
     * simply renders it again, for free.
     */
    void onStart(@Observes StartupEvent event) {
        if (!Files.isDirectory(renders)) {
            return;
        }
        Instant started =
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Instant stale = started.minus(config.preview().maxWait());
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(renders)) {
            for (Path file : files) {
                Instant changed = Files.getLastModifiedTime(file).toInstant();
                boolean temporary = file.getFileName().toString().startsWith(".");
                if (changed.isBefore(temporary ? started : stale) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warnf(e, "could not sweep %s", renders);
        }
        if (removed > 0) {
            LOG.infof("removed %d preview render file(s) left by an earlier stop", removed);
        }
    }

    @Override
    public String id() {
        return ROUTE;
    }

    @Override
    public String displayName() {
        return "Offline preview";
    }

    @Override
    public boolean enabled() {
        return config.preview().enabled();
    }

    @Override
    public List<ModelCapabilities> models() {
        return List.of(model);
    }

    @Override
    public boolean resubmitIsFree() {
        return true;
    }

    @Override
    public PollingPolicy pollingPolicy() {
        return new PollingPolicy(
                config.preview().firstPoll(),
                1.5,
                config.preview().maxPollInterval(),
                java.time.Duration.ZERO,
                config.preview().maxWait());
    }

    /** A preview is stopped on this machine: nothing goes on elsewhere and nothing is billed. */
    @Override
    public CancelOutcome cancel(String providerJobId) {
        Render render = jobs.remove(providerJobId);
        if (render != null && render.future != null) {
            render.future.cancel(true);
        }
        try {
            Files.deleteIfExists(file(providerJobId));
        } catch (IOException e) {
            LOG.debugf("preview render %s: %s", providerJobId, e.getMessage());
        }
        return new CancelOutcome(
                true, "Cancelled: the preview render stopped. Previews are free; nothing was charged.");
    }

    @Override
    public SubmitOutcome submit(SubmitRequest request) {
        String id = "preview-" + request.jobId();
        start(id, request);
        return new SubmitOutcome.Accepted(id);
    }

    @Override
    public PollOutcome poll(String providerJobId) {
        Render render = jobs.get(providerJobId);
        if (render == null) {
            Path done = file(providerJobId);
            if (Files.exists(done)) {
                return PollOutcome.completed(List.of(location(providerJobId)), BigDecimal.ZERO);
            }
            return PollOutcome.lost(
                    "The preview render " + providerJobId + " is not on this machine any more (the studio restarted?)");
        }
        if (render.error != null) {
            jobs.remove(providerJobId);
            return PollOutcome.failed("render_failed", "The preview could not be rendered: " + render.error);
        }
        if (render.finished) {
            return PollOutcome.completed(List.of(location(providerJobId)), BigDecimal.ZERO);
        }
        if (!render.started) {
            return PollOutcome.pending();
        }
        return PollOutcome.running(render.done * 100 / Math.max(1, render.total));
    }

    @Override
    public Download download(String providerJobId, URI location) throws IOException {
        if (!SCHEME.equals(location.getScheme())
                || !location.getSchemeSpecificPart().equals(providerJobId)) {
            throw new IOException("not a preview render of this job: " + location);
        }
        Path file = file(providerJobId);
        if (!Files.exists(file)) {
            throw new IOException("the preview render is gone");
        }
        // the render is handed over once; deleting it after a complete read keeps data/preview-renders small,
        // while an interrupted copy leaves it for the next download attempt
        return new Download(
                new java.io.FilterInputStream(Files.newInputStream(file)) {
                    private boolean complete;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        complete |= n == -1;
                        return n;
                    }

                    @Override
                    public void close() throws IOException {
                        super.close();
                        if (complete) {
                            jobs.remove(providerJobId);
                            Files.deleteIfExists(file);
                        }
                    }
                },
                "video/mp4",
                Files.size(file));
    }

    private void start(String providerJobId, SubmitRequest request) {
        Render render = new Render();
        Render previous = jobs.putIfAbsent(providerJobId, render);
        if (previous != null) {
            return;
        }
        render.future = pool.submit(() -> {
            render.started = true;
            try {
                Files.createDirectories(renders);
                renderer.render(spec(request), file(providerJobId), (done, total) -> {
                    render.total = total;
                    render.done = done;
                });
                render.finished = true;
            } catch (java.io.InterruptedIOException e) {
                // the studio is stopping (or the job was cancelled): a render is free, the next start renders it again
                LOG.debugf("preview render %s interrupted", providerJobId);
                render.error = "interrupted";
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "preview render %s failed", providerJobId);
                render.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        });
    }

    private static PreviewRenderer.Spec spec(SubmitRequest r) {
        PreviewRenderer.Mode mode = switch (r.mode() == null ? GenerationMode.TEXT : r.mode()) {
            case TEXT -> PreviewRenderer.Mode.TEXT;
            case IMAGE -> PreviewRenderer.Mode.IMAGE;
            case REFERENCE -> PreviewRenderer.Mode.REFERENCE;
        };
        return new PreviewRenderer.Spec(
                mode,
                r.prompt(),
                r.width(),
                r.height(),
                r.durationSeconds(),
                r.seed() == null ? 0L : r.seed(),
                r.inputs().stream().map(InputImage::file).toList());
    }

    private Path file(String providerJobId) {
        return renders.resolve(providerJobId + ".mp4");
    }

    private static URI location(String providerJobId) {
        return URI.create(SCHEME + ":" + providerJobId);
    }
}
