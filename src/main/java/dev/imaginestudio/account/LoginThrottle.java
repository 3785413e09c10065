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
 * Slows down password guessing: after {@code studio.sessions.max-failures} failed logins for one account, or from
 * one address, within {@code studio.sessions.lockout}, further attempts are refused until the oldest failure ages
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
        Duration wait = wait("user:" + username, now).compareTo(wait("addr:" + address, now)) >= 0
                ? wait("user:" + username, now)
                : wait("addr:" + address, now);
        if (!wait.isZero()) {
            throw new TooManyAttempts(wait);
        }
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        record("user:" + username, now);
        record("addr:" + address, now);
    }

    void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private Duration wait(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant cutoff = now.minus(config.sessions().lockout());
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.pollFirst();
            }
            if (times.size() < config.sessions().maxFailures()) {
                return Duration.ZERO;
            }
            return Duration.between(cutoff, times.peekFirst());
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > config.sessions().maxFailures()) {
                times.pollFirst();
            }
        }
    }
}
