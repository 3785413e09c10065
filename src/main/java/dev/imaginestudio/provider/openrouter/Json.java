package dev.imaginestudio.provider.openrouter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Tolerant reading of OpenRouter's JSON: a missing or mistyped field is null, never an exception. */
final class Json {

    private Json() {
    }

    /** A copy of {@code mapper} that keeps every decimal number exact (money is never a double here). */
    static ObjectMapper exact(ObjectMapper mapper) {
        return mapper.copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    static Boolean bool(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isBoolean() ? n.asBoolean() : null;
    }

    /** An exact amount from a JSON number (or a numeric string), or null. */
    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static List<String> textList(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : n) {
            if (v.isTextual()) {
                values.add(v.asText());
            }
        }
        return values;
    }

    static List<Integer> intList(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || !n.isArray()) {
            return null;
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode v : n) {
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                values.add(v.asInt());
            }
        }
        return values;
    }
}
