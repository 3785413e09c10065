package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * How many database transactions a job's page costs: the page, its live part (asked again at every change) and its
 * collections-and-sharing panel each read in one. Counted by Hibernate's statistics, which see every session's
 * transaction end.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class JobPageReadsTest {

    @Inject
    JobService jobs;

    @Inject
    EntityManagerFactory emf;

    private long transactions(Runnable r) {
        Statistics stats = emf.unwrap(SessionFactory.class).getStatistics();
        stats.setStatisticsEnabled(true);
        stats.clear();
        r.run();
        long n = stats.getTransactionCount();
        stats.setStatisticsEnabled(false);
        return n;
    }

    @Test
    void eachPartOfAJobPageIsOneRead() {
        String id = jobs.create(new JobRequest(null, "Counting reads", 1, null, null, null, null, null), null)
                .job()
                .publicId;
        try {
            // the admin's pages name each job's owner: the names are read once after an account comes or goes, not per
            // page view, so a first view loads them
            given().get("/jobs/" + id).then().statusCode(200);
            long page = transactions(() -> given().get("/jobs/" + id).then().statusCode(200));
            long live = transactions(
                    () -> given().get("/jobs/" + id + "/live").then().statusCode(200));
            long panel = transactions(
                    () -> given().get("/videos/" + id + "/panel").then().statusCode(200));
            System.out.printf("transactions: page %d, live %d, panel %d%n", page, live, panel);
            // one read finds who asks (a session, a token, or here the test identity's account), one reads the page
            assertEquals(2, page, "the job's page");
            assertEquals(2, live, "the live part of the job's page");
            assertEquals(2, panel, "the collections-and-sharing panel");
        } finally {
            jobs.delete(id);
        }
    }
}
