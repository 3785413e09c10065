package dev.imaginestudio.account;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Ids;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.ResourceNotFoundException;
import dev.imaginestudio.config.StudioConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Accounts, their passwords, browser sessions and API tokens. Passwords are checked by Quarkus Security JPA against
 * bcrypt hashes; sessions and tokens are random secrets of which only a SHA-256 is stored.
 */
@ApplicationScoped
public class Accounts {

    private static final Logger LOG = Logger.getLogger(Accounts.class);

    /** The owner of everything made before accounts existed; the first admin takes it over. */
    static final String LEGACY_OWNER = "local";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");
    /** bcrypt reads no more than 72 bytes: a longer password would be checked only in part. */
    private static final int MAX_PASSWORD_BYTES = 72;

    public static final int MIN_PASSWORD = 10;
    public static final int MIN_FIXED_TOKEN = 32;
    /** A token's last-used time is written at most this often, so a busy script does not write on every call. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    public record NewToken(ApiToken token, String secret) {}

    private final Clock clock;
    private final StudioConfig config;
    private final IdentityProviderManager identities;
    private final LoginThrottle throttle;
    /** Once an account exists there always is one (the last admin cannot be deleted), so this is only set once. */
    private volatile boolean anyAccount;

    Accounts(Clock clock, StudioConfig config, IdentityProviderManager identities, LoginThrottle throttle) {
        this.clock = clock;
        this.config = config;
        this.identities = identities;
        this.throttle = throttle;
    }

