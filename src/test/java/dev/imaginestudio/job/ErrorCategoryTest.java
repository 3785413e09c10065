package dev.imaginestudio.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored and published words are the ones ledgers written before the enum hold. */
class ErrorCategoryTest {

    @Test
    void theCodesAreTheStoredWords() {
        assertEquals(
                List.of(
                        "rejected",
                        "submit_unknown",
                        "provider_busy",
                        "timeout",
                        "poll_failed",
                        "no_output",
                        "download_failed",
                        "route_unavailable",
                        "cancelled",
                        "failed",
                        "expired",
                        "moderated",
                        "provider_lost",
                        "render_failed"),
                Arrays.stream(ErrorCategory.values()).map(ErrorCategory::code).toList());
        for (ErrorCategory c : ErrorCategory.values()) {
            assertEquals(c.code(), c.toString(), "pages show the code");
        }
    }

    @Test
    void theColumnStoresAndReadsTheCode() {
        ErrorCategory.Column column = new ErrorCategory.Column();
        for (ErrorCategory c : ErrorCategory.values()) {
            assertEquals(c.code(), column.convertToDatabaseColumn(c));
            assertEquals(c, column.convertToEntityAttribute(c.code()));
        }
        assertNull(column.convertToDatabaseColumn(null));
        assertNull(column.convertToEntityAttribute(null));
        assertThrows(IllegalArgumentException.class, () -> column.convertToEntityAttribute("SUBMIT_UNKNOWN"));
    }

    @Test
    void aProviderCategoryNotKnownHereFallsBack() {
        assertEquals(ErrorCategory.MODERATED, ErrorCategory.fromProvider("moderated", ErrorCategory.FAILED));
        assertEquals(ErrorCategory.EXPIRED, ErrorCategory.fromProvider(null, ErrorCategory.EXPIRED));
        assertEquals(ErrorCategory.FAILED, ErrorCategory.fromProvider("something_new", ErrorCategory.FAILED));
    }
}
