package dev.imaginestudio.testing.fake;

import java.time.Duration;

/**
 * Something going wrong at one call of one endpoint of a fake provider (or of its media host). Build one with the
 * factory methods and hand it to {@link FakeServer#inject} or {@link FakeServer#injectAt}.
 */
public record Fault(
        Kind kind,
        int status,
        Integer retryAfterSeconds,
        String message,
        Duration delay,
        String text,
        boolean createsJob) {

    public enum Kind {
        /** An HTTP error with the provider's error envelope (and Retry-After when given). */
        STATUS,
        /** The connection is closed without any response (nothing is done). */
        DROP,
        /** Submit only: the job is created (and billed), then the connection is closed without a response. */
        DROP_AFTER_CREATE,
        /** The normal answer, after {@code delay} (longer than the client's timeout, to time it out). */
        SLOW,
        /** A 2xx answer whose body is not JSON. */
        MALFORMED,
        /** A 2xx answer with an empty body. */
        EMPTY,
        /** Poll only: a 200 document whose status is the word {@code text}. */
        UNKNOWN_STATUS,
        /** Downloads: the headers promise the whole video, half of it is sent, then the connection closes. */
        TRUNCATE,
        /** Downloads: half of the video is sent, then nothing for {@code delay}, then the connection closes. */
        STALL,
        /** Downloads: a 200 answer of content type {@code text}. */
        CONTENT_TYPE,
        /** OpenRouter's content endpoint: a 302 to the job's video on the CDN host (whether OpenRouter does this is unconfirmed). */
        REDIRECT_TO_CDN
    }

    public static Fault status(int status) {
        return status(status, null, null);
    }

    public static Fault status(int status, Integer retryAfterSeconds) {
        return status(status, retryAfterSeconds, null);
    }

    public static Fault status(int status, Integer retryAfterSeconds, String message) {
        return new Fault(Kind.STATUS, status, retryAfterSeconds, message, null, null, false);
    }

    /** The same HTTP error, but answered after the job was created (a 500 or 502 after the work began). */
    public Fault creatingJob() {
        return new Fault(kind, status, retryAfterSeconds, message, delay, text, true);
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, 0, null, null, null, null, false);
    }

    public static Fault createdThenDropped() {
        return new Fault(Kind.DROP_AFTER_CREATE, 0, null, null, null, null, true);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, null, null, delay, null, true);
    }

    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED, 0, null, null, null, null, true);
    }

    public static Fault emptyBody() {
        return new Fault(Kind.EMPTY, 0, null, null, null, null, true);
    }

    public static Fault unknownStatus(String word) {
        return new Fault(Kind.UNKNOWN_STATUS, 0, null, null, null, word, false);
    }

    public static Fault truncated() {
        return new Fault(Kind.TRUNCATE, 0, null, null, null, null, false);
    }

    public static Fault stall(Duration delay) {
        return new Fault(Kind.STALL, 0, null, null, delay, null, false);
    }

    public static Fault redirectToCdn() {
        return new Fault(Kind.REDIRECT_TO_CDN, 302, null, null, null, null, false);
    }

    public static Fault contentType(String type) {
        return new Fault(Kind.CONTENT_TYPE, 0, null, null, null, type, false);
    }
}
