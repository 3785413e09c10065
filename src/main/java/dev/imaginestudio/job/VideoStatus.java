package dev.imaginestudio.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as {@code GET /api/v1/videos/{id}} shows it: OpenRouter's status document (id, polling_url, status, model,
 * unsigned_urls, usage, error) followed by the studio's own fields. A field OpenRouter's SDKs expect is present,
 * null where unknown; the fields marked {@code NON_NULL} appear only where they mean something (unsigned_urls once
 * finished, usage once ended). The two {@code Optional}s are present-but-null when empty and absent when null:
 * estimated_seconds_left while the job runs, retry_of in the documents of one job.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record VideoStatus(
        @Schema(required = true) String id,
        @Schema(required = true) String pollingUrl,

        @Schema(required = true, description = "pending, in_progress, completed, failed, cancelled or expired")
        String status,

        String model,
        @JsonInclude(Include.NON_NULL) List<String> unsignedUrls,
        @JsonInclude(Include.NON_NULL) Usage usage,
        @JsonInclude(Include.NON_NULL) String error,
        int progress,
        @JsonInclude(Include.NON_NULL) Optional<Long> estimatedSecondsLeft,

        @Schema(description = "The studio's own, finer state")
        String state,

        String route,
        String mode,
        String prompt,
        int duration,
        String resolution,
        String aspectRatio,
        @JsonInclude(Include.NON_NULL) String size,
        Long seed,
        BigDecimal estimatedCost,
        String errorCategory,
        String createdAt,
        String submittedAt,
        String completedAt,
        @JsonInclude(Include.NON_NULL) String posterUrl,
        int inputCount,
        @JsonInclude(Include.NON_NULL) List<Input> inputs,
        @JsonInclude(Include.NON_NULL) List<Event> timeline,
        @JsonInclude(Include.NON_NULL) Optional<String> retryOf) {

    /** OpenRouter's usage member; cost stays null until the provider reported it. The name is spelt out: Jackson
     * would read {@code isByok()} as the getter of a property "byok". */
    record Usage(BigDecimal cost, @JsonProperty("is_byok") boolean isByok) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Input(String role, String url, String mimeType, int width, int height) {}

    record Event(String status, String at, String message) {}
}
