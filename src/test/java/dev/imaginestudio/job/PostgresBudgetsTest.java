package dev.imaginestudio.job;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.imaginestudio.testing.Members;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.openrouter.BudgetTestProfiles;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The budget's one atomic step on PostgreSQL, where submits really run side by side on their own connections; the
 * studio has a configured monthly limit here, so each submit locks the studio's row as well as its owner's.
 */
@QuarkusTest
@TestProfile(BudgetTestProfiles.OnPostgres.class)
class PostgresBudgetsTest {

    @InjectFake
    FakeOpenRouter fake;

    @Test
    void fiftyConcurrentSubmitsAgainstABudgetForTenAcceptExactlyTen() throws Exception {
        BudgetsTest.fiftySubmitsAcceptTen(fake, "A lantern on postgres " + UUID.randomUUID());
    }

    @Test
    void theStudioLimitComesFromTheConfigurationUntilAnAdminSetsOne() {
        Members.asAdmin()
                .get("/api/v1/admin/budgets")
                .then()
                .statusCode(200)
                .body("studio.source", equalTo("config"))
                .body("studio.monthly_usd", equalTo(1000.0f))
                .body("studio.daily_usd", nullValue());
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"daily_usd\": null, \"monthly_usd\": null}")
                .put("/api/v1/admin/budgets/studio")
                .then()
                .statusCode(200)
                .body("source", equalTo("admin"))
                .body("monthly_usd", nullValue());
        Members.asAdmin()
                .delete("/api/v1/admin/budgets/studio")
                .then()
                .statusCode(200)
                .body("source", equalTo("config"))
                .body("monthly_usd", equalTo(1000.0f));
    }
}
