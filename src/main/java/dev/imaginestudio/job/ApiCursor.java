package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The API history's {@code next_cursor}: the keyset position together with the query (filters, sort, limit) it was
 * made under, so {@code ?cursor=<next_cursor>} alone continues the same list. Given with different filters it is
 * refused (400 naming {@code cursor}) rather than mixing two lists.
 */
final class ApiCursor {

    private static final String VERSION = "q1";

    private ApiCursor() {}

    /** The parameters to search with, and the keyset cursor (null on the first page). */
    record Resolved(Map<String, String> params, String keyset) {

        String param(String name) {
            return params.get(name);
        }
    }

    /** A cursor for the page after {@code keyset} of the search given by {@code params} (blank values left out). */
    static String of(Map<String, String> params, String keyset) {
        String query = params.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().strip(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String raw = VERSION + "\n" + keyset + "\n" + query;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Merges a request's parameters with those its cursor carries: a parameter the request leaves out is taken from
     * the cursor; one it gives differently is an error.
     */
    static Resolved resolve(String cursor, Map<String, String> given) {
        Map<String, String> params = new LinkedHashMap<>();
        given.forEach((k, v) -> params.put(k, v == null || v.isBlank() ? null : v.strip()));
        if (cursor == null || cursor.isBlank()) {
            return new Resolved(params, null);
        }
        String c = cursor.strip();
        String[] parts = decode(c);
        if (parts == null) {
            // a bare keyset cursor (as earlier versions issued): JobQuery checks it against the sort
            return new Resolved(params, c);
        }
        Map<String, String> carried = new LinkedHashMap<>();
        if (!parts[2].isEmpty()) {
            for (String pair : parts[2].split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    carried.put(
                            pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String name : params.keySet()) {
            String mine = params.get(name);
            String theirs = carried.get(name);
            if (mine != null && !mine.equals(theirs)) {
                throw new InvalidRequestException(
                        "cursor",
                        "cursor was made for " + describe(carried)
                                + ", not for " + name + "=" + mine + "; pass the cursor alone (it carries its filters) "
                                + "or start again from the first page");
            }
            if (mine == null) {
                params.put(name, theirs);
            }
        }
        return new Resolved(params, parts[1]);
    }

    private static String describe(Map<String, String> carried) {
        return carried.isEmpty()
                ? "the unfiltered history"
                : carried.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
    }

    private static String[] decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", 3);
            if (parts.length == 3 && parts[0].equals(VERSION)) {
                return parts;
            }
            if (parts.length == 2 && parts[0].equals(VERSION)) {
                return new String[] {parts[0], parts[1], ""};
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
