package dev.imaginestudio.account;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.InvalidRequestException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
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
import org.jboss.resteasy.reactive.RestForm;

/** Admins add people, disable and delete them. */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@RolesAllowed(Account.ADMIN)
class AdminPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(UsersView view);
    }

    public record UsersView(
            List<Account> accounts, String me, String username, String role, Map<String, String> errors) {}

    private final Accounts accounts;
    private final Caller caller;

    AdminPages(Accounts accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @GET
    public TemplateInstance users() {
        return view("", Account.MEMBER, Map.of());
    }

    @POST
    public Response add(@RestForm String username, @RestForm String password, @RestForm String role) {
        try {
            Account a = accounts.create(username, password, role);
            return back("Added " + a.username + " (" + a.role + ").");
        } catch (InvalidRequestException e) {
            return Response.status(400)
                    .entity(view(username, role, AccountPages.errors(e)))
                    .build();
        } catch (ConflictException e) {
            return Response.status(409)
                    .entity(view(username, role, Map.of("username", e.getMessage())))
                    .build();
        }
    }

    @POST
    @Path("{username}/disable")
    public Response disable(@PathParam("username") String username) {
        return toggle(username, true);
    }

    @POST
    @Path("{username}/enable")
    public Response enable(@PathParam("username") String username) {
        return toggle(username, false);
    }

    @POST
    @Path("{username}/delete")
    public Response delete(@PathParam("username") String username) {
        try {
            accounts.delete(username);
            return back("Deleted " + username + ". Their videos stay, marked as a deleted account's.");
        } catch (ConflictException e) {
            return back(e.getMessage());
        }
    }

    private Response toggle(String username, boolean disabled) {
        try {
            accounts.setDisabled(username, disabled);
            return back((disabled ? "Disabled " : "Enabled ") + username + ".");
        } catch (ConflictException e) {
            return back(e.getMessage());
        }
    }

    private TemplateInstance view(String username, String role, Map<String, String> errors) {
        return Templates.users(new UsersView(accounts.all(), caller.username(), username, role, errors));
    }

    private static Response back(String message) {
        return Response.seeOther(URI.create("/admin/users"))
                .cookie(Flash.cookie(message))
                .build();
    }
}
