package dev.imaginestudio.web;

import dev.imaginestudio.account.Accounts;
import dev.imaginestudio.account.LoginThrottle;
import dev.imaginestudio.common.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a request without a valid login gets: the API a 401 problem+json (with OpenRouter's {@code error} member, so
 * OpenRouter clients report it as an authentication error); a page the login page, or the setup page while the studio
 * has no admin yet; htmx fragments the same as a full redirect.
 */
class AccessMappers {

    private final Accounts accounts;
    private final ErrorPage errorPage;

    AccessMappers(Accounts accounts, ErrorPage errorPage) {
        this.accounts = accounts;
        this.errorPage = errorPage;
    }

    @ServerExceptionMapper
    Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return signIn(uri, headers, false);
    }

    @ServerExceptionMapper
    Response failed(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        return signIn(uri, headers, true);
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = "This needs an admin account.";
        if (api(uri)) {
            return Problem.of(Response.Status.FORBIDDEN, detail, null).toResponse();
        }
        return Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(errorPage.render(403, "Forbidden", detail))
                .build();
    }

    @ServerExceptionMapper
    Response throttled(LoginThrottle.TooManyAttempts e, UriInfo uri) {
        return Problem.of(429, "Too Many Requests", e.getMessage(), null).toResponse();
    }

    private Response signIn(UriInfo uri, HttpHeaders headers, boolean badCredentials) {
        boolean none = accounts.none();
        if (api(uri)) {
            String detail = none
                    ? "The studio has no admin yet: open /setup in a browser, or start it with STUDIO_ADMIN_PASSWORD"
                            + " and STUDIO_ADMIN_TOKEN."
                    : badCredentials
                            ? "The API token is not valid: it is unknown, revoked, or its account is disabled."
                            : "Send an API token as \"Authorization: Bearer <token>\"; make one on the account page.";
            Response problem =
                    Problem.of(Response.Status.UNAUTHORIZED, detail, null).toResponse();
            return Response.fromResponse(problem)
                    .header("WWW-Authenticate", "Bearer realm=\"Imagine Studio\"")
                    .build();
        }
        String target = none ? "/setup" : "/login?next=" + URLEncoder.encode(next(uri), StandardCharsets.UTF_8);
        if (headers.getHeaderString("HX-Request") != null) {
            // htmx swaps what it gets; a redirect header makes it load the login page as a whole page instead
            return Response.status(401).header("HX-Redirect", target).build();
        }
        return Response.seeOther(URI.create(target)).build();
    }

    private static boolean api(UriInfo uri) {
        return uri.getPath().startsWith("/api/");
    }

    /** Back to the page after login; a form's POST address is no page, so those return to its page or the start. */
    private static String next(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        return query == null ? path : path + "?" + query;
    }
}
