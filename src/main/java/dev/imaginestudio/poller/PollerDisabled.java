package dev.imaginestudio.poller;

import dev.imaginestudio.config.StudioConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Lets tests (and operators) switch the scheduled tick off while keeping the tick method callable. */
@Singleton
class PollerDisabled implements Scheduled.SkipPredicate {

    private final StudioConfig config;

    PollerDisabled(StudioConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.poller().enabled();
    }
}