    /**
     * Whether the studio still waits for its first admin (the setup page). Known from the start on, so I/O threads
     * can ask; while it is still true, worker threads look again, in case another instance made the admin.
     */
    public boolean none() {
        if (anyAccount) {
            return false;
        }
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            return true;
        }
        boolean any = QuarkusTransaction.requiringNew().call(() -> Account.count() > 0);
        anyAccount = any;
        return !any;
    }

    void onStart(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(1) io.quarkus.runtime.StartupEvent e) {
        none();
    }

    /**
     * Creates the first admin, only while there is no account at all, and hands it everything made before accounts
     * existed.
     */
    public Account setup(String username, String password) {
        synchronized (this) {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (Account.count() > 0) {
                    anyAccount = true;
                    throw new ConflictException("The studio already has an admin: log in instead.");
                }
                Account admin = insert(username, password, Account.ADMIN);
                var em = Account.getEntityManager();
                for (String table : List.of("generation_job", "video_collection", "share_link")) {
                    em.createNativeQuery("UPDATE " + table + " SET owner_id = ?1 WHERE owner_id = ?2")
                            .setParameter(1, admin.publicId)
                            .setParameter(2, LEGACY_OWNER)
                            .executeUpdate();
                }
                anyAccount = true;
                LOG.infof("created the first admin %s", admin.username);
                return admin;
            });
        }
    }

    public Account create(String username, String password, String role) {
        if (role == null || !(Account.ADMIN.equals(role) || Account.MEMBER.equals(role))) {
            throw new InvalidRequestException("role", "role must be admin or member");
        }
        return QuarkusTransaction.requiringNew().call(() -> insert(username, password, role));
    }

    private Account insert(String username, String password, String role) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new InvalidRequestException.FieldError(
                    "username",
                    "username must be 2 to 32 lower-case letters, digits, dots, dashes or underscores,"
                            + " starting with a letter or digit"));
        }
        passwordErrors(password, "password", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (Account.byUsername(username) != null) {
            throw new ConflictException("There is already an account named " + username + ".");
        }
        Account a = new Account();
        a.publicId = "usr_" + Ids.alphanumeric(20);
        a.username = username;
        a.passwordHash = BcryptUtil.bcryptHash(password);
        a.role = role;
        a.createdAt = clock.instant();
        a.persist();
        names = null;
        return a;
    }

    private static void passwordErrors(String password, String field, List<InvalidRequestException.FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.add(new InvalidRequestException.FieldError(
                    field, field + " must be at least " + MIN_PASSWORD + " characters"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            errors.add(new InvalidRequestException.FieldError(
                    field, field + " must be at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt reads no more)"));
        }
    }

    /**
     * The account for a username and password, checked by Quarkus Security JPA. Failures are counted per account and
     * per address; beyond the limit even a right password is refused until the window has passed.
     *
     * @throws LoginThrottle.TooManyAttempts when this account or address has failed too often lately
     */
    public Optional<Principal> login(String username, String password, String address) {
        String user = username == null ? "" : username.trim();
        throttle.check(user, address);
        if (user.isEmpty() || password == null || password.isEmpty()) {
            throttle.failed(user, address);
            return Optional.empty();
        }
        try {
            identities.authenticateBlocking(
                    new UsernamePasswordAuthenticationRequest(user, new PasswordCredential(password.toCharArray())));
        } catch (AuthenticationFailedException e) {
            throttle.failed(user, address);
            return Optional.empty();
        }
        Optional<Principal> who = QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(Account.byUsername(user))
                        .filter(a -> !a.disabled)
                        .map(Principal::of));
        if (who.isEmpty()) {
            throttle.failed(user, address);
        } else {
            throttle.succeeded(user);
        }
        return who;
    }

    /** The enabled account named {@code username}. */
    Optional<Principal> principal(String username) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(Account.byUsername(username))
                        .filter(a -> !a.disabled)
                        .map(Principal::of));
    }

    /** Starts a browser session; the answer is the cookie's value, never stored. */
    public String openSession(Principal who) {
        String secret = Ids.secret();
        QuarkusTransaction.requiringNew().run(() -> {
            WebSession s = new WebSession();
            s.accountId = who.accountId();
            s.tokenHash = Secrets.sha256(secret);
            s.createdAt = clock.instant();
            s.expiresAt = s.createdAt.plus(config.sessions().lifetime());
            s.persist();
        });
        return secret;
    }

    public void closeSession(String secret) {
        if (secret != null) {
            QuarkusTransaction.requiringNew().run(() -> WebSession.delete("tokenHash", Secrets.sha256(secret)));
        }
    }

    /** Who a session cookie belongs to, while the session lasts and the account is enabled. */
    Optional<Principal> bySession(String secret) {
        String hash = Secrets.sha256(secret);
        return QuarkusTransaction.requiringNew().call(() -> {
            WebSession s = WebSession.find("tokenHash", hash).firstResult();
            if (s == null || !s.expiresAt.isAfter(clock.instant())) {
                return Optional.empty();
            }
            Account a = Account.findById(s.accountId);
            return a == null || a.disabled ? Optional.<Principal>empty() : Optional.of(Principal.of(a));
        });
    }

    /** Who an API token belongs to, unless it was revoked or its account disabled; notes when it was last used. */
    Optional<Principal> byToken(String secret) {
        String hash = Secrets.sha256(secret);
        return QuarkusTransaction.requiringNew().call(() -> {
            ApiToken t = ApiToken.find("tokenHash", hash).firstResult();
            if (t == null || t.revoked()) {
                return Optional.empty();
            }
            Account a = Account.findById(t.accountId);
            if (a == null || a.disabled) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_RESOLUTION).isBefore(now)) {
                t.lastUsedAt = now;
            }
            return Optional.of(Principal.of(a));
        });
    }

    /**
     * A new API token for {@code username}; {@code fixedSecret}, when given, becomes the token itself (the headless
     * first run's {@code STUDIO_ADMIN_TOKEN}).
     */
    public NewToken createToken(String username, String name, String fixedSecret) {
        String label = name == null || name.isBlank() ? "API token" : name.strip();
        if (label.length() > 100) {
            throw new InvalidRequestException("name", "name must be at most 100 characters");
        }
        String secret = fixedSecret != null ? fixedSecret : Secrets.TOKEN_PREFIX + Ids.secret();
        if (fixedSecret != null && (fixedSecret.length() < MIN_FIXED_TOKEN || fixedSecret.isBlank())) {
            throw new InvalidRequestException(
                    "token", "a token given in advance must be at least " + MIN_FIXED_TOKEN + " characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Account a = existing(username);
            ApiToken t = new ApiToken();
            t.publicId = "tok_" + Ids.alphanumeric(16);
            t.accountId = a.id;
            t.name = label;
            t.tokenHash = Secrets.sha256(secret);
            t.hint = Secrets.hint(secret);
            t.createdAt = clock.instant();
            t.persist();
            return new NewToken(t, secret);
        });
    }

    public List<ApiToken> tokens(String username) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ApiToken.<ApiToken>list(
                        "accountId = ?1 order by createdAt desc, id desc", existing(username).id));
    }

    /** Revokes one of {@code username}'s tokens; another account's token id answers 404 like an unknown one. */
    public void revokeToken(String username, String tokenId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ApiToken t = ApiToken.<ApiToken>find("publicId = ?1 and accountId = ?2", tokenId, existing(username).id)
                    .firstResult();
            if (t == null) {
                throw new ResourceNotFoundException("No token " + tokenId + ".");
            }
            if (t.revokedAt == null) {
                t.revokedAt = clock.instant();
            }
        });
    }

    /** Changes a password after checking the current one; every session of the account ends. */
    public void changePassword(Principal who, String current, String replacement, String address) {
        if (login(who.username(), current, address).isEmpty()) {
            throw new InvalidRequestException("current_password", "current password is not right");
        }
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        passwordErrors(replacement, "new_password", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Account a = Account.findById(who.accountId());
            a.passwordHash = BcryptUtil.bcryptHash(replacement);
            WebSession.delete("accountId", a.id);
        });
    }

    public List<Account> all() {
        return QuarkusTransaction.requiringNew().call(() -> Account.<Account>list("order by username"));
    }

    /** Owner id to username, for admins' views of everyone's jobs; kept until an account comes or goes. */
    private volatile java.util.Map<String, String> names;

    public java.util.Map<String, String> names() {
        java.util.Map<String, String> known = names;
        if (known == null) {
            known = QuarkusTransaction.requiringNew().call(() -> {
                java.util.Map<String, String> all = new java.util.HashMap<>();
                for (Account a : Account.<Account>listAll()) {
                    all.put(a.publicId, a.username);
                }
                return java.util.Map.copyOf(all);
            });
            names = known;
        }
        return known;
    }

    /** Forgets the names, for an account made or deleted here or, when a name is missing, on another instance. */
    public void forgetNames() {
        names = null;
    }

    /** Disables or enables an account; a disabled account's sessions end and its tokens stop working at once. */
    public Account setDisabled(String username, boolean disabled) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Account a = existing(username);
            if (disabled && a.admin() && !a.disabled && enabledAdmins() == 1) {
                throw new ConflictException("This is the only enabled admin; make another admin first.");
            }
            a.disabled = disabled;
            if (disabled) {
                WebSession.delete("accountId", a.id);
            }
            return a;
        });
    }

    /**
     * Deletes an account with its sessions and tokens. Its jobs, videos and collections stay (they were paid for);
     * admins still see them, marked as a deleted account's.
     */
    public void delete(String username) {
        QuarkusTransaction.requiringNew().run(() -> {
            Account a = existing(username);
            if (a.admin() && !a.disabled && enabledAdmins() == 1) {
                throw new ConflictException("This is the only enabled admin; make another admin first.");
            }
            WebSession.delete("accountId", a.id);
            ApiToken.delete("accountId", a.id);
            // limits are the account's; its jobs stay and still count in the studio's spend
            BudgetLimit.deleteById(a.publicId);
            a.delete();
        });
    }

    public Account existing(String username) {
        Account a = username == null ? null : Account.byUsername(username);
        if (a == null) {
            throw new ResourceNotFoundException("No account " + username + ".");
        }
        return a;
    }

    private static long enabledAdmins() {
        return Account.count("role = ?1 and disabled = false", Account.ADMIN);
    }
}
