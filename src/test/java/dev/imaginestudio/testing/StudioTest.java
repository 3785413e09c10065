package dev.imaginestudio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.imaginestudio.job.JobService;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.fake.ShiftableClock;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests that drive the studio against fakes share: the ledger, the clock they move instead of waiting, a
 * {@link StudioDriver}, a prompt of their own, and no job left running by an earlier test.
 */
// test methods declared here are looked up for @TestSecurity on this class, not on the subclass running them
@TestSecurity(user = "admin", roles = "admin")
public abstract class StudioTest {

    @Inject
    protected JobService jobs;

    @Inject
    protected JobWorker worker;

    @Inject
    protected ShiftableClock clock;

    protected StudioDriver studio;
    protected String prompt;

    @BeforeEach
    void freshStudio() {
        StudioDriver.settleLeftovers();
        studio = new StudioDriver(worker, clock);
        prompt = "A paper boat on a rainy street " + UUID.randomUUID();
    }

    /** The provider's id of a studio job. */
    protected String providerJobId(String id) {
        return studio.job(id).providerJobId;
    }

    protected static void assertUsd(String expected, Object actual) {
        assertNotNull(actual, "no amount");
        assertEquals(
                0,
                new BigDecimal(expected).compareTo((BigDecimal) actual),
                () -> "expected " + expected + " USD, was " + actual);
    }
}
