package dev.imaginestudio.provider;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One answer to a poll. {@code retryAfter}, when present, overrides the polling policy's next delay.
 * {@code costUsd} is the provider's actual charge when it reports one.
 */
public record PollOutcome(
        State state,
        Integer progress,
        List<URI> outputs,
        BigDecimal costUsd,
        String errorCategory,
        String message,
        Duration retryAfter) {

    public enum State {
        PENDING,
        RUNNING,
        COMPLETED,
        FAILED,
        CANCELLED,
        EXPIRED,
        /** The poll itself failed (network, 5xx, throttled): the job's state is unknown for now. */
        UNAVAILABLE,
        /**
         * Nothing new, and no error: the provider answered "not modified" (AIgateway's 304 to a poll under 3 s), or
         * the route did not ask because its own rate limit says not yet. The job stays as it is until {@code retryAfter}.
         */
        UNCHANGED,
        /**
         * The route no longer has the job at all and nothing of it survives: the offline preview's in-memory render
         * after a restart. Only a route whose resubmit is free may report it; the job is then sent again.
         */
        LOST
    }

    public PollOutcome {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    public static PollOutcome pending() {
        return new PollOutcome(State.PENDING, null, List.of(), null, null, null, null);
    }

    public static PollOutcome running(Integer progress) {
        return new PollOutcome(State.RUNNING, progress, List.of(), null, null, null, null);
    }

    public static PollOutcome completed(List<URI> outputs, BigDecimal costUsd) {
        return new PollOutcome(State.COMPLETED, 100, outputs, costUsd, null, null, null);
    }

    public static PollOutcome failed(String category, String message) {
        return new PollOutcome(State.FAILED, null, List.of(), null, category, message, null);
    }

    public static PollOutcome unavailable(String message, Duration retryAfter) {
        return new PollOutcome(State.UNAVAILABLE, null, List.of(), null, "poll_failed", message, retryAfter);
    }

    public static PollOutcome lost(String message) {
        return new PollOutcome(State.LOST, null, List.of(), null, null, message, null);
    }

    public static PollOutcome unchanged(Duration retryAfter) {
        return new PollOutcome(State.UNCHANGED, null, List.of(), null, null, null, retryAfter);
    }

    public boolean terminal() {
        return state == State.COMPLETED || state == State.FAILED || state == State.CANCELLED || state == State.EXPIRED;
    }
}
