package dev.imaginestudio.testing.openrouter;

import java.math.BigDecimal;
import java.util.List;

/**
 * A fake job's timeline: the status each poll answers, in order (the last one is kept for later polls), and
 * how the job ends. {@link #untilFinished()} jobs stay pending until the test calls {@link FakeOpenRouter#finish}.
 */
public record Script(List<String> statuses, String error, Output output, BigDecimal fixedCost, boolean manual) {

    /** What a completed job lists in {@code unsigned_urls}. */
    public enum Output {
        /** OpenRouter's own authenticated content endpoint, as an absolute URL (what live runs show). */
        CONTENT,
        /** The content endpoint as a path relative to the host ({@code /api/v1/videos/<id>/content?index=0}). */
        RELATIVE_CONTENT,
        /** The content endpoint relative to the API's base ({@code videos/<id>/content?index=0}). */
        BASE_RELATIVE_CONTENT,
        /** A URL on the separate fake CDN host, which refuses requests carrying Authorization. */
        CDN,
        /** {@code "unsigned_urls": []}. */
        EMPTY,
        /** No {@code unsigned_urls} at all. */
        MISSING
    }

    public Script {
        statuses = List.copyOf(statuses);
    }

    public static Script of(String... statuses) {
        return new Script(List.of(statuses), null, Output.CONTENT, null, false);
    }

    /** pending, in_progress, completed. */
    public static Script happy() {
        return of("pending", "in_progress", "completed");
    }

    public static Script failing(String error, String... statusesBefore) {
        String[] all = java.util.Arrays.copyOf(statusesBefore, statusesBefore.length + 1);
        all[statusesBefore.length] = "failed";
        return new Script(List.of(all), error, Output.CONTENT, null, false);
    }

    /** Stays pending at every poll until {@link FakeOpenRouter#finish} ends it. */
    public static Script untilFinished() {
        return new Script(List.of("pending"), null, Output.CONTENT, null, true);
    }

    public Script withOutput(Output output) {
        return new Script(statuses, error, output, fixedCost, manual);
    }

    public Script withError(String error) {
        return new Script(statuses, error, output, fixedCost, manual);
    }

    public Script withCost(String usd) {
        return new Script(statuses, error, output, usd == null ? null : new BigDecimal(usd), manual);
    }

    String statusAt(int poll) {
        return statuses.get(Math.min(poll, statuses.size() - 1));
    }
}
