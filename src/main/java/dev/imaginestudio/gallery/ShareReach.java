package dev.imaginestudio.gallery;

import dev.imaginestudio.config.StudioConfig;
import dev.imaginestudio.media.AddressGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a share link can reach anyone: links are built from {@code studio.public-url}, or, when it is unset, from
 * the address the page was opened at (often 127.0.0.1). Where links are made the page says when they will not work
 * for others, and how to fix it.
 */
@ApplicationScoped
@Named("shareReach")
public class ShareReach {

    private final StudioConfig config;

    ShareReach(StudioConfig config) {
        this.config = config;
    }

    /** Why links made now may not open for others, with the fix; null when the public URL is a public https address. */
    public String getWarning() {
        return warning(config.publicUrl().orElse(null));
    }

    static String warning(String publicUrl) {
        String fix =
                " Set studio.public-url (environment variable STUDIO_PUBLIC_URL) to the studio's public https address, "
                        + "for example https://studio.example.com, and restart.";
        if (publicUrl == null || publicUrl.isBlank()) {
            return "studio.public-url is not set, so share links use the address this page was opened at; if that is "
                    + "localhost or a private address, only this machine or network can open them." + fix;
        }
        URI uri;
        try {
            uri = URI.create(publicUrl.strip());
        } catch (IllegalArgumentException e) {
            return "studio.public-url (" + publicUrl + ") is not a valid URL." + fix;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!isPublicHost(host)) {
            return "studio.public-url (" + publicUrl
                    + ") is not a public address: people elsewhere cannot open these links." + fix;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "studio.public-url (" + publicUrl + ") is not https: link previews and some browsers refuse it."
                    + fix;
        }
        return null;
    }

    private static boolean isPublicHost(String host) {
        if (host.isEmpty()
                || host.equals("localhost")
                || host.endsWith(".localhost")
                || host.endsWith(".local")
                || host.endsWith(".internal")
                || host.endsWith(".lan")
                || host.endsWith(".home.arpa")) {
            return false;
        }
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        if (literal) {
            try {
                // an IP literal: no name lookup happens
                return AddressGuard.isPublic(
                        InetAddress.getByName(host.replace("[", "").replace("]", "")));
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return host.contains(".");
    }
}
