package dev.imaginestudio.testing.openrouter;

import dev.imaginestudio.testing.PostgresDatabase;
import dev.imaginestudio.testing.fake.RouteTestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The studio with a priced route (Grok through the fake OpenRouter, $0.05/s at 480p) for budget tests, in a database
 * of their own: H2 in memory, or a PostgreSQL database made for the test class.
 */
public final class BudgetTestProfiles {

    private BudgetTestProfiles() {}

    public static class OnH2 extends RouteTestProfile {
        public OnH2() {
            super("budgets", Map.of("studio.openrouter.poll.first-delay", "20s"), FakeOpenRouterResource.class);
        }
    }

    public static class OnPostgres extends RouteTestProfile {
        public OnPostgres() {
            super("budgets-pg", Map.of("studio.openrouter.poll.first-delay", "20s"), FakeOpenRouterResource.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            // PostgresDatabase names the database
            config.remove("quarkus.datasource.jdbc.url");
            config.put("quarkus.datasource.db-kind", "postgresql");
            config.put("quarkus.datasource.username", "postgres");
            config.put("quarkus.datasource.password", "");
            // a studio-wide limit from the configuration, far above what the tests spend: every submit locks both rows
            config.put("studio.budget.monthly-usd", "1000");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
            resources.add(new TestResourceEntry(PostgresDatabase.class));
            return resources;
        }
    }
}
