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
}
