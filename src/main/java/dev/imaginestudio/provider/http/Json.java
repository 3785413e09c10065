package dev.imaginestudio.provider.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imaginestudio.common.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reading of the providers' JSON: a missing or mistyped field is null, never an exception. Shared by
 * every hosted route.
 */
public final class Json {

    private Json() {}

    /** A copy of {@code mapper} that keeps every decimal number exact (money is never a double here). */
    public static ObjectMapper exact(ObjectMapper mapper) {
        return mapper.copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    public static Boolean bool(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isBoolean() ? n.asBoolean() : null;
    }

    /** An exact amount from a JSON number (or a numeric string), or null. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return Money.bounded(n.decimalValue());
        }
        if (n.isTextual() && n.asText().length() <= 64) {
            try {
                return Money.bounded(new BigDecimal(n.asText().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An integer from a JSON number or a numeric string (as xAI's ticks are), or null; never through a double. */
    public static Integer integer(JsonNode node, String field) {
        BigDecimal d = decimal(node, field);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The member {@code field} when it is an object, else null. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isObject() ? n : null;
    }

    /** The first of {@code values} that is not null or blank, or null. */
    public static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    public static List<String> textList(JsonNode node, String field) {
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

    public static List<Integer> intList(JsonNode node, String field) {
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
