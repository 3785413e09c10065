package dev.imaginestudio.gallery;

import java.time.Instant;
import java.util.List;

/** A share link as the owner's pages list it: the full address to copy, when it was made, when it ends. */
public record ShareRow(String token, String url, Instant createdAt, Instant expiresAt, boolean expired, boolean showPrompt) {

    static List<ShareRow> of(List<ShareLink> links, String baseUrl) {
        Instant now = Instant.now();
        return links.stream().map(l -> new ShareRow(l.token, baseUrl + "/s/" + l.token, l.createdAt, l.expiresAt,
                l.expired(now), l.showPrompt)).toList();
    }
}
