package dev.imaginestudio.gallery;

import java.time.Instant;
import java.util.List;

/** A share link as the owner's pages list it: the full address to copy, when it was made, when it ends. */
public record ShareRow(
        String token, String url, Instant createdAt, Instant expiresAt, boolean expired, boolean showPrompt) {

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern(
                    "d MMM yyyy HH:mm 'UTC'", java.util.Locale.ENGLISH)
            .withZone(java.time.ZoneOffset.UTC);

    /** When a live link ends, in words: "in 50 min", "in 23 h", "in 6 days", else the date. */
    public String expiresIn() {
        if (expiresAt == null) {
            return "never";
        }
        long s = java.time.Duration.between(Instant.now(), expiresAt).toSeconds();
        if (s < 90) {
            return "in a minute";
        }
        if (s < 5400) {
            return "in " + Math.round(s / 60.0) + " min";
        }
        if (s < 36 * 3600) {
            return "in " + Math.round(s / 3600.0) + " h";
        }
        if (s < 14 * 86400) {
            return "in " + Math.round(s / 86400.0) + " days";
        }
        return "on " + DAY.format(expiresAt);
    }

    static List<ShareRow> of(List<ShareLink> links, String baseUrl) {
        Instant now = Instant.now();
        return links.stream()
                .map(l -> new ShareRow(
                        l.token, baseUrl + "/s/" + l.token, l.createdAt, l.expiresAt, l.expired(now), l.showPrompt))
                .toList();
    }
}
