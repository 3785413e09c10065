package dev.imaginestudio.job;

import dev.imaginestudio.account.Caller;
import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.VideoProvider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Jobs whose submit answer was lost: the provider may have created and billed them, and the studio cannot see
 * them. Pages show the recent ones prominently (template name {@code unknownSubmits}) with what the user can do.
 */
@Named("unknownSubmits")
@ApplicationScoped
public class UnknownSubmits {

    /** How far back the banner looks: after a week the provider's dashboard is the place to look. */
    static final Duration WINDOW = Duration.ofDays(7);

    private static final int SHOWN = 5;

    private final Clock clock;
    private final ModelCatalog catalog;
    private final StudioConfig config;

    private final Caller caller;

    UnknownSubmits(Clock clock, ModelCatalog catalog, StudioConfig config, Caller caller) {
        this.caller = caller;
        this.clock = clock;
        this.catalog = catalog;
        this.config = config;
    }

    /** What the banner shows: the newest few such jobs of the last week, and how many there are in all. */
    public record Recent(List<GenerationJob> jobs, long total) {
        public boolean any() {
            return total > 0;
        }

        public long more() {
            return total - jobs.size();
        }
    }

    public Recent recent() {
        String owner = caller.ownerId();
        return QuarkusTransaction.requiringNew().call(() -> {
            var since = clock.instant().minus(WINDOW);
            List<GenerationJob> jobs = GenerationJob.<GenerationJob>find(
                            "owner = ?1 and status = ?2 and errorCategory = ?3 and finishedAt >= ?4 order by finishedAt desc",
                            owner,
                            JobStatus.FAILED,
                            ErrorCategory.SUBMIT_UNKNOWN,
                            since)
                    .range(0, SHOWN - 1)
                    .list();
            long total = jobs.size() < SHOWN
                    ? jobs.size()
                    : GenerationJob.count(
                            "owner = ?1 and status = ?2 and errorCategory = ?3 and finishedAt >= ?4",
                            owner,
                            JobStatus.FAILED,
                            ErrorCategory.SUBMIT_UNKNOWN,
                            since);
            return new Recent(jobs, total);
        });
    }

    /** The route's name as users know it. */
    public String routeName(GenerationJob job) {
        return catalog.provider(job.route).map(VideoProvider::displayName).orElse(job.route);
    }

    /** Where the provider lists the account's jobs and charges, or null when the studio knows no such page. */
    public String dashboard(GenerationJob job) {
        return switch (job.route) {
            case "openrouter" -> "https://openrouter.ai/activity";
            case "xai" -> "https://console.x.ai";
            default -> null;
        };
    }

    /**
     * Whether the studio finds such a job by itself if the provider did create it: the route sends signed webhooks
     * that name the job (a public https address and the route's webhook secret are configured).
     */
    public boolean foundByWebhook(GenerationJob job) {
        boolean https = config.publicUrl()
                .map(String::trim)
                .filter(u -> u.startsWith("https://"))
                .isPresent();
        java.util.Optional<String> secret = switch (job.route) {
            case "openrouter" -> config.openrouter().webhookSecret();
            case "aigateway" -> config.aigateway().webhookSecret();
            default -> java.util.Optional.empty();
        };
        return https && secret.filter(s -> !s.isBlank()).isPresent();
    }
}
