package dev.imaginestudio.job;

import io.quarkus.qute.TemplateEnum;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Why a job ended without a video, as stored in {@code error_category} and shown by the API. The codes are stored
 * in existing ledgers and read by API clients: never change one.
 */
@TemplateEnum
public enum ErrorCategory {
    /** The provider refused the request; nothing was created. */
    REJECTED("rejected"),
    /** The answer to a submit was lost: the provider may have created (and billed) the job. */
    SUBMIT_UNKNOWN("submit_unknown"),
    PROVIDER_BUSY("provider_busy"),
    TIMEOUT("timeout"),
    POLL_FAILED("poll_failed"),
    NO_OUTPUT("no_output"),
    DOWNLOAD_FAILED("download_failed"),
    ROUTE_UNAVAILABLE("route_unavailable"),
    CANCELLED("cancelled"),
    // reported by providers (PollOutcome's category)
    FAILED("failed"),
    EXPIRED("expired"),
    MODERATED("moderated"),
    PROVIDER_LOST("provider_lost"),
    RENDER_FAILED("render_failed");

    private final String code;

    ErrorCategory(String code) {
        this.code = code;
    }

    /** The stored and published word. */
    public String code() {
        return code;
    }

    /** The code: pages and messages show the same word as the API. */
    @Override
    public String toString() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no version of the studio has written */
    public static ErrorCategory fromCode(String code) {
        ErrorCategory category = fromProvider(code, null);
        if (category == null) {
            throw new IllegalArgumentException("unknown error category '" + code + "'");
        }
        return category;
    }

    /** A provider's category ({@code PollOutcome#errorCategory}), or {@code fallback} when it names none known here. */
    public static ErrorCategory fromProvider(String code, ErrorCategory fallback) {
        for (ErrorCategory c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return fallback;
    }

    /** Stores the code, not the constant's name, so rows written before the enum read the same. */
    @Converter
    public static class Column implements AttributeConverter<ErrorCategory, String> {
        @Override
        public String convertToDatabaseColumn(ErrorCategory category) {
            return category == null ? null : category.code;
        }

        @Override
        public ErrorCategory convertToEntityAttribute(String code) {
            return code == null ? null : fromCode(code);
        }
    }
}
