package dev.imaginestudio.account;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code studio.sessions.max-failures} failed logins for one account (four times as many from
 * one address), within {@code studio.sessions.lockout}, further attempts are refused until the oldest failure ages
 * out. Kept in memory: a restart forgives, which costs an attacker a restart they cannot cause.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Refused without checking the password; {@link #retryAfter} says when to try again. */
    public static class TooManyAttempts extends RuntimeException {
        private final Duration retryAfter;

        TooManyAttempts(Duration retryAfter) {
            super("Too many failed logins; try again in " + Math.max(1, retryAfter.toMinutes()) + " min.");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final StudioConfig config;

    LoginThrottle(Clock clock, StudioConfig config) {
        this.clock = clock;
        this.config = config;
    }

    void check(String username, String address) {
        Instant now = clock.instant();
        Duration user = wait("user:" + username, now, config.sessions().maxFailures());
        Duration addr = wait("addr:" + address, now, perAddress());
        Duration wait = user.compareTo(addr) >= 0 ? user : addr;
        if (!wait.isZero()) {
            throw new TooManyAttempts(wait);
        }
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        record("user:" + username, now, config.sessions().maxFailures());
        record("addr:" + address, now, perAddress());
    }

    void succeeded(String username) {
        failures.remove("user:" + username);
    }

    /** An office behind one NAT address has several people mistyping; a guesser cycling accounts is still slowed. */
    private int perAddress() {
        return config.sessions().maxFailures() * 4;
    }

    private Duration wait(String key, Instant now, int max) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant cutoff = now.minus(config.sessions().lockout());
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.pollFirst();
            }
            if (times.size() < max) {
                return Duration.ZERO;
            }
            return Duration.between(cutoff, times.peekFirst());
        }
    }

    private void record(String key, Instant now, int max) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > max) {
                times.pollFirst();
            }
        }
    }
}
