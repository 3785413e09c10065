package dev.imaginestudio.provider.openrouter;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenRouter's webhook signature: {@code X-OpenRouter-Signature: t=<unix seconds>,v1=<hex>}, where the hex is
 * HMAC-SHA256 keyed with the workspace secret over the bytes {@code "<t>," + rawBody}. A signature is good when
 * one {@code v1} matches (compared in constant time) and {@code t} is within five minutes of now.
 */
final class WebhookSignature {

    static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** Why a delivery was refused; {@code null} from {@link #verify} means it is authentic. */
    enum Failure {
        MISSING("the X-OpenRouter-Signature header is missing"),
        MALFORMED("the X-OpenRouter-Signature header is not t=<unix seconds>,v1=<hex>"),
        STALE("the signature's timestamp is more than 300 s away from now"),
        MISMATCH("the signature does not match the body");

        final String message;

        Failure(String message) {
            this.message = message;
        }
    }

    private final byte[] secret;

    WebhookSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    Failure verify(String header, byte[] rawBody, Instant now) {
        if (header == null || header.isBlank()) {
            return Failure.MISSING;
        }
        String t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].trim().equals("t")) {
                t = kv[1].trim();
            } else if (kv[0].trim().equals("v1")) {
                signatures.add(kv[1].trim());
            }
        }
        if (t == null || !t.matches("\\d{1,12}") || signatures.isEmpty()) {
            return Failure.MALFORMED;
        }
        long seconds = Long.parseLong(t);
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Failure.STALE;
        }
        byte[] expected = HexFormat.of().formatHex(sign(t, rawBody)).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            // every candidate is compared, in constant time, so timing tells nothing about which came close
            match |= MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
        }
        return match ? null : Failure.MISMATCH;
    }

    /** The header OpenRouter would send for this body at {@code t} (used by tests and fakes alike). */
    String header(long t, byte[] rawBody) {
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(sign(Long.toString(t), rawBody));
    }

    private byte[] sign(String t, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ",").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[secret hidden]";
    }
}
