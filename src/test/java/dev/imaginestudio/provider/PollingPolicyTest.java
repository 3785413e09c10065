package dev.imaginestudio.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollingPolicyTest {

    private final PollingPolicy policy = new PollingPolicy(
            Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofMinutes(30));

    @Test
    void startsShortAndBacksOffToTheCeiling() {
        assertEquals(Duration.ofSeconds(5), policy.delayAfter(0));
        assertEquals(Duration.ofMillis(7500), policy.delayAfter(1));
        assertEquals(Duration.ofSeconds(30), policy.delayAfter(20));
    }

    @Test
    void retryAfterWinsButNeverBelowTheProvidersMinimum() {
        assertEquals(Duration.ofSeconds(90), policy.honour(Duration.ofSeconds(90), Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(3), policy.honour(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(5), policy.honour(null, Duration.ofSeconds(5)));
    }

    @Test
    void theMinimumHoldsWhateverIsConfigured() {
        PollingPolicy eager = new PollingPolicy(
                Duration.ofMillis(10), 1.5, Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofMinutes(30));
        assertEquals(Duration.ofSeconds(3), eager.delayAfter(0));
    }
}
