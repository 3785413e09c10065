package dev.imaginestudio.provider;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The seam between the job ledger and a video-generation service. Implementations are CDI beans; the
 * ledger calls them from poller threads, never inside a database transaction.
 */
public interface VideoProvider {

    /** Stable route id stored with each job, e.g. {@code local}, {@code openrouter}. */
    String id();

    /** Human name shown on pages. */
    String displayName();

    /** True when the provider can take jobs (a key is configured, or it needs none). */
    boolean enabled();

    /** Models this route serves, with their capabilities and prices. */
    List<ModelCapabilities> models();

    /**
     * Sends a generation. Must not retry on its own: a submit is not idempotent at any hosted provider,
     * so a lost answer is reported as {@link SubmitOutcome.Unknown}.
     */
    SubmitOutcome submit(SubmitRequest request);

    /**
     * Asks for the state of a submitted job by the provider's id alone. A route that needs more than the id to answer
     * keeps it itself from the submit; one that cannot answer any more reports {@link PollOutcome.State#LOST}.
     */
    PollOutcome poll(String providerJobId);

    /**
     * Opens the finished output at {@code location} (as returned by {@link #poll}). The provider key is sent
     * only to the provider's own origin.
     */
    Download download(String providerJobId, URI location) throws IOException;

    /** Asks the provider to stop a job; providers without a cancel endpoint say so. */
    default CancelOutcome cancel(String providerJobId) {
        return CancelOutcome.unsupported(
                displayName() + " has no cancel endpoint: it may still finish and bill the job.");
    }

    /**
     * Whether sending the same job again is free and harmless. Only then may a job whose submit outcome is
     * unknown (for example after a crash mid-submit) be submitted again.
     */
    default boolean resubmitIsFree() {
        return false;
    }

    /** How this route wants to be polled. */
    PollingPolicy pollingPolicy();

    /**
     * How long after a job finishes its output can still be fetched from this route (asking for a fresh URL where
     * URLs are signed), when the provider publishes a figure; empty when it does not, and the studio's configured
     * estimate applies. Bounds how long a failing download is retried and whether "download again" can work.
     */
    default java.util.Optional<java.time.Duration> outputLifetime() {
        return java.util.Optional.empty();
    }

    /**
     * Why this route's webhooks cannot be trusted as set up, for the settings page and the start-up log, or null:
     * a route that sends webhooks to the studio's public address without a signing secret accepts unsigned ones,
     * which anyone who reaches the studio can send.
     */
    default String webhookWarning() {
        return null;
    }
}
