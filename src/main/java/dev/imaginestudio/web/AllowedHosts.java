package dev.imaginestudio.web;

import dev.imaginestudio.config.StudioConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The host names the studio answers to: loopback, the host of {@code studio.public-url} and those of
 * {@code studio.allowed-hosts}. Any other {@code Host} is refused with 421 before anything else runs. Without this
 * check a page on {@code rebind.evil.example} whose DNS name is switched to the studio's address (DNS rebinding)
 * would be same-origin with the studio in the visitor's browser: it could read every share token and queue paid
 * jobs. Health probes ({@code /q/health}) answer under any name, as container platforms probe by address.
 */
@ApplicationScoped
class AllowedHosts {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> hosts = new HashSet<>(LOOPBACK);
    private final Optional<String> publicOrigin;
    private final Refusals refusals;

    AllowedHosts(StudioConfig config, Refusals refusals) {
        this.refusals = refusals;
        config.allowedHosts().ifPresent(list -> list.forEach(h -> hosts.add(normalise(h))));
        Optional<URI> publicUrl = config.publicUrl().flatMap(AllowedHosts::parse);
        publicUrl.ifPresent(u -> hosts.add(normalise(u.getHost())));
        this.publicOrigin = publicUrl.map(AllowedHosts::origin);
    }

    /** Before the size limits (-200): a request for another host is not the studio's to judge further. */
    void route(@Observes Router router) {
        router.route().order(-300).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.path().startsWith("/q/health")) {
            ctx.next();
            return;
        }
        String host = request.getHeader("Host");
        if (host == null && request.authority() != null) {
            host = request.authority().host(); // HTTP/2 carries the name as :authority
        }
        if (allows(hostOf(host))) {
            ctx.next();
            return;
        }
        refusals.send(
                ctx,
                421,
                "Misdirected Request",
                "This studio does not answer to the host name " + shown(host) + ". Open it under its own address"
                        + " (localhost, studio.public-url), or add the name to studio.allowed-hosts.");
    }

    /** True for a host name (without port, as {@link #hostOf} gives it) the studio answers to. */
    boolean allows(String host) {
        return host != null && hosts.contains(host);
    }

    /**
     * The origin ({@code scheme://host[:port]}) of {@code studio.public-url}, which pages opened there send as
     * {@code Origin} even when a reverse proxy passes the request on under another {@code Host}.
     */
    Optional<String> publicOrigin() {
        return publicOrigin;
    }

    /** True when browsers reach the studio over https: directly, or behind a proxy whose public URL is https. */
    boolean https(HttpServerRequest request) {
        return "https".equals(request.scheme())
                || publicOrigin.map(o -> o.startsWith("https:")).orElse(false);
    }

    /** The host name of a {@code Host} header or URI authority, lower case, without port or IPv6 brackets. */
    static String hostOf(String authority) {
        if (authority == null || authority.isBlank()) {
            return null;
        }
        String a = authority.strip();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? null : normalise(a.substring(0, end + 1));
        }
        int colon = a.indexOf(':');
        // a bare IPv6 address (more than one colon) has no port to strip
        if (colon >= 0 && a.indexOf(':', colon + 1) < 0) {
            a = a.substring(0, colon);
        }
        return normalise(a);
    }

    /** {@code scheme://host[:port]} as a browser sends it in {@code Origin}: lower case, no default port. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
        return defaultPort ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }

    private static Optional<URI> parse(String url) {
        try {
            URI uri = URI.create(url.strip());
            return uri.getScheme() == null || uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    /** A Host header as the refusal names it: attacker-chosen text, so cut short and printable only. */
    private static String shown(String host) {
        if (host == null) {
            return "(none)";
        }
        String clean = host.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
