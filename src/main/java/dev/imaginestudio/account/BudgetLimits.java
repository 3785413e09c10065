package dev.imaginestudio.account;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.Money;
import dev.imaginestudio.config.StudioConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spending limits, per owner and for the whole studio, in US dollars per UTC day and month. Only the limits live
 * here; what has been spent is the job ledger's to say (job/Budgets), which locks these rows while it checks.
 */
@ApplicationScoped
public class BudgetLimits {

    /** The studio's row. Not an owner id: those are "usr_..." (or "local" from before accounts). */
    static final String STUDIO = "~studio";

    /** A pair of limits (null: none) and where they come from: "admin", "config" or "none". */
    public record Limits(BigDecimal dailyUsd, BigDecimal monthlyUsd, String source) {
        static final Limits NONE = new Limits(null, null, "none");

        public boolean any() {
            return dailyUsd != null || monthlyUsd != null;
        }
    }

    private final EntityManager em;
    private final StudioConfig config;
    private final Accounts accounts;
    private final Clock clock;

    BudgetLimits(EntityManager em, StudioConfig config, Accounts accounts, Clock clock) {
        this.em = em;
        this.config = config;
        this.accounts = accounts;
        this.clock = clock;
        config.budget().dailyUsd().ifPresent(v -> checkConfigured("studio.budget.daily-usd", v));
        config.budget().monthlyUsd().ifPresent(v -> checkConfigured("studio.budget.monthly-usd", v));
    }

    private static void checkConfigured(String key, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalStateException(key + " must not be negative, was " + value);
        }
    }

    /**
     * Locks the owner's limits row until the caller's transaction ends (which must be active) and answers its limits;
     * an owner without a row has no limits of their own and nothing is locked.
     */
    public Limits lockOwner(String ownerId) {
        BudgetLimit row = em.find(BudgetLimit.class, ownerId, LockModeType.PESSIMISTIC_WRITE);
        return row == null ? Limits.NONE : new Limits(row.dailyUsd, row.monthlyUsd, "admin");
    }

    /**
     * The studio's limits, its row locked until the caller's transaction ends when there are any. Without limits
     * nothing is locked, so submits of an unlimited studio never wait for one another.
     */
    public Limits lockStudio() {
        BudgetLimit row = em.find(BudgetLimit.class, STUDIO);
        if (!studio(row).any()) {
            return Limits.NONE;
        }
        em.refresh(row, LockModeType.PESSIMISTIC_WRITE);
        return studio(row);
    }

    /** The studio's limits as they apply now: an admin's, else the configuration's. */
    public Limits studio() {
        return QuarkusTransaction.requiringNew().call(() -> studio(em.find(BudgetLimit.class, STUDIO)));
    }

    private Limits studio(BudgetLimit row) {
        if (row != null && row.adminSet) {
            return new Limits(row.dailyUsd, row.monthlyUsd, "admin");
        }
        BigDecimal daily = config.budget().dailyUsd().orElse(null);
        BigDecimal monthly = config.budget().monthlyUsd().orElse(null);
        return daily == null && monthly == null ? Limits.NONE : new Limits(daily, monthly, "config");
    }

    /** One owner's own limits (not the studio's). */
    public Limits owner(String ownerId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            BudgetLimit row = em.find(BudgetLimit.class, ownerId);
            return row == null ? Limits.NONE : new Limits(row.dailyUsd, row.monthlyUsd, "admin");
        });
    }

    /** Every owner's own limits, by owner id. */
    public Map<String, Limits> owners() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Limits> all = new LinkedHashMap<>();
            List<BudgetLimit> rows = BudgetLimit.list("scope <> ?1", STUDIO);
            for (BudgetLimit row : rows) {
                all.put(row.scope, new Limits(row.dailyUsd, row.monthlyUsd, "admin"));
            }
            return all;
        });
    }

    /** Sets a user's limits (null: none); both null removes them. */
    public Limits setForUser(String username, BigDecimal dailyUsd, BigDecimal monthlyUsd) {
        String owner = ownerId(username);
        if (dailyUsd == null && monthlyUsd == null) {
            QuarkusTransaction.requiringNew().run(() -> BudgetLimit.deleteById(owner));
            return Limits.NONE;
        }
        store(owner, dailyUsd, monthlyUsd);
        return new Limits(dailyUsd, monthlyUsd, "admin");
    }

    /** Sets the studio's limits (null: none), which then override the configuration's. */
    public Limits setStudio(BigDecimal dailyUsd, BigDecimal monthlyUsd) {
        store(STUDIO, dailyUsd, monthlyUsd);
        return new Limits(dailyUsd, monthlyUsd, "admin");
    }

    /** Hands the studio's limits back to the configuration. */
    public Limits resetStudio() {
        QuarkusTransaction.requiringNew().run(() -> {
            BudgetLimit row = em.find(BudgetLimit.class, STUDIO, LockModeType.PESSIMISTIC_WRITE);
            row.adminSet = false;
            row.dailyUsd = null;
            row.monthlyUsd = null;
            row.updatedAt = clock.instant();
        });
        return studio();
    }

    private void store(String scope, BigDecimal dailyUsd, BigDecimal monthlyUsd) {
        Runnable upsert = () -> {
            BudgetLimit row = em.find(BudgetLimit.class, scope, LockModeType.PESSIMISTIC_WRITE);
            boolean created = row == null;
            if (created) {
                row = new BudgetLimit();
                row.scope = scope;
            }
            row.dailyUsd = dailyUsd;
            row.monthlyUsd = monthlyUsd;
            row.adminSet = true;
            row.updatedAt = clock.instant();
            if (created) {
                em.persist(row);
            }
        };
        try {
            QuarkusTransaction.requiringNew().run(upsert);
        } catch (PersistenceException e) {
            // two admins gave the same user a first limit at once: the row exists now, so this is an update
            QuarkusTransaction.requiringNew().run(upsert);
        }
    }

    /**
     * A limit as a form or the API gives it: blank is no limit; anything else must be a plain non-negative amount.
     *
     * @throws InvalidRequestException naming {@code field}
     */
    public static BigDecimal parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BigDecimal amount = Money.parsePlain(text.strip());
        if (amount == null) {
            throw new InvalidRequestException(
                    field,
                    field + " must be an amount of US dollars such as 5.00, or empty for no limit (not '"
                            + shorten(text.strip()) + "')");
        }
        return checked(field, amount);
    }

    /** A limit from a JSON number: not negative, at most 12 digits before the point and 10 after. */
    public static BigDecimal checked(String field, BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (amount.signum() < 0) {
            throw new InvalidRequestException(field, field + " must not be negative; use null for no limit");
        }
        BigDecimal bounded = Money.bounded(amount);
        if (bounded == null || bounded.stripTrailingZeros().scale() > 10) {
            throw new InvalidRequestException(
                    field,
                    field + " must be an amount of US dollars with at most 12 digits before the point and 10 after");
        }
        return bounded.stripTrailingZeros().scale() < 0 ? bounded.setScale(0) : bounded.stripTrailingZeros();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }

    /** The owner id of a username. @throws dev.imaginestudio.common.ResourceNotFoundException for no such account */
    public String ownerId(String username) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.existing(username).publicId);
    }
}
