package dev.imaginestudio.account;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What has been spent against the limits of {@link BudgetLimits}, as the job ledger counts it (job/Budgets): this
 * package shows it on the account page but cannot read the ledger itself.
 */
public interface Spending {

    /** An owner's own day and month (UTC). */
    Status owner(String ownerId);

    /** The whole studio's day and month (UTC). */
    Status studio();

    /** Spend against one limit. */
    public record Usage(String name, BigDecimal limit, BigDecimal spent) {

        public BigDecimal left() {
            return limit == null ? null : limit.subtract(spent).max(BigDecimal.ZERO);
        }

        /** Share of the limit spent, 0 to 100 (for bars); 100 for a zero limit. */
        public int percent() {
            if (limit == null) {
                return 0;
            }
            if (limit.signum() == 0) {
                return 100;
            }
            return spent.multiply(BigDecimal.valueOf(100))
                    .divide(limit, 0, RoundingMode.DOWN)
                    .min(BigDecimal.valueOf(100))
                    .intValue();
        }

        /** At 80 % of the limit or more. */
        public boolean warn() {
            return limit != null
                    && spent.multiply(BigDecimal.TEN).compareTo(limit.multiply(BigDecimal.valueOf(8))) >= 0;
        }
    }

    /** An owner's or the studio's day and month. */
    public record Status(Usage day, Usage month, String source) {
        public boolean limited() {
            return day.limit() != null || month.limit() != null;
        }

        public boolean warn() {
            return day.warn() || month.warn();
        }

        /** Today, then this month. */
        public java.util.List<Usage> periods() {
            return java.util.List.of(day, month);
        }
    }
}
