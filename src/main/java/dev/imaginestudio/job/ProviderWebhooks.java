package dev.imaginestudio.job;

import dev.imaginestudio.provider.ProviderJobEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The ledger's side of a provider's webhook: the routes' webhook resources report through {@link ProviderJobEvents},
 * so that they need nothing from this package. The webhook's content is never trusted: the poll finds out what
 * happened.
 */
@ApplicationScoped
class ProviderWebhooks implements ProviderJobEvents {

    private static final Logger LOG = Logger.getLogger(ProviderWebhooks.class);

    private final JobLedger ledger;
    private final Clock clock;

    ProviderWebhooks(JobLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Makes the studio's job due at once, so the next tick polls it. Only the schedule changes, in one transaction;
     * a job a worker holds keeps its lease, and a finished job (which has no schedule) is left alone.
     *
     * <p>When no job has that provider job id but the webhook address names one of this route's jobs whose submit
     * answer was lost ({@code submit_unknown}), the provider did create it: the job takes the provider's id and is
     * followed again, so the video that was paid for is not lost. The poll, made with the studio's own key, then
     * shows whether the id is real.
     */
    @Override
    public boolean providerJobChanged(String route, String providerJobId, String studioJobId) {
        Instant now = clock.instant();
        boolean known = QuarkusTransaction.requiringNew().call(() -> {
            // only ever earlier: a job already due stays as it is, a finished one has no next attempt
            int due = GenerationJob.update(
                    "nextAttemptAt = ?1 where route = ?2 and providerJobId = ?3 and nextAttemptAt > ?1",
                    now,
                    route,
                    providerJobId);
            return due > 0 || GenerationJob.count("route = ?1 and providerJobId = ?2", route, providerJobId) > 0;
        });
        return known || (studioJobId != null && reconcile(route, providerJobId, studioJobId));
    }

    private boolean reconcile(String route, String providerJobId, String studioJobId) {
        GenerationJob found;
        try {
            found = QuarkusTransaction.requiringNew().call(() -> {
                GenerationJob job = GenerationJob.findByPublicId(studioJobId);
                if (job == null
                        || !route.equals(job.route)
                        || job.providerJobId != null
                        || job.status != JobStatus.FAILED
                        || job.errorCategory != ErrorCategory.SUBMIT_UNKNOWN) {
                    return null;
                }
                Instant now = clock.instant();
                JobLedger.record(
                        job,
                        job.status,
                        JobStatus.PENDING,
                        "Found at " + ledger.routeName(job) + " as " + providerJobId
                                + ": its webhook named this job, so the submit did reach it. Following it again.",
                        now);
                job.status = JobStatus.PENDING;
                job.providerJobId = providerJobId;
                job.submittedAt = job.submittedAt == null ? now : job.submittedAt;
                job.errorCategory = null;
                job.errorMessage = null;
                job.finishedAt = null;
                job.nextAttemptAt = now;
                job.leaseOwner = null;
                job.leaseUntil = null;
                job.updatedAt = now;
                return job;
            });
        } catch (RuntimeException e) {
            if (JobLedger.lostRace(e)) {
                return true;
            }
            throw e;
        }
        if (found == null) {
            return false;
        }
        LOG.infof(
                "job %s: its lost submit was found at %s as %s; following it again", studioJobId, route, providerJobId);
        ledger.published(found);
        return true;
    }
}
