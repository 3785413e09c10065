package dev.imaginestudio.provider.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.testing.fake.Fault;
import dev.imaginestudio.testing.fake.ShiftableClock;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenRouterCatalogTest {

    FakeOpenRouter fake;
    ScheduledExecutorService background;
    ShiftableClock clock;
    OpenRouterCatalog catalog;
    List<ModelCapabilities> snapshot;

    @BeforeEach
    void start() {
        fake = FakeOpenRouter.start();
        background = Executors.newScheduledThreadPool(2);
        clock = new ShiftableClock();
        OpenRouterApi api = new OpenRouterApi(
                new OpenRouterApi.Settings(
                        fake.baseUrl(),
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                "test-key",
                new ObjectMapper(),
                background);
        snapshot = OpenRouterProvider.snapshot(new ObjectMapper());
        catalog = new OpenRouterCatalog(snapshot, api::models, clock, Duration.ofHours(1), background);
    }

    @AfterEach
    void stop() {
        fake.close();
        background.shutdownNow();
    }

    static boolean lists(List<ModelCapabilities> models, String id) {
        return models.stream().anyMatch(m -> m.id().equals(id));
    }

    @Test
    void theSnapshotServesUntilTheLiveListArrivesThenHourly() {
        assertSame(snapshot, catalog.cached());
        assertFalse(lists(catalog.cached(), "google/veo-3.1"));
        assertTrue(catalog.fetchedAt().isEmpty());

        assertTrue(catalog.refresh().join());
        assertTrue(lists(catalog.models(), "google/veo-3.1"));
        assertTrue(catalog.fetchedAt().isPresent());
        assertEquals(1, fake.requests(Endpoint.MODELS).size());

        // within the hour nothing is fetched, however often the models are asked for
        for (int i = 0; i < 20; i++) {
            catalog.models();
        }
        clock.advance(Duration.ofMinutes(59));
        catalog.models();
        assertEquals(1, fake.requests(Endpoint.MODELS).size());

        clock.advance(Duration.ofMinutes(2));
        catalog.models();
        catalog.refresh().join();
        assertEquals(2, fake.requests(Endpoint.MODELS).size());
    }

    @Test
    void aFailedFetchKeepsTheCopyInHand() throws Exception {
        assertTrue(catalog.refresh().join());
        List<ModelCapabilities> live = catalog.cached();
        fake.inject(Endpoint.MODELS, Fault.status(500));
        assertFalse(catalog.refresh().join());
        assertSame(live, catalog.cached());
        fake.inject(Endpoint.MODELS, Fault.malformedJson());
        assertFalse(catalog.refresh().join());
        fake.inject(Endpoint.MODELS, Fault.drop(), 2);
        assertFalse(catalog.refresh().join());
        fake.models(new ObjectMapper().readTree("{\"data\":[]}"));
        assertFalse(catalog.refresh().join(), "an empty list is not taken for the truth");
        assertSame(live, catalog.cached());
    }

    @Test
    void askingForModelsNeverWaitsForOpenRouter() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slowPool = Executors.newSingleThreadExecutor();
        try {
            OpenRouterCatalog slow = new OpenRouterCatalog(
                    snapshot,
                    () -> {
                        fetching.countDown();
                        release.await();
                        return List.of();
                    },
                    clock,
                    Duration.ofHours(1),
                    slowPool);
            // the first call starts the fetch and answers with the snapshot while OpenRouter hangs
            assertSame(snapshot, slow.models());
            fetching.await();
            assertSame(snapshot, slow.models());
            assertSame(snapshot, slow.models());
            release.countDown();
            assertFalse(slow.refresh().join());
        } finally {
            release.countDown();
            slowPool.shutdownNow();
        }
    }
}
