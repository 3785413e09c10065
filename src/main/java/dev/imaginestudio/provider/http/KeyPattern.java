package dev.imaginestudio.provider.http;

import java.util.Arrays;
import java.util.regex.Pattern;

/** What {@link ProviderHttp#redact} looks for: a route's key as it may appear in any text that leaves the route. */
final class KeyPattern {

    private KeyPattern() {}

    /**
     * The key in any of its encodings, or a prefix of it (of at least six characters) that ends the text. Every
     * character may appear as itself, as a JSON escape ({@code \\u} and four hex digits) or URL-encoded
     * ({@code %} and two hex digits), in either case of hex digits.
     */
    static Pattern of(String key) {
        if (key == null) {
            return null;
        }
        String[] chars = key.codePoints().mapToObj(KeyPattern::anyEncoding).toArray(String[]::new);
        int minPrefix = Math.min(6, chars.length);
        StringBuilder prefix = new StringBuilder();
        for (int i = chars.length - 1; i >= minPrefix; i--) {
            prefix.insert(0, "(?:" + chars[i]).append(")?");
        }
        prefix.insert(0, String.join("", Arrays.copyOfRange(chars, 0, minPrefix)));
        return Pattern.compile(String.join("", chars) + "|" + prefix + "$");
    }

    private static String anyEncoding(int c) {
        String plain = Pattern.quote(new String(Character.toChars(c)));
        if (c > 0x7f) {
            return plain;
        }
        String hex = String.format("%02x", c);
        return "(?:" + plain + "|\\\\u(?i:00" + hex + ")|%(?i:" + hex + "))";
    }
}
