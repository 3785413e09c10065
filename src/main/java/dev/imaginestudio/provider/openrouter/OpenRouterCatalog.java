package dev.imaginestudio.provider.openrouter;

import dev.imaginestudio.provider.ModelCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * OpenRouter's video models as last seen: the bundled snapshot until the live list has been fetched, then
 * the live list, fetched again every {@code refreshEvery}. A fetch runs in the background and never holds up
 * the caller; when it fails the copy in hand stays in use and the fetch is tried again sooner.
 */
final class OpenRouterCatalog {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(OpenRouterCatalog.class);

    private final Callable<List<ModelCapabilities>> fetch;
    private final Clock clock;
    private final Duration refreshEvery;
    private final Duration retryAfterFailure;
    private final Executor executor;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();
    private volatile List<ModelCapabilities> models;
    private volatile Instant fetchedAt;
    private volatile Instant nextFetch;

    OpenRouterCatalog(
            List<ModelCapabilities> snapshot,
            Callable<List<ModelCapabilities>> fetch,
            Clock clock,
            Duration refreshEvery,
            Executor executor) {
        this.models = List.copyOf(snapshot);
        this.fetch = fetch;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
        this.retryAfterFailure = RETRY_AFTER_FAILURE.compareTo(refreshEvery) < 0 ? RETRY_AFTER_FAILURE : refreshEvery;
        this.executor = executor;
        this.nextFetch = Instant.MIN;
    }

    /** The models in hand; starts a background fetch when the copy is due for one. */
    List<ModelCapabilities> models() {
        if (!clock.instant().isBefore(nextFetch)) {
            refresh();
        }
        return models;
    }

    /** The models in hand, without ever fetching (for a disabled route). */
    List<ModelCapabilities> cached() {
        return models;
    }

    Optional<ModelCapabilities> find(String providerModelId) {
        return models.stream()
                .filter(m -> m.providerModelId().equals(providerModelId))
                .findFirst();
    }

    /** When the live list was last fetched; empty while the bundled snapshot is in use. */
    Optional<Instant> fetchedAt() {
        return Optional.ofNullable(fetchedAt);
    }

    /**
     * Fetches the live list in the background (one fetch at a time).
     *
     * @return completes with true when the list was replaced, false when the copy in hand was kept
     */
    CompletableFuture<Boolean> refresh() {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        // no second fetch is started by callers while this one runs, and none right after it fails
        nextFetch = clock.instant().plus(retryAfterFailure);
        try {
            executor.execute(() -> mine.complete(fetchNow()));
        } catch (RuntimeException e) {
            mine.complete(false);
        }
        mine.whenComplete((ok, error) -> inFlight.compareAndSet(mine, null));
        return mine;
    }

    private boolean fetchNow() {
        try {
            List<ModelCapabilities> fresh = fetch.call();
            if (fresh.isEmpty()) {
                LOG.warn("OpenRouter listed no usable video model; keeping the models in hand");
                return false;
            }
            models = List.copyOf(fresh);
            fetchedAt = clock.instant();
            nextFetch = fetchedAt.plus(refreshEvery);
            return true;
        } catch (Exception e) {
            LOG.warnf(
                    "could not fetch OpenRouter's model list (%s); keeping the %s copy, trying again in %d s",
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    fetchedAt == null ? "bundled" : "stale",
                    retryAfterFailure.toSeconds());
            return false;
        }
    }
}
