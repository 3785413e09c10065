package dev.imaginestudio.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bearer secrets (API tokens, session cookies): random, and stored only as their SHA-256. */
final class Secrets {

    /** API tokens start with this, so a leaked one is recognisable in logs and by secret scanners. */
    static final String TOKEN_PREFIX = "ist_";

    private Secrets() {}

    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last four characters, shown beside a token's name so its owner can tell which one is which. */
    static String hint(String token) {
        return "…" + token.substring(token.length() - 4);
    }
}
