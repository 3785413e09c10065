package dev.imaginestudio.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** One job as a fake provider holds it: the request it came from, its timeline and where it is on it. */
public class FakeJob {

    public final String id;
    public final JsonNode request;
    public final String model;
    public final String prompt;
    public final int duration;
    public final String resolution;
    /** Input images the job was sent with (priced per image). */
    public final int images;
    /** When it was created, by the fake's clock. */
    public final Instant createdAt;

    final Script script;
    private final AtomicInteger polls = new AtomicInteger();
    private volatile String status;
    private volatile String finalError;
    private volatile boolean finished;
    private volatile Instant lastPolledAt;

    protected FakeJob(String id, JsonNode request, Script script, int images, String initialStatus, Instant createdAt) {
        this.id = id;
        this.request = request;
        this.model = request.path("model").asText();
        this.prompt = request.path("prompt").asText(null);
        this.duration = request.path("duration").asInt(0);
        this.resolution =
                request.hasNonNull("resolution") ? request.get("resolution").asText() : null;
        this.images = images;
        this.script = script;
        this.status = initialStatus;
        this.createdAt = createdAt;
    }

    public String status() {
        return status;
    }

    public int polls() {
        return polls.get();
    }

    public Script script() {
        return script;
    }

    /** The poll before this one, by the fake's clock; null before the first. */
    public Instant lastPolledAt() {
        return lastPolledAt;
    }

    /** One more poll at {@code at}: moves along the timeline and answers the status this poll shows. */
    public String poll(Instant at) {
        String next = finished || script.manual() ? null : script.statusAt(polls.get());
        if (next != null) {
            status = next;
        }
        polls.incrementAndGet();
        lastPolledAt = at;
        return status;
    }

    /** Ends the job now with {@code status} (and {@code error}, when given). */
    public void finish(String status, String error) {
        this.finalError = error;
        this.finished = true;
        this.status = status;
    }

    /** The error an ended job reports: the one it was finished with, its script's, else {@code fallback}. */
    public String error(String fallback) {
        if (finalError != null) {
            return finalError;
        }
        return script.error() != null ? script.error() : fallback;
    }
}
