package dev.imaginestudio.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How a request says who it is: {@code Authorization: Bearer <token>} (scripts, OpenRouter clients) or the session
 * cookie set at login (browsers). A wrong or revoked token fails the request (401); an expired session cookie is
 * treated as no login, so pages lead to the login page.
 */
@ApplicationScoped
class StudioAuthentication implements HttpAuthenticationMechanism {

    static final String SESSION_COOKIE = "studio_session";
    static final String OWNER_ATTRIBUTE = "studio.owner";
    static final String PRINCIPAL_ATTRIBUTE = "studio.principal";

    static final class BearerRequest extends BaseAuthenticationRequest {
        final String token;

        BearerRequest(String token) {
            this.token = token;
        }
    }

    static final class SessionRequest extends BaseAuthenticationRequest {
        final String secret;

        SessionRequest(String secret) {
            this.secret = secret;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return identities.authenticate(
                    new BearerRequest(authorization.substring(7).trim()));
        }
        Cookie session = context.request().getCookie(SESSION_COOKIE);
        if (session != null && !session.getValue().isEmpty()) {
            return identities
                    .authenticate(new SessionRequest(session.getValue()))
                    .onFailure(AuthenticationFailedException.class)
                    .recoverWithNull();
        }
        return Uni.createFrom().optional(Optional.empty());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"Imagine Studio\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerRequest.class, SessionRequest.class);
    }

    static SecurityIdentity identity(Principal who) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(who.username()))
                .addRole(who.role())
                .addAttribute(OWNER_ATTRIBUTE, who.ownerId())
                .addAttribute(PRINCIPAL_ATTRIBUTE, who)
                .build();
    }

    /** Looks up bearer tokens; blocking, as it reads the database. */
    @ApplicationScoped
    static class Tokens implements IdentityProvider<BearerRequest> {
        private final Accounts accounts;

        Tokens(Accounts accounts) {
            this.accounts = accounts;
        }

        @Override
        public Class<BearerRequest> getRequestType() {
            return BearerRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(BearerRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> resolve(accounts.byToken(request.token)));
        }
    }

    /** Looks up session cookies. */
    @ApplicationScoped
    static class Sessions implements IdentityProvider<SessionRequest> {
        private final Accounts accounts;

        Sessions(Accounts accounts) {
            this.accounts = accounts;
        }

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> resolve(accounts.bySession(request.secret)));
        }
    }

    private static SecurityIdentity resolve(Optional<Principal> who) {
        return who.map((Function<Principal, SecurityIdentity>) StudioAuthentication::identity)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, revoked or expired credentials"));
    }
}
