package dev.imaginestudio.job;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a finished job's output can still be fetched from its provider. Provider URLs expire (PROVIDERS.md), so
 * a failing download is worth retrying only until then, and "download again" makes sense only before then. The
 * window starts when the provider reported the job finished (the first move to DOWNLOADING in its timeline), so no
 * extra column is needed and a job re-opened for a second download keeps its original deadline.
 */
@ApplicationScoped
public class OutputWindow {

    private final ModelCatalog catalog;
    private final StudioConfig config;

    OutputWindow(ModelCatalog catalog, StudioConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** The route's own figure, else the configured estimate. */
    public Duration lifetime(GenerationJob job) {
        return catalog.provider(job.route)
                .flatMap(VideoProvider::outputLifetime)
                .orElse(config.limits().outputLifetime());
    }

    /** Whether the lifetime is the configured estimate rather than the provider's figure. */
    public boolean estimated(GenerationJob job) {
        return catalog.provider(job.route)
                .flatMap(VideoProvider::outputLifetime)
                .isEmpty();
    }

    /**
     * Where rendering again is free (the offline preview), there is no deadline: a lost output is rendered anew.
     */
    public boolean unbounded(GenerationJob job) {
        return catalog.provider(job.route).map(VideoProvider::resubmitIsFree).orElse(false);
    }

    /** When the provider reported the job finished, or empty if it never did. */
    public Optional<Instant> finishedAtProvider(GenerationJob job) {
        JobEvent first = QuarkusTransaction.requiringNew()
                .call(() -> JobEvent.<JobEvent>find(
                                "jobId = ?1 and toStatus = ?2 order by id", job.id, JobStatus.DOWNLOADING)
                        .firstResult());
        return Optional.ofNullable(first).map(e -> e.occurredAt);
    }

    /** When the output is expected to be gone at the provider; empty when the provider never finished the job. */
    public Optional<Instant> expiresAt(GenerationJob job) {
        return finishedAtProvider(job).map(at -> at.plus(lifetime(job)));
    }

    /** "OpenRouter keeps a finished video for about 1 h, by the studio's estimate (studio.limits.output-lifetime)". */
    public String describe(GenerationJob job, String routeName) {
        String keeps = routeName + " keeps a finished video for about " + human(lifetime(job));
        return estimated(job) ? keeps + ", by the studio's estimate (studio.limits.output-lifetime)" : keeps;
    }

    static String human(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.toMinutesPart() == 0) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
