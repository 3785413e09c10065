package dev.imaginestudio.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long jobs take: the median submitted-to-finished time of the latest succeeded jobs of the same route,
 * resolution and duration bucket, and from it an estimate of a running job's remaining time. Medians are
 * cached for a minute and dropped whenever a job succeeds, so pages never query per row.
 */
@ApplicationScoped
@Named("timings")
public class JobTimings {

    /** How many recent jobs a median is taken over. */
    static final int SAMPLES = 20;

    private static final Duration TTL = Duration.ofMinutes(1);

    private record Key(String route, String resolution, int bucket) {}

    private record Median(Duration value, Instant computedAt) {}

    private final Map<Key, Median> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    JobTimings(Clock clock) {
        this.clock = clock;
    }

    /** Durations 1-5 s, 6-10 s and 11-15 s take comparable times; longer ones go in buckets of 5 s. */
    static int bucket(int seconds) {
        return Math.max(1, (seconds + 4) / 5) * 5;
    }

    /** The typical submitted-to-finished time for jobs like this one, or null before any finished. */
    public Duration typical(GenerationJob job) {
        Key key = new Key(job.route, job.resolution, bucket(job.durationSeconds));
        Instant now = clock.instant();
        Median m = cache.get(key);
        if (m == null || m.computedAt().plus(TTL).isBefore(now)) {
            m = new Median(median(key), now);
            cache.put(key, m);
        }
        return m.value();
    }

    /** When a finished job was submitted and when it ended: all a median needs of the row. */
    record Span(Instant submittedAt, Instant finishedAt) {}

    private static Duration median(Key key) {
        // joins the read of a job's page when there is one, so the page stays one transaction
        List<Span> rows = QuarkusTransaction.joiningExisting()
                .call(() -> GenerationJob.getEntityManager()
                        .createQuery("""
                        select j.submittedAt, j.finishedAt from GenerationJob j
                        where j.route = :route and j.resolution = :resolution and j.status = :status
                          and j.durationSeconds > :lo and j.durationSeconds <= :hi
                          and j.submittedAt is not null and j.finishedAt is not null
                        order by j.finishedAt desc""", Span.class)
                        .setParameter("route", key.route())
                        .setParameter("resolution", key.resolution())
                        .setParameter("status", JobStatus.SUCCEEDED)
                        .setParameter("lo", key.bucket() - 5)
                        .setParameter("hi", key.bucket())
                        .setMaxResults(SAMPLES)
                        .getResultList());
        if (rows.isEmpty()) {
            return null;
        }
        List<Long> millis = new ArrayList<>(rows.size());
        for (Span r : rows) {
            millis.add(Math.max(
                    0, Duration.between(r.submittedAt(), r.finishedAt()).toMillis()));
        }
        millis.sort(null);
        int n = millis.size();
        long median = n % 2 == 1 ? millis.get(n / 2) : (millis.get(n / 2 - 1) + millis.get(n / 2)) / 2;
        return Duration.ofMillis(median);
    }

    /** Estimated seconds until the job ends (0: any moment now), or null when it ended or nothing is known yet. */
    public Long secondsLeft(GenerationJob job) {
        if (job.status.terminal()) {
            return null;
        }
        Duration typical = typical(job);
        if (typical == null) {
            return null;
        }
        Duration elapsed = job.submittedAt == null ? Duration.ZERO : Duration.between(job.submittedAt, clock.instant());
        return Math.max(0, typical.minus(elapsed).toSeconds());
    }

    /** The estimate in words for a page: "about 40 s left", "about 3 min left", "any moment now"; null if unknown. */
    public String remaining(GenerationJob job) {
        Long left = secondsLeft(job);
        if (left == null) {
            return null;
        }
        String amount = left < 90 ? Math.max(1, left) + " s" : Math.round(left / 60.0) + " min";
        if (job.submittedAt == null) {
            return "about " + amount + " once it starts";
        }
        return left == 0 ? "any moment now" : "about " + amount + " left";
    }

    void onChange(@Observes JobChange change) {
        if (change.status() == JobStatus.SUCCEEDED && !change.deleted()) {
            cache.clear();
        }
    }
}
