package dev.imaginestudio.poller;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims due jobs for one studio instance. A claim is a conditional UPDATE that only succeeds while the
 * lease is free or expired, so several instances on one PostgreSQL never work on the same job at once,
 * and a crashed instance's jobs become claimable again when its leases run out.
 */
@ApplicationScoped
public class JobLeases {

    private final EntityManager em;

    JobLeases(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Long> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        List<Long> due = em.createQuery("""
                        select j.id from GenerationJob j
                        where j.nextAttemptAt <= :now and (j.leaseUntil is null or j.leaseUntil < :now)
                        order by j.nextAttemptAt""", Long.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
        List<Long> claimed = new ArrayList<>(due.size());
        for (Long id : due) {
            int updated = em.createQuery("""
                            update GenerationJob j set j.leaseOwner = :owner, j.leaseUntil = :until
                            where j.id = :id and j.nextAttemptAt is not null
                              and (j.leaseUntil is null or j.leaseUntil < :now)""")
                    .setParameter("owner", owner)
                    .setParameter("until", leaseUntil)
                    .setParameter("id", id)
                    .setParameter("now", now)
                    .executeUpdate();
            if (updated == 1) {
                claimed.add(id);
            }
        }
        return claimed;
    }

    /**
     * Frees every lease, whoever holds it: only for a start-up on a database no other process can have open, where
     * every holder is a process that is gone. The jobs stay due as they were.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseEvery() {
        return em.createQuery(
                        "update GenerationJob j set j.leaseOwner = null, j.leaseUntil = null where j.leaseOwner is not null")
                .executeUpdate();
    }

    /**
     * At a stop, frees the leases {@code owner} holds on jobs that are not being sent, so another instance can take
     * them up at once. A job caught mid-submit keeps its lease until it expires: its outcome is unknown and the
     * instance that takes it up then treats it as such.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int releaseIdle(String owner) {
        return em.createQuery("""
                        update GenerationJob j set j.leaseOwner = null, j.leaseUntil = null
                        where j.leaseOwner = :owner and j.status <> :submitting""")
                .setParameter("owner", owner)
                .setParameter("submitting", dev.imaginestudio.job.JobStatus.SUBMITTING)
                .executeUpdate();
    }

    /** Extends the leases {@code owner} still holds on {@code ids} (work in progress) to {@code until}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int renew(String owner, List<Long> ids, Instant until) {
        int renewed = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            renewed += em.createQuery(
                            "update GenerationJob j set j.leaseUntil = :until where j.leaseOwner = :owner and j.id in :ids")
                    .setParameter("until", until)
                    .setParameter("owner", owner)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .executeUpdate();
        }
        return renewed;
    }
}
