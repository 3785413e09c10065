package dev.imaginestudio.web;

import dev.imaginestudio.config.StudioConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF token of a browser (signed double-submit cookie): the HttpOnly cookie {@value #COOKIE} holds a random value,
 * and pages carry its HMAC under the studio's key, in every form ({@value #FIELD}, the {@code {#csrf /}} tag) and in a
 * {@code <meta name="csrf-token">} that the page script sends as {@value #HEADER}. A page elsewhere can neither read the
 * cookie nor, without the key, make a token for a cookie it managed to set (from a sibling subdomain, say).
 *
 * <p>The key lives in the data directory (created at the first start), so a restart does not void the forms of pages
 * already open. Templates read {@code {inject:csrf.token}}.
 */
@ApplicationScoped
@Named("csrf")
public class CsrfTokens {

    static final String COOKIE = "studio_csrf";
    static final String FIELD = "csrf_token";
    static final String HEADER = "X-CSRF-Token";
    private static final String MADE = "studio.csrf.cookie";

    private final byte[] key;
    private final CurrentVertxRequest current;
    private final AllowedHosts allowedHosts;
    private final long maxAge;

    CsrfTokens(StudioConfig config, CurrentVertxRequest current, AllowedHosts allowedHosts) {
        this.key = key(config.dataDir().resolve("csrf.key"));
        this.current = current;
        this.allowedHosts = allowedHosts;
        this.maxAge = config.sessions().lifetime().toSeconds();
    }

    /**
     * The token for the current browser, for a page to carry. A browser without the cookie gets one with this answer;
     * outside a request (nothing to send it to) the token is empty.
     */
    public String getToken() {
        RoutingContext ctx = current.getCurrent();
        if (ctx == null) {
            return "";
        }
        String value = cookieValue(ctx.request());
        if (value == null) {
            value = ctx.get(MADE);
        }
        if (value == null) {
            value = dev.imaginestudio.common.Ids.secret();
            ctx.put(MADE, value);
            ctx.response()
                    .addCookie(Cookie.cookie(COOKIE, value)
                            .setPath("/")
                            .setHttpOnly(true)
                            // Lax, not Strict: a link from elsewhere must not replace the cookie of open pages
                            .setSameSite(CookieSameSite.LAX)
                            .setSecure(allowedHosts.https(ctx.request()))
                            .setMaxAge(maxAge));
        }
        return sign(value);
    }

    /** True when {@code sent} is the token of the browser's cookie. */
    boolean matches(HttpServerRequest request, String sent) {
        String value = cookieValue(request);
        return value != null
                && sent != null
                && MessageDigest.isEqual(
                        sign(value).getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }

    static boolean hasCookie(HttpServerRequest request) {
        return cookieValue(request) != null;
    }

    private static String cookieValue(HttpServerRequest request) {
        Cookie cookie = request.getCookie(COOKIE);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the key, or writes a new one (readable by the studio's user only, from its creation on) at first start. */
    private static byte[] key(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                boolean posix =
                        file.getFileSystem().supportedFileAttributeViews().contains("posix");
                try {
                    Path created = posix
                            ? Files.createFile(
                                    file,
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                            : Files.createFile(file);
                    Files.write(created, dev.imaginestudio.common.Ids.secret().getBytes(StandardCharsets.US_ASCII));
                } catch (FileAlreadyExistsException e) {
                    // another studio on the same data directory made it first: use theirs
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < 32) {
                throw new IllegalStateException(file + " holds fewer than 32 bytes; delete it to make a new key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the CSRF key " + file, e);
        }
    }
}
