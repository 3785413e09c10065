package dev.imaginestudio.account;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.config.StudioConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The way in: the setup page that creates the first admin (only while there is no account), the login form and
 * logout. A login sets an HttpOnly, SameSite=Lax session cookie, Secure when the studio is reached over https.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@PermitAll
class LoginPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String username, String next, String error);

        static native TemplateInstance setup(String username, Map<String, String> errors);
    }

    private final Accounts accounts;
    private final StudioConfig config;

    LoginPages(Accounts accounts, StudioConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    @GET
    @Path("login")
    public Response loginPage(@QueryParam("next") String next) {
        if (accounts.none()) {
            return see("/setup").build();
        }
        return Response.ok(Templates.login("", safeNext(next), null)).build();
    }

    @POST
    @Path("login")
    public Response login(
            @RestForm String username, @RestForm String password, @RestForm String next, HttpServerRequest request) {
        String target = safeNext(next);
        try {
            return accounts.login(username, password, address(request))
                    .map(who -> see(target).cookie(sessionCookie(accounts.openSession(who), request)))
                    .orElseGet(() -> Response.status(401)
                            .entity(Templates.login(
                                    username == null ? "" : username, target, "Wrong username or password.")))
                    .build();
        } catch (LoginThrottle.TooManyAttempts e) {
            return Response.status(429)
                    .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
                    .entity(Templates.login(username == null ? "" : username, target, e.getMessage()))
                    .build();
        }
    }

    @POST
    @Path("logout")
    public Response logout(@RestCookie(StudioAuthentication.SESSION_COOKIE) String session, HttpServerRequest request) {
        accounts.closeSession(session);
        return see("/login")
                .cookie(expired(request), Flash.cookie("Logged out."))
                .build();
    }

    @GET
    @Path("setup")
    public Response setupPage() {
        if (!accounts.none()) {
            return see("/login").build();
        }
        return Response.ok(Templates.setup("admin", Map.of())).build();
    }

    @POST
    @Path("setup")
    public Response setup(
            @RestForm String username,
            @RestForm String password,
            @RestForm("password_again") String again,
            HttpServerRequest request) {
        if (password != null && !password.equals(again)) {
            return Response.status(400)
                    .entity(Templates.setup(username, Map.of("password_again", "the two passwords differ")))
                    .build();
        }
        try {
            Account admin = accounts.setup(username, password);
            String secret = accounts.openSession(Principal.of(admin));
            return see("/").cookie(sessionCookie(secret, request), Flash.cookie("Welcome, " + admin.username + "."))
                    .build();
        } catch (InvalidRequestException e) {
            Map<String, String> errors = e.errors().stream()
                    .collect(Collectors.toMap(
                            InvalidRequestException.FieldError::field,
                            InvalidRequestException.FieldError::message,
                            (a, b) -> a));
            return Response.status(400)
                    .entity(Templates.setup(username, errors))
                    .build();
        } catch (ConflictException e) {
            return see("/login").build();
        }
    }

    NewCookie sessionCookie(String secret, HttpServerRequest request) {
        return new NewCookie.Builder(StudioAuthentication.SESSION_COOKIE)
                .value(secret)
                .path("/")
                .httpOnly(true)
                .secure(secure(request))
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) config.sessions().lifetime().toSeconds())
                .build();
    }

    private NewCookie expired(HttpServerRequest request) {
        return new NewCookie.Builder(StudioAuthentication.SESSION_COOKIE)
                .value("")
                .path("/")
                .httpOnly(true)
                .secure(secure(request))
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(0)
                .build();
    }

    /** https directly, or behind a proxy whose public URL is https. */
    private boolean secure(HttpServerRequest request) {
        return "https".equals(request.scheme())
                || config.publicUrl().map(u -> u.startsWith("https:")).orElse(false);
    }

    static String address(HttpServerRequest request) {
        return request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    /** Only a path on this studio: an address elsewhere after login would be an open redirect. */
    static String safeNext(String next) {
        if (next == null
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.length() > 2000) {
            return "/";
        }
        return next;
    }

    private static Response.ResponseBuilder see(String path) {
        return Response.seeOther(URI.create(path));
    }
}
