package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.provider.http.Json;
import java.math.BigDecimal;
import java.util.List;

/**
 * OpenRouter's {@code VideoGenerationResponse}, as answered to a submit and to every poll. {@code error} is a
 * string; {@code cost} is exact (read from the JSON text, never through a double).
 */
record VideoJob(
        String id,
        String pollingUrl,
        String status,
        String generationId,
        List<String> unsignedUrls,
        BigDecimal cost,
        String error) {

    /** Reads a response body; null when it is not a job document (no {@code id} or no {@code status}). */
    static VideoJob from(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        String id = Json.text(body, "id");
        String status = Json.text(body, "status");
        if (id == null || id.isBlank() || status == null) {
            return null;
        }
        JsonNode usage = body.get("usage");
        List<String> urls = Json.textList(body, "unsigned_urls");
        return new VideoJob(
                id,
                Json.text(body, "polling_url"),
                status,
                Json.text(body, "generation_id"),
                urls == null ? List.of() : urls,
                Json.decimal(usage, "cost"),
                error(body.get("error")));
    }

    /** A string as documented; tolerated: an object with a {@code message}. */
    private static String error(JsonNode error) {
        if (error == null || error.isNull()) {
            return null;
        }
        if (error.isTextual()) {
            return error.asText();
        }
        String message = Json.text(error, "message");
        return message != null ? message : error.toString();
    }
}
