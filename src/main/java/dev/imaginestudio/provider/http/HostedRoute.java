package dev.imaginestudio.provider.http;

import dev.imaginestudio.provider.VideoProvider;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the hosted routes' providers share: their route id and name, and daemon threads for the route's background
 * work (watching downloads for stalls, fetching a catalogue), stopped with the bean.
 */
public abstract class HostedRoute implements VideoProvider {

    private final String id;
    private final String name;
    /** The route's background threads. */
    protected final ScheduledExecutorService background;

    protected HostedRoute(String id, String name, int threads) {
        this.id = id;
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Only for the container's client proxy, which hands every call to the real bean. */
    protected HostedRoute() {
        this.id = null;
        this.name = null;
        this.background = null;
    }

    @PreDestroy
    protected void stop() {
        if (background != null) {
            background.shutdownNow();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return name;
    }

    /**
     * The warning of {@link #webhookWarning()} for a route whose webhooks go to {@code webhookUrl} (null: none are
     * asked for) and are verified with {@code secret}, set through {@code secretVariable}.
     */
    protected final String unsignedWebhooks(
            String webhookUrl, java.util.Optional<String> secret, String secretVariable) {
        if (!enabled() || webhookUrl == null || secret.filter(s -> !s.isBlank()).isPresent()) {
            return null;
        }
        return displayName() + " webhooks are accepted unsigned: anyone who can reach the studio can make its jobs due "
                + "(each forcing a poll), and a lost submit is not recovered from a webhook. Set " + secretVariable
                + " to the signing secret.";
    }

    /** Says at start-up what {@link #webhookWarning()} says on the settings page. */
    protected final void logWebhookWarning() {
        String warning = webhookWarning();
        if (warning != null) {
            org.jboss.logging.Logger.getLogger(getClass()).warn(warning);
        }
    }
}
