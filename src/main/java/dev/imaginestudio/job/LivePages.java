package dev.imaginestudio.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.account.Caller;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages' event stream: the same committed changes as {@code /api/v1/videos/events}, but as named events that
 * htmx's SSE extension turns into triggers ({@code hx-trigger="sse:job-<id>"}), so a page asks only for the part
 * that changed. The API stream keeps its unnamed JSON documents for API clients.
 * <ul>
 * <li>{@code job-<id>}: the job changed (state, progress) or was deleted; the data is its API status.</li>
 * <li>{@code job-ended}: a job reached its end; the data is the JSON document of the API stream (for notifications).</li>
 * <li>{@code video-ready} / {@code video-gone}: a video joined the gallery or left it; the data is a sentence.</li>
 * <li>{@code ping}: at once (the stream is open) and every 15 s, to keep idle connections open through proxies.</li>
 * </ul>
 */
@Path("/jobs/events")
class LivePages {

    /** Changes a page's stream holds while its connection is busy. */
    private static final int BUFFER = 1024;

    private final LiveJobs live;
    private final ObjectMapper json;
    private final Caller caller;

    LivePages(LiveJobs live, ObjectMapper json, Caller caller) {
        this.caller = caller;
        this.live = live;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // the caller's login is looked up in the database before the stream starts
    @io.smallrye.common.annotation.Blocking
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        // an SSE response asks for one event at a time, and a job's first changes come within milliseconds of each
        // other: dropping what comes meanwhile would leave a page a state behind, so a burst waits in a buffer; a
        // client so slow that it overflows loses its stream, and the browser connects again
        Multi<OutboundSseEvent> changes = live.changes(caller.scope())
                .onOverflow()
                .buffer(BUFFER)
                .onItem()
                .transformToIterable(c -> events(sse, c));
        return Multi.createBy().merging().streams(changes, live.pings().map(t -> sse.newEvent("ping", "ok")));
    }

    private List<OutboundSseEvent> events(Sse sse, JobChange c) {
        List<OutboundSseEvent> events = new ArrayList<>(3);
        events.add(sse.newEvent("job-" + c.publicId(), c.status().apiName()));
        if (c.deleted()) {
            if (c.status() == JobStatus.SUCCEEDED) {
                events.add(sse.newEvent("video-gone", "A video was deleted."));
            }
            return events;
        }
        if (c.status().terminal()) {
            try {
                events.add(sse.newEvent("job-ended", json.writeValueAsString(LiveJobs.document(c))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (c.status() == JobStatus.SUCCEEDED) {
            events.add(sse.newEvent("video-ready", "A new video is ready."));
        }
        return events;
    }
}
