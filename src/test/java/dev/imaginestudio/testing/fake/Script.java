package dev.imaginestudio.testing.fake;

import java.math.BigDecimal;
import java.util.List;

/**
 * A fake job's timeline, in the provider's own words: the status each poll answers, in order (the last one is
 * kept for later polls), and how the job ends. {@link #untilFinished()} jobs keep their first status until the
 * test calls {@link FakeServer#finish}.
 */
public record Script(List<String> statuses, String error, Output output, BigDecimal fixedCost, boolean manual) {

    /** Where a completed job's video is. */
    public enum Output {
        /**
         * The provider's usual place: OpenRouter's own authenticated content endpoint as an absolute URL (what live
         * runs show); for xAI and AIgateway a signed URL on their media host.
         */
        CONTENT,
        /** The content endpoint as a path relative to the host ({@code /api/v1/videos/<id>/content?index=0}). */
        RELATIVE_CONTENT,
        /** The content endpoint relative to the API's base ({@code videos/<id>/content?index=0}). */
        BASE_RELATIVE_CONTENT,
        /** A URL on the fake's separate media (CDN) host, which refuses requests carrying Authorization. */
        CDN,
        /** An empty URL (list). */
        EMPTY,
        /** No URL field at all. */
        MISSING,
        /** xAI: {@code done} with {@code respect_moderation: false} and no URL. */
        MODERATED
    }

    public Script {
        statuses = List.copyOf(statuses);
    }

    /** A timeline; a completed job's video is at the provider's usual place ({@link Output#CONTENT}). */
    public static Script of(String... statuses) {
        return new Script(List.of(statuses), null, Output.CONTENT, null, false);
    }

    public static Script failing(String error, String... statusesBefore) {
        String[] all = java.util.Arrays.copyOf(statusesBefore, statusesBefore.length + 1);
        all[statusesBefore.length] = "failed";
        return new Script(List.of(all), error, Output.CONTENT, null, false);
    }

    /** Keeps the status the job was created with at every poll until {@link FakeServer#finish} ends it. */
    public static Script untilFinished() {
        return new Script(List.of(), null, Output.CONTENT, null, true);
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

    /** The status the poll number {@code poll} (0-based) answers; null for a timeline without statuses. */
    public String statusAt(int poll) {
        return statuses.isEmpty() ? null : statuses.get(Math.min(poll, statuses.size() - 1));
    }
}
