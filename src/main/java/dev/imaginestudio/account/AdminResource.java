package dev.imaginestudio.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.imaginestudio.common.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Account management for admins, the same as the people page. */
@Path("/api/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Account.ADMIN)
@Tag(name = "Admin")
class AdminResource {

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewUser(String username, String password, String role) {}

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserChange(Boolean disabled) {}

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewTokenRequest(String name) {}

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String username, String role, boolean disabled, Instant createdAt) {
        static User of(Account a) {
            return new User(a.username, a.role, a.disabled, a.createdAt);
        }
    }

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserList(List<User> data) {}

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenCreated(String id, String name, String token) {}

    private final Accounts accounts;

    AdminResource(Accounts accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(summary = "Every account")
    public UserList list() {
        return new UserList(accounts.all().stream().map(User::of).toList());
    }

    @POST
    @Operation(
            summary = "Add an account",
            description = "Body: {\"username\", \"password\", \"role\": \"admin\"|\"member\"}.")
    public Response create(NewUser body) {
        if (body == null) {
            throw new InvalidRequestException("username", "a JSON body with username, password and role is required");
        }
        Account a =
                accounts.create(body.username(), body.password(), body.role() == null ? Account.MEMBER : body.role());
        return Response.status(201).entity(User.of(a)).build();
    }

    @PATCH
    @Path("/{username}")
    @Operation(summary = "Disable or enable an account", description = "Body: {\"disabled\": true|false}.")
    public User change(@PathParam("username") String username, UserChange body) {
        if (body == null || body.disabled() == null) {
            throw new InvalidRequestException("disabled", "disabled (true or false) is required");
        }
        return User.of(accounts.setDisabled(username, body.disabled()));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete an account", description = "Its videos stay; admins still see them.")
    public Response delete(@PathParam("username") String username) {
        accounts.delete(username);
        return Response.noContent().build();
    }

    @POST
    @Path("/{username}/tokens")
    @Operation(summary = "A new API token for an account", description = "The token is in this answer only.")
    public Response token(@PathParam("username") String username, NewTokenRequest body) {
        Accounts.NewToken t = accounts.createToken(username, body == null ? null : body.name(), null);
        return Response.status(201)
                .header("Cache-Control", "no-store")
                .entity(new TokenCreated(t.token().publicId, t.token().name, t.secret()))
                .build();
    }
}
