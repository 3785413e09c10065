package dev.imaginestudio.provider.aigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imaginestudio.provider.http.Json;
import java.math.BigDecimal;

/**
 * AIgateway's job record ({@code GET /v1/jobs/{id}}, and what its webhooks post). The sources disagree, so it is
 * read tolerantly: in progress is {@code running} or {@code processing}; the video is {@code result.file_url},
 * {@code result_url} or {@code result.url}; {@code error} is {@code {code, message}} or a string; a cost, which the
 * documented poll does not carry, is taken from {@code usage.cost_cents} (cents) or {@code usage.cost_usd} /
 * {@code usage.cost} (dollars) when one appears.
 */
record JobRecord(
        String id,
        String status,
        Integer progress,
        String resultUrl,
        BigDecimal costUsd,
        String errorCode,
        String error) {

    /** Reads a record; null when it has no {@code status}. */
    static JobRecord from(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        String status = Json.text(body, "status");
        if (status == null) {
            return null;
        }
        JsonNode result = Json.object(body, "result");
        String url = Json.first(Json.text(result, "file_url"), Json.text(body, "result_url"), Json.text(result, "url"));
        JsonNode error = body.get("error");
        String message = error != null && error.isTextual() ? error.asText() : Json.text(error, "message");
        return new JobRecord(
                Json.text(body, "id"),
                status,
                Json.integer(body, "progress"),
                url,
                cost(body),
                Json.text(error, "code"),
                message);
    }

    private static BigDecimal cost(JsonNode body) {
        JsonNode usage = Json.object(body, "usage");
        BigDecimal cents = Json.decimal(usage, "cost_cents");
        if (cents == null) {
            cents = Json.decimal(body, "cost_cents");
        }
        if (cents != null) {
            return cents.movePointLeft(2);
        }
        BigDecimal usd = Json.decimal(usage, "cost_usd");
        return usd != null ? usd : Json.decimal(usage, "cost");
    }
}
