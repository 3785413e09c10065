package dev.imaginestudio.gallery;

import java.security.SecureRandom;
import java.util.Base64;

/** Random public identifiers of the gallery. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** 18 random bytes: 144 bits, 24 base64url characters. */
    static final int TOKEN_BYTES = 18;

    private Ids() {
    }

    /** A collection id: 16 random letters and digits (95 bits), never a sequence number. */
    static String collectionId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** A share token: {@value #TOKEN_BYTES} bytes from SecureRandom, base64url without padding. */
    static String shareToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code s} can be a token at all (checked before any database lookup). */
    static boolean plausibleToken(String s) {
        return s != null && s.length() == 24 && s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
