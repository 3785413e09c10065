package dev.imaginestudio.provider.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook signature as the hosted providers make it: lower-case hex HMAC-SHA256, keyed with the shared secret,
 * over the bytes {@code <t> + separator + rawBody}, where {@code t} is the delivery time in unix seconds.
 * OpenRouter's separator is a comma, AIgateway's a dot. The timestamp and signature come either in one header
 * ({@code t=<unix>,v1=<hex>}: OpenRouter's {@code X-OpenRouter-Signature}, AIgateway's
 * {@code X-Gateway-Signature}) or in two ({@code aig-timestamp} and {@code aig-signature}). A signature is good
 * when one candidate matches (compared in constant time) and {@code t} is within five minutes of now.
 */
public final class WebhookSignature {

    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** Why a delivery was refused; {@code null} from the verify methods means it is authentic. */
    public enum Failure {
        MISSING("no signature was sent"),
        MALFORMED(
                "the signature is not in the documented form (t=<unix seconds>,v1=<hex>, or a unix-seconds timestamp and a hex signature)"),
        STALE("the signature's timestamp is more than 300 s away from now"),
        MISMATCH("the signature does not match the body");

        public final String message;

        Failure(String message) {
            this.message = message;
        }
    }

    private final byte[] secret;
    private final String separator;

    /** {@code separator} goes between the timestamp and the raw body in what is signed: "," or ".". */
    public WebhookSignature(String secret, String separator) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.separator = separator;
    }

    /** Checks a combined header {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}. */
    public Failure verifyHeader(String header, byte[] rawBody, Instant now) {
        if (header == null || header.isBlank()) {
            return Failure.MISSING;
        }
        Combined parsed = Combined.parse(header);
        if (parsed.t() == null || parsed.signatures().isEmpty()) {
            return Failure.MALFORMED;
        }
        return verify(parsed.t(), parsed.signatures(), rawBody, now);
    }

    /** The timestamp of a combined header, as {@link #verifyHeader} reads it (null when it has none). */
    public static String timestamp(String header) {
        return header == null ? null : Combined.parse(header).t();
    }

    private record Combined(String t, List<String> signatures) {
        static Combined parse(String header) {
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
            return new Combined(t, signatures);
        }
    }

    /** Checks a timestamp and signature sent in two headers. */
    public Failure verify(String timestamp, List<String> signatures, byte[] rawBody, Instant now) {
        if (timestamp == null
                || timestamp.isBlank()
                || signatures.isEmpty()
                || signatures.stream().allMatch(s -> s == null || s.isBlank())) {
            return Failure.MISSING;
        }
        String t = timestamp.trim();
        if (!t.matches("\\d{1,12}")) {
            return Failure.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - Long.parseLong(t)) > TOLERANCE.toSeconds()) {
            return Failure.STALE;
        }
        byte[] expected = HexFormat.of().formatHex(sign(t, rawBody)).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            if (signature == null) {
                continue;
            }
            // every candidate is compared, in constant time, so timing tells nothing about which came close
            match |= MessageDigest.isEqual(
                    expected, signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }
        return match ? null : Failure.MISMATCH;
    }

    /** The hex signature of this body at {@code t}. */
    public String hex(long t, byte[] rawBody) {
        return HexFormat.of().formatHex(sign(Long.toString(t), rawBody));
    }

    /** The combined header {@code t=<t>,v1=<hex>} for this body at {@code t}. */
    public String header(long t, byte[] rawBody) {
        return "t=" + t + ",v1=" + hex(t, rawBody);
    }

    private byte[] sign(String t, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + separator).getBytes(StandardCharsets.US_ASCII));
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
