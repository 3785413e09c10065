package dev.imaginestudio.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.testing.Ledger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The ledger on PostgreSQL, the scale-out database: the same migrations apply, a job completes, and
 * instances claiming at the same moment never get the same job.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(PostgresLedgerTest.OnPostgres.class)
class PostgresLedgerTest {

    public static class OnPostgres extends dev.imaginestudio.testing.PostgresProfile {}

    @Inject
    JobService jobs;

    @Inject
    JobWorker worker;

    @Inject
    JobLeases leases;

    @Test
    void aJobCompletesOnPostgres() {
        GenerationJob job = jobs.create(new JobRequest(null, "on postgres", 1, "480p", "1:1", null, 7L, null), null)
                .job();
        GenerationJob done = Ledger.runUntilTerminal(worker, job.publicId);
        assertEquals(JobStatus.SUCCEEDED, done.status, done.errorMessage);
        assertEquals(24, done.outputFrames);
    }

    @Inject
    javax.sql.DataSource dataSource;

    /** The test database defaults to synchronous_commit = off; the studio's connections turn it back on. */
    @Test
    void everyConnectionCommitsDurably() throws Exception {
        String url = null;
        for (int i = 0; i < 3; i++) {
            try (var connection = dataSource.getConnection();
                    var statement = connection.createStatement();
                    var result = statement.executeQuery("SHOW synchronous_commit")) {
                result.next();
                assertEquals("on", result.getString(1));
                url = connection.getMetaData().getURL();
            }
        }
        try (var admin = java.sql.DriverManager.getConnection(url, "postgres", "");
                var statement = admin.createStatement();
                var result = statement.executeQuery("SHOW synchronous_commit")) {
            result.next();
            assertEquals("off", result.getString(1), "a connection of its own sees the database's careless default");
        }
    }

    @Test
    void competingInstancesNeverClaimTheSameJob() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(jobs.create(new JobRequest(null, "claim race " + i, 1, null, null, null, null, null), null)
                    .job()
                    .publicId);
        }
        Instant now = Instant.now().plusSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String owner = "instance-" + i;
                Callable<List<Long>> claim = () -> leases.claimDue(owner, now, now.plusSeconds(60), 100);
                claims.add(pool.submit(claim));
            }
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<List<Long>> f : claims) {
                for (Long id : f.get()) {
                    total++;
                    assertTrue(seen.add(id), "job " + id + " was claimed twice");
                }
            }
            assertEquals(seen.size(), total);
            long created = QuarkusTransaction.requiringNew().call(() -> GenerationJob.count("publicId in ?1", ids));
            long claimedOfOurs = QuarkusTransaction.requiringNew()
                    .call(() -> GenerationJob.count("publicId in ?1 and leaseOwner is not null", ids));
            assertEquals(created, claimedOfOurs, "every due job was claimed by exactly one instance");
        } finally {
            pool.shutdownNow();
        }
    }
}
