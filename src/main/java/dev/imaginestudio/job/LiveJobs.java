package dev.imaginestudio.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed job changes as a hot stream for server-sent events: every subscriber sees the changes made
 * after it subscribed, a slow one loses changes rather than holding anyone up. A ping right away says the
 * stream is open, and one every 15 s keeps idle connections open through proxies.
 */
@ApplicationScoped
public class LiveJobs {

    private static final Duration PING = Duration.ofSeconds(15);

    private final BroadcastProcessor<JobChange> changes = BroadcastProcessor.create();
    /** Changes arrive from several worker threads at once; subscribers must see them one at a time. */
    private final SerializedProcessor<JobChange, JobChange> publisher = changes.serialized();

    void onChange(@Observes JobChange change) {
        publisher.onNext(change);
    }

    /**
     * Committed changes of {@code scope}'s jobs (an owner id; null for all) as they happen, for a subscriber that keeps up: one that asks for fewer than come must say
     * what becomes of the rest (an overflow strategy), or its stream fails.
     */
    public Multi<JobChange> changes(String scope) {
        return changes.select().where(c -> c.visibleTo(scope));
    }

    /** The event documents: {@code {type: "job", id, status, state, progress, ...}} and {@code {type: "ping"}}. */
    public Multi<Map<String, Object>> events(String scope) {
        Multi<Map<String, Object>> jobs = changes(scope).onOverflow().drop().map(LiveJobs::document);
        Map<String, Object> ping = Map.of("type", "ping");
        return Multi.createBy().merging().streams(jobs, pings().map(t -> ping));
    }

    /** When a stream should send a ping: at once (it is open), then every 15 s (it is still open). */
    public Multi<Long> pings() {
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(0L),
                        Multi.createFrom().ticks().every(PING).onOverflow().drop());
    }

    static Map<String, Object> document(JobChange c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", c.deleted() ? "deleted" : "job");
        doc.put("id", c.publicId());
        doc.put("status", c.status().apiName());
        doc.put("state", c.status().name().toLowerCase());
        doc.put("terminal", c.status().terminal());
        doc.put("progress", c.progress());
        doc.put("label", JobTemplateExtensions.label(c.status()));
        doc.put(
                "prompt",
                c.prompt() == null ? "" : c.prompt().length() > 120 ? c.prompt().substring(0, 119) + "…" : c.prompt());
        return doc;
    }
}
