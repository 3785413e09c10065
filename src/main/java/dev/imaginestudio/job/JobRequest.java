package dev.imaginestudio.job;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A request for a new job as the API or the create form received it; every field but the prompt may be
 * missing and is then filled with the model's default.
 */
public record JobRequest(
        String model,
        String prompt,
        Integer duration,
        String resolution,
        String aspectRatio,
        String size,
        Long seed,
        Boolean generateAudio,
        List<ImageInput> images) {

    public JobRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public JobRequest(
            String model,
            String prompt,
            Integer duration,
            String resolution,
            String aspectRatio,
            String size,
            Long seed,
            Boolean generateAudio) {
        this(model, prompt, duration, resolution, aspectRatio, size, seed, generateAudio, List.of());
    }

    /**
     * SHA-256 (hex) of the request as received, field by field in a fixed order, images by role and by URL or by the
     * hash of their bytes: two requests have the same hash exactly when they ask for the same job.
     */
    public String canonicalHash() {
        MessageDigest digest = sha256();
        for (Object field :
                new Object[] {model, prompt, duration, resolution, aspectRatio, size, seed, generateAudio}) {
            put(digest, field == null ? null : field.toString());
        }
        for (ImageInput image : images) {
            put(digest, image.role());
            put(
                    digest,
                    image.url() != null
                            ? "url:" + image.url()
                            : "bytes:"
                                    + HexFormat.of()
                                            .formatHex(sha256().digest(
                                                            image.bytes() == null ? new byte[0] : image.bytes())));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A null and an empty value stay distinct, and no two fields can run together. */
    private static void put(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * One input image: given as a URL ({@code data:} or https) or as uploaded bytes. {@code field} names it
     * in error messages, e.g. {@code frame_images[0]}; {@code role} is {@code first_frame}, {@code last_frame}
     * or {@code reference}.
     */
    public record ImageInput(String field, String role, String url, byte[] bytes) {

        public static final String REFERENCE = "reference";

        public boolean frame() {
            return !REFERENCE.equals(role);
        }
    }
}
