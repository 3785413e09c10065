package dev.imaginestudio.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configured route order decides which route comes first (and so gives the default model). */
class ModelCatalogTest {

    record Route(String id, boolean resubmitIsFree) implements VideoProvider {
        @Override
        public String displayName() {
            return id;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public List<ModelCapabilities> models() {
            return List.of();
        }

        @Override
        public SubmitOutcome submit(SubmitRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PollOutcome poll(String providerJobId, SubmitRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Download download(String providerJobId, URI location) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public PollingPolicy pollingPolicy() {
            throw new UnsupportedOperationException();
        }
    }

    static final List<VideoProvider> ROUTES = List.of(new Route("local", true), new Route("aigateway", false),
            new Route("xai", false), new Route("openrouter", false));

    static List<String> ids(List<VideoProvider> providers) {
        return providers.stream().map(VideoProvider::id).toList();
    }

    @Test
    void theDefaultOrderPutsOpenRouterFirstAndThePreviewLast() {
        assertEquals(List.of("openrouter", "xai", "aigateway", "local"),
                ids(ModelCatalog.ordered(ROUTES, List.of("openrouter", "xai", "aigateway", "local"))));
    }

    @Test
    void aConfiguredOrderIsHonouredAndUnnamedRoutesFollowWithThePreviewLast() {
        assertEquals(List.of("xai", "openrouter", "aigateway", "local"), ids(ModelCatalog.ordered(ROUTES, List.of(" XAI", "openrouter"))));
        assertEquals(List.of("aigateway", "openrouter", "xai", "local"), ids(ModelCatalog.ordered(ROUTES, List.of())));
        // the preview first, when that is what is asked for
        assertEquals(List.of("local", "aigateway", "openrouter", "xai"), ids(ModelCatalog.ordered(ROUTES, List.of("local"))));
    }
}
