package dev.imaginestudio.account;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The account a request acts for. Everything a member sees or changes is scoped to {@link #ownerId()}; an admin's
 * {@link #scope()} is null, meaning everyone's.
 */
@RequestScoped
@jakarta.inject.Named("caller")
public class Caller {

    private final SecurityIdentity identity;
    private final Accounts accounts;
    private Principal resolved;

    Caller(SecurityIdentity identity, Accounts accounts) {
        this.identity = identity;
        this.accounts = accounts;
    }

    public Principal principal() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    private Principal resolve() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        Principal p = identity.getAttribute(StudioAuthentication.PRINCIPAL_ATTRIBUTE);
        if (p != null) {
            return p;
        }
        // an identity from another mechanism (Quarkus's test security, say) names only the user: the account says
        // the rest, and an unknown or disabled name gets nothing
        return accounts.principal(identity.getPrincipal().getName()).orElseThrow(UnauthorizedException::new);
    }

    /** The owner id new jobs, collections and shares get. */
    public String ownerId() {
        return principal().ownerId();
    }

    /** From the login itself, without a database read, so pages rendered on an I/O thread can ask. */
    public boolean admin() {
        return identity.hasRole(Account.ADMIN);
    }

    public String username() {
        return identity.getPrincipal().getName();
    }

    /** The owner whose things this caller may see, or null for an admin, who sees everyone's. */
    public String scope() {
        Principal p = principal();
        return p.admin() ? null : p.ownerId();
    }

    /** Whether this caller may see or change something owned by {@code owner}. */
    public boolean mayAccess(String owner) {
        Principal p = principal();
        return p.admin() || p.ownerId().equals(owner);
    }

    /**
     * Whether a person is signed in, for the page header. A page answered before its login was looked up (the size
     * limits and early error pages answer on an I/O thread, which must not wait for the database) shows no one.
     */
    public boolean signedIn() {
        try {
            return !identity.isAnonymous();
        } catch (IllegalStateException e) {
            // Quarkus's BlockingOperationNotAllowedException, or Mutiny's "the current thread cannot be blocked" (both
            // IllegalStateException): a 413 to a browser with a session cookie answered 500 when only the first was
            // caught
            return false;
        }
    }
}
