package dev.imaginestudio.provider.xai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.provider.http.Json;
import java.math.BigDecimal;

/**
 * xAI's answer to {@code GET /v1/videos/{request_id}}: {@code status} ({@code pending}, {@code done},
 * {@code expired}, {@code failed}), {@code progress}, {@code video.url}, {@code video.respect_moderation},
 * {@code usage.cost_in_usd_ticks} and, on failure, {@code error.code} and {@code error.message} (both with
 * HTTP 200). {@code costUsd} is exact: 10^10 ticks are one US dollar.
 */
record VideoStatus(
        String status,
        Integer progress,
        String url,
        Boolean respectModeration,
        BigDecimal costUsd,
        String errorCode,
        String errorMessage) {

    /** Ticks per US dollar, as a power of ten. */
    static final int TICKS_PER_USD_EXPONENT = 10;

    /** Reads a poll answer; null when it is not a status document. */
    static VideoStatus from(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode video = Json.object(body, "video");
        String url = Json.text(video, "url");
        String status = Json.text(body, "status");
        if (status == null && url != null) {
            // a document without a status but with a video is a finished one (as the AI SDK reads it)
            status = "done";
        }
        if (status == null) {
            return null;
        }
        BigDecimal ticks = Json.decimal(Json.object(body, "usage"), "cost_in_usd_ticks");
        JsonNode error = body.get("error");
        String code = Json.text(error, "code");
        String message = error != null && error.isTextual() ? error.asText() : Json.text(error, "message");
        return new VideoStatus(
                status,
                Json.integer(body, "progress"),
                url,
                Json.bool(video, "respect_moderation"),
                ticks == null ? null : usd(ticks),
                code,
                message);
    }

    /** Exact dollars from ticks: 500000000 ticks are $0.05. */
    static BigDecimal usd(BigDecimal ticks) {
        return ticks.movePointLeft(TICKS_PER_USD_EXPONENT);
    }
}
