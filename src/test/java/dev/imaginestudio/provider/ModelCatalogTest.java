package dev.imaginestudio.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The configured route order decides which route comes first (and so gives the default model). */
class ModelCatalogTest {

    /** A route as the ordering sees it: its id and whether sending to it is free. */
    record Route(String id, boolean free) {}

    static final List<Route> ROUTES = List.of(
            new Route("local", true),
            new Route("aigateway", false),
            new Route("xai", false),
            new Route("openrouter", false));

    static List<String> ids(List<String> order) {
        return ModelCatalog.ordered(ROUTES, Route::id, Route::free, order).stream()
                .map(Route::id)
                .toList();
    }

    @Test
    void theDefaultOrderPutsOpenRouterFirstAndThePreviewLast() {
        assertEquals(
                List.of("openrouter", "xai", "aigateway", "local"),
                ids(List.of("openrouter", "xai", "aigateway", "local")));
    }

    @Test
    void aConfiguredOrderIsHonouredAndUnnamedRoutesFollowWithThePreviewLast() {
        assertEquals(List.of("xai", "openrouter", "aigateway", "local"), ids(List.of(" XAI", "openrouter")));
        assertEquals(List.of("aigateway", "openrouter", "xai", "local"), ids(List.of()));
        // the preview first, when that is what is asked for
        assertEquals(List.of("local", "aigateway", "openrouter", "xai"), ids(List.of("local")));
    }
}
