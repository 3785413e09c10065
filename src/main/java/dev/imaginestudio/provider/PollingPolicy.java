package dev.imaginestudio.provider;

import java.time.Duration;

/**
 * How a route is polled: the first poll after {@code firstDelay}, growing by {@code backoff} per poll up to
 * {@code maxInterval}, never sooner than {@code minInterval} (the provider's own limit), and the job expires
 * after {@code maxWait} from submission.
 */
public record PollingPolicy(
        Duration firstDelay, double backoff, Duration maxInterval, Duration minInterval, Duration maxWait) {

    /** Delay before poll number {@code pollsSoFar + 1}. */
    public Duration delayAfter(int pollsSoFar) {
        double millis = firstDelay.toMillis() * Math.pow(backoff, Math.max(0, pollsSoFar));
        long capped = (long) Math.min(millis, maxInterval.toMillis());
        return Duration.ofMillis(Math.max(capped, minInterval.toMillis()));
    }

    /** A provider's {@code Retry-After} wins, but never below the provider's own minimum interval. */
    public Duration honour(Duration retryAfter, Duration planned) {
        if (retryAfter == null) {
            return planned;
        }
        return retryAfter.compareTo(minInterval) < 0 ? minInterval : retryAfter;
    }
}
