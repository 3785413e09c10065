package dev.imaginestudio.provider.http;

import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * How a route's {@link RateGate} waits for its turn: in real time. A bean of its own so that tests which stand in a
 * movable clock for waiting can wait for the gate the same way (the spacing is still measured on the clock).
 */
@Singleton
public class GatePause implements RateGate.Pause {

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        RateGate.REAL_TIME.sleep(duration);
    }
}
