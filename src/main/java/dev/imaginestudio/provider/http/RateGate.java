package dev.imaginestudio.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A provider's request rate, held across every thread of this studio: requests go one at a time, each starting at
 * least {@code spacing} after the previous one ended. Counting from the end (not the start) keeps the spacing at
 * the provider too, however long a request took to get there. Waiting requests take their turns in order; one
 * that gets no turn within what its caller is willing to wait is not sent, so the ledger can come back later
 * instead of holding a worker.
 */
public final class RateGate {

    /** How the gate waits for its turn: in real time, unless a test that moves its clock waits by moving it. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final Pause REAL_TIME = d -> Thread.sleep(Math.max(1, d.toMillis()));

    private final Clock clock;
    private final Duration spacing;
    private final Pause pause;
    private final ReentrantLock turn = new ReentrantLock(true);
    /** When the next request may start; guarded by {@link #turn}. */
    private Instant next = Instant.MIN;

    public RateGate(Clock clock, Duration spacing) {
        this(clock, spacing, REAL_TIME);
    }

    public RateGate(Clock clock, Duration spacing, Pause pause) {
        this.clock = clock;
        this.spacing = spacing;
        this.pause = pause;
    }

    public Duration spacing() {
        return spacing;
    }

    /**
     * Sends {@code request} in its turn and answers what it answered; empty when no turn came within
     * {@code maxWait} (nothing was sent).
     */
    public <T> Optional<T> run(Duration maxWait, Supplier<T> request) throws InterruptedException {
        if (!turn.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        try {
            for (Duration left = Duration.between(clock.instant(), next);
                    left.compareTo(Duration.ZERO) > 0;
                    left = Duration.between(clock.instant(), next)) {
                // in short naps, so a clock that jumps ahead (tests move theirs) is noticed
                pause.sleep(Duration.ofMillis(Math.max(1, Math.min(left.toMillis(), 100))));
            }
            return Optional.of(request.get());
        } finally {
            next = clock.instant().plus(spacing);
            turn.unlock();
        }
    }
}
