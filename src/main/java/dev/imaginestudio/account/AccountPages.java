package dev.imaginestudio.account;

import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.InvalidRequestException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/** The signed-in person's own account: password and personal API tokens. */
@Path("/account")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class AccountPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(AccountView view);
    }

    /** {@code newToken} is shown once, right after it was made, and never again. */
    public record AccountView(
            Principal who,
            List<ApiToken> tokens,
            String newToken,
            String tokenName,
            Map<String, String> errors,
            Spending.Status spend) {}

    private final Accounts accounts;
    private final Caller caller;
    private final Spending spending;

    AccountPages(Accounts accounts, Caller caller, Spending spending) {
        this.accounts = accounts;
        this.caller = caller;
        this.spending = spending;
    }

    @GET
    public TemplateInstance account() {
        return view(null, null, Map.of());
    }

    @POST
    @Path("tokens")
    public Response createToken(@RestForm String name) {
        try {
            Accounts.NewToken t = accounts.createToken(caller.username(), name, null);
            // no redirect: the token exists only in this answer
            return Response.ok(view(t.secret(), t.token().name, Map.of()))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (InvalidRequestException e) {
            return Response.status(400).entity(view(null, null, errors(e))).build();
        }
    }

    @POST
    @Path("tokens/{id}/revoke")
    public Response revoke(@PathParam("id") String id) {
        accounts.revokeToken(caller.username(), id);
        return Response.seeOther(URI.create("/account"))
                .cookie(Flash.cookie("Token revoked: it no longer works."))
                .build();
    }

    @POST
    @Path("password")
    public Response password(
            @RestForm("current_password") String current,
            @RestForm("new_password") String replacement,
            @RestForm("new_password_again") String again,
            HttpServerRequest request) {
        if (replacement != null && !replacement.equals(again)) {
            return Response.status(400)
                    .entity(view(null, null, Map.of("new_password_again", "the two new passwords differ")))
                    .build();
        }
        try {
            accounts.changePassword(caller.principal(), current, replacement, LoginPages.address(request));
        } catch (InvalidRequestException e) {
            return Response.status(400).entity(view(null, null, errors(e))).build();
        } catch (LoginThrottle.TooManyAttempts e) {
            return Response.status(429)
                    .entity(view(null, null, Map.of("current_password", e.getMessage())))
                    .build();
        }
        return Response.seeOther(URI.create("/login"))
                .cookie(Flash.cookie("Password changed: log in with the new one."))
                .build();
    }

    private TemplateInstance view(String newToken, String tokenName, Map<String, String> errors) {
        return Templates.account(new AccountView(
                caller.principal(),
                accounts.tokens(caller.username()),
                newToken,
                tokenName,
                errors,
                spending.owner(caller.ownerId())));
    }

    static Map<String, String> errors(InvalidRequestException e) {
        return e.errors().stream()
                .collect(Collectors.toMap(
                        InvalidRequestException.FieldError::field,
                        InvalidRequestException.FieldError::message,
                        (a, b) -> a));
    }
}
