package dev.imaginestudio.job;

import dev.imaginestudio.account.BudgetLimits;
import dev.imaginestudio.account.BudgetLimits.Limits;
import dev.imaginestudio.account.Spending;
import dev.imaginestudio.common.BudgetExceededException;
import dev.imaginestudio.common.Formats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What owners and the studio have spent against their limits ({@link BudgetLimits}), and the check a new job passes
 * before it is stored. A job counts in the UTC day and month it was accepted in: its estimate while it has not ended
 * (reserved), the provider's reported cost once there is one, its estimate when it ended in a way that may have been
 * billed without a figure, and nothing when it ended unbilled (refused, cancelled before sending, failed at the
 * provider without a cost).
 */
@ApplicationScoped
public class Budgets implements Spending {

    /** Ended without a reported cost, but the provider may have billed it: the estimate stays counted. */
    private static final EnumSet<ErrorCategory> MAYBE_BILLED = EnumSet.of(
            ErrorCategory.SUBMIT_UNKNOWN,
            ErrorCategory.TIMEOUT,
            ErrorCategory.POLL_FAILED,
            ErrorCategory.PROVIDER_LOST,
            ErrorCategory.NO_OUTPUT,
            ErrorCategory.DOWNLOAD_FAILED);

    /** One job's spend, in SQL over generation_job: portable between H2 and PostgreSQL. */
    static final String SPENT = "CASE WHEN cost_usd IS NOT NULL THEN cost_usd"
            + " WHEN status IN ("
            + quoted(Arrays.stream(JobStatus.values())
                    .filter(s -> !s.terminal() || s == JobStatus.SUCCEEDED)
                    .map(Enum::name)
                    .toList())
            + ")"
            + " OR error_category IN ("
            + quoted(MAYBE_BILLED.stream().map(ErrorCategory::code).toList()) + ")"
            // cancelled after it was sent: the provider may not have stopped it (OpenRouter cannot)
            + " OR (error_category = '" + ErrorCategory.CANCELLED.code() + "' AND provider_job_id IS NOT NULL)"
            + " THEN COALESCE(cost_estimate_usd, 0) ELSE 0 END";

    private final BudgetLimits limits;
    private final EntityManager em;
    private final Clock clock;

    Budgets(BudgetLimits limits, EntityManager em, Clock clock) {
        this.limits = limits;
        this.em = em;
        this.clock = clock;
    }

    /**
     * Refuses a job that would take its owner or the studio past a limit. Runs in the transaction that stores the job,
     * after locking the limits rows it checks, so two submits never both spend the last of a budget: the second waits
     * for the first to commit and then sums with it. Owner before studio, always, so two submits never wait for each
     * other in a circle.
     *
     * @throws BudgetExceededException naming the limit, the amount left and the job's estimate
     */
    void reserve(String owner, BigDecimal estimate) {
        Limits own = limits.lockOwner(owner);
        Limits studio = limits.lockStudio();
        if (!own.any() && !studio.any()) {
            return;
        }
        BigDecimal cost = estimate == null ? BigDecimal.ZERO : estimate;
        Instant now = clock.instant();
        if (own.any()) {
            check(status(owner, own, now, "your"), cost);
        }
        if (studio.any()) {
            check(status(null, studio, now, "the studio's"), cost);
        }
    }

    private static void check(Status status, BigDecimal cost) {
        for (Usage u : List.of(status.day(), status.month())) {
            if (u.limit() != null && u.spent().add(cost).compareTo(u.limit()) > 0) {
                throw new BudgetExceededException("This job (estimated at " + Formats.usd(cost) + ") would go over "
                        + u.name() + " of " + Formats.usd(u.limit()) + ": " + Formats.usd(u.left())
                        + " is left. Nothing was sent or charged.");
            }
        }
    }

    @Override
    public Status owner(String owner) {
        Limits own = limits.owner(owner);
        return QuarkusTransaction.requiringNew().call(() -> status(owner, own, clock.instant(), "your"));
    }

    @Override
    public Status studio() {
        Limits studio = limits.studio();
        return QuarkusTransaction.requiringNew().call(() -> status(null, studio, clock.instant(), "the studio's"));
    }

    /** Day and month spend of an owner (or the studio when null) in one query. */
    private Status status(String owner, Limits l, Instant now, String whose) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart =
                today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthEnd = today.withDayOfMonth(1)
                .plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        var query = em.createNativeQuery("SELECT COALESCE(SUM(" + SPENT + "), 0),"
                + " COALESCE(SUM(CASE WHEN created_at >= ?1 AND created_at < ?2 THEN " + SPENT + " ELSE 0 END), 0)"
                + " FROM generation_job WHERE created_at >= ?3 AND created_at < ?4"
                + (owner == null ? "" : " AND owner_id = ?5"));
        query.setParameter(1, dayStart);
        query.setParameter(2, dayStart.plusSeconds(86_400));
        query.setParameter(3, monthStart);
        query.setParameter(4, monthEnd);
        if (owner != null) {
            query.setParameter(5, owner);
        }
        Object[] sums = (Object[]) query.getSingleResult();
        return new Status(
                new Usage(whose + " daily limit", l.dailyUsd(), usd(sums[1])),
                new Usage(whose + " monthly limit", l.monthlyUsd(), usd(sums[0])),
                l.source());
    }

    /** One owner's spend on one model on one UTC day. */
    public record DaySpend(String owner, LocalDate day, String model, BigDecimal usd, long jobs) {}

    /** Spend by owner, day and model for jobs accepted in [from, to), newest day first. */
    public List<DaySpend> byDay(Instant from, Instant to) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT owner_id, created_at, model_id, " + SPENT
                            + " FROM generation_job WHERE created_at >= ?1 AND created_at < ?2")
                    .setParameter(1, from)
                    .setParameter(2, to)
                    .getResultList();
            record Key(String owner, LocalDate day, String model) {}
            java.util.Map<Key, BigDecimal[]> sums = new java.util.HashMap<>();
            for (Object[] r : rows) {
                Key k = new Key((String) r[0], LocalDate.ofInstant(instant(r[1]), ZoneOffset.UTC), (String) r[2]);
                BigDecimal[] s = sums.computeIfAbsent(k, x -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                s[0] = s[0].add(usd(r[3]));
                s[1] = s[1].add(BigDecimal.ONE);
            }
            List<DaySpend> out = new ArrayList<>();
            sums.forEach((k, s) -> out.add(new DaySpend(k.owner(), k.day(), k.model(), s[0], s[1].longValue())));
            out.sort(java.util.Comparator.comparing(DaySpend::day)
                    .reversed()
                    .thenComparing(DaySpend::owner)
                    .thenComparing(DaySpend::model));
            return out;
        });
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp " + value.getClass());
    }

    private static BigDecimal usd(Object value) {
        return value == null ? BigDecimal.ZERO : value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
    }

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "));
    }
}
