package dev.imaginestudio.testing.fake;

import dev.imaginestudio.provider.http.GatePause;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * With a {@link ShiftableClock}, a rate gate's wait for its turn moves the clock instead of taking real time: the
 * gate still sees (and the fakes still record) its requests at least its spacing apart on the studio's clock, but
 * xAI's one request a second no longer costs the suite a real second per request. Enabled with the clock by
 * {@link RouteTestProfile}.
 */
@Alternative
@Singleton
public class ClockPause extends GatePause {

    @Inject
    ShiftableClock clock;

    @Override
    public void sleep(Duration duration) {
        clock.advance(duration);
        // let a request racing for the turn see the new time, as a real nap would
        Thread.yield();
    }
}
