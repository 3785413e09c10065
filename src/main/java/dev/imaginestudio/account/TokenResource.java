package dev.imaginestudio.account;

import dev.imaginestudio.account.AdminResource.NewTokenRequest;
import dev.imaginestudio.account.AdminResource.TokenCreated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** The caller's own API tokens. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tokens")
class TokenResource {

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Token(String id, String name, String hint, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static Token of(ApiToken t) {
            return new Token(t.publicId, t.name, t.hint, t.createdAt, t.lastUsedAt, t.revokedAt);
        }
    }

    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenList(List<Token> data) {}

    private final Accounts accounts;
    private final Caller caller;

    TokenResource(Accounts accounts, Caller caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your API tokens (never their values)")
    public TokenList list() {
        return new TokenList(
                accounts.tokens(caller.username()).stream().map(Token::of).toList());
    }

    @POST
    @Operation(summary = "A new API token for you", description = "The token is in this answer only.")
    public Response create(NewTokenRequest body) {
        Accounts.NewToken t = accounts.createToken(caller.username(), body == null ? null : body.name(), null);
        return Response.status(201)
                .header("Cache-Control", "no-store")
                .entity(new TokenCreated(t.token().publicId, t.token().name, t.secret()))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke one of your tokens")
    public Response revoke(@PathParam("id") String id) {
        accounts.revokeToken(caller.username(), id);
        return Response.noContent().build();
    }
}
