package dev.imaginestudio.common;

import java.security.SecureRandom;
import java.util.Base64;

/** Random public identifiers: never a sequence number, never guessable, always URL-safe. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] LOWERCASE = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** 18 random bytes: 144 bits, 24 base64url characters. */
    public static final int TOKEN_BYTES = 18;

    private Ids() {}

    /** {@code length} random letters and digits (about 5.95 bits each: 20 give 119 bits). */
    public static String alphanumeric(int length) {
        return pick(ALPHANUMERIC, length);
    }

    /** {@code length} random lower-case letters and digits, for names that may meet case-insensitive systems. */
    public static String lowercase(int length) {
        return pick(LOWERCASE, length);
    }

    /** A secret token: {@value #TOKEN_BYTES} bytes from SecureRandom, base64url without padding. */
    public static String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A long-lived secret (API tokens, session cookies, signing keys): 32 bytes from SecureRandom, base64url. */
    public static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code s} can be a {@link #token()} at all (checked before any database lookup). */
    public static boolean plausibleToken(String s) {
        return s != null
                && s.length() == 24
                && s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    private static String pick(char[] alphabet, int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(id);
    }
}
