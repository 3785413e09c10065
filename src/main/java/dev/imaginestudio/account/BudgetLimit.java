package dev.imaginestudio.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An admin's spending limits for one owner, or the studio's row ({@link BudgetLimits#STUDIO}). The row is also the
 * lock that makes a budget check and the job's insert one step, so it exists for as long as a limit does.
 */
@Entity
@Table(name = "budget_limit")
class BudgetLimit extends PanacheEntityBase {

    /** An owner id, or {@link BudgetLimits#STUDIO}. */
    @Id
    @Column(length = 64)
    public String scope;

    @Column(precision = 18, scale = 10)
    public BigDecimal dailyUsd;

    @Column(precision = 18, scale = 10)
    public BigDecimal monthlyUsd;

    /** On the studio row: false while the configuration's limits apply. Owner rows exist only when set. */
    @Column(nullable = false)
    public boolean adminSet;

    @Column(nullable = false)
    public Instant updatedAt;
}
