package dev.imaginestudio.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a fake received it: which server ({@code api} or {@code media}), endpoint and call index, when
 * (by the fake's clock, see {@link FakeServer#clock}), and everything that was sent.
 */
public record Recorded(
        String server,
        Enum<?> endpoint,
        int callIndex,
        Instant at,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return server + " " + method + " " + path + (query == null ? "" : "?" + query) + " #" + callIndex + " at " + at;
    }
}
