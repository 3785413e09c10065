package dev.imaginestudio.job;

import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.openrouter.BudgetTestProfiles;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The budget's one atomic step on PostgreSQL, where submits really run side by side on their own connections. */
@QuarkusTest
@TestProfile(BudgetTestProfiles.OnPostgres.class)
class PostgresBudgetsTest {

    @InjectFake
    FakeOpenRouter fake;

    @Test
    void fiftyConcurrentSubmitsAgainstABudgetForTenAcceptExactlyTen() throws Exception {
        BudgetsTest.fiftySubmitsAcceptTen(fake, "A lantern on postgres " + UUID.randomUUID());
    }
}
