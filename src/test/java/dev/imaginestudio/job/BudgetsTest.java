package dev.imaginestudio.job;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imaginestudio.account.Account;
import dev.imaginestudio.poller.JobWorker;
import dev.imaginestudio.testing.Members;
import dev.imaginestudio.testing.Members.Member;
import dev.imaginestudio.testing.StudioDriver;
import dev.imaginestudio.testing.fake.InjectFake;
import dev.imaginestudio.testing.fake.Script;
import dev.imaginestudio.testing.fake.ShiftableClock;
import dev.imaginestudio.testing.openrouter.BudgetTestProfiles;
import dev.imaginestudio.testing.openrouter.FakeOpenRouter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spending limits, acting as real members with their own API tokens: the check and the reservation are one step, a
 * refused job is stored nowhere and sent nowhere, and a job's reservation follows it to its actual cost. Grok through
 * the fake OpenRouter: 6 s at 480p is estimated at $0.30.
 */
@QuarkusTest
@TestProfile(BudgetTestProfiles.OnH2.class)
class BudgetsTest {

    static final String GROK = "x-ai/grok-imagine-video";

    @InjectFake
    FakeOpenRouter fake;

    @Inject
    JobWorker worker;

    @Inject
    ShiftableClock clock;

    StudioDriver studio;
    String prompt;

    @BeforeEach
    void fresh() {
        fake.reset();
        fake.clearRequests();
        StudioDriver.settleLeftovers();
        studio = new StudioDriver(worker, clock);
        prompt = "A lantern drifting down a canal " + UUID.randomUUID();
    }

    // ------------------------------------------------------------------------------------------------
    // One atomic step

    @Test
    void fiftyConcurrentSubmitsAgainstABudgetForTenAcceptExactlyTen() throws Exception {
        fiftySubmitsAcceptTen(fake, prompt);
    }

    /** Shared with the PostgreSQL run. */
    static void fiftySubmitsAcceptTen(FakeOpenRouter fake, String prompt) throws Exception {
        Member m = Members.create("burst");
        setBudget(m.username(), "3.00", null);
        int submits = 50;
        ExecutorService pool = Executors.newFixedThreadPool(submits);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < submits; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return m.request()
                            .contentType(ContentType.JSON)
                            .body(StudioDriver.request(GROK, prompt))
                            .post("/api/v1/videos");
                }));
            }
            start.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 402) {
                    JsonPath problem = r.jsonPath();
                    assertEquals("application/problem+json", r.contentType());
                    assertEquals(402, problem.getInt("status"));
                    assertEquals(402, problem.getInt("error.code"));
                    String detail = problem.getString("detail");
                    assertTrue(detail.contains("your daily limit of $3.00"), detail);
                    assertTrue(detail.contains("$0.00 is left"), detail);
                    assertTrue(detail.contains("estimated at $0.30"), detail);
                    assertEquals(detail, problem.getString("error.message"));
                }
            }
            assertEquals(Map.of(202, 10, 402, 40), byStatus);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, jobsOf(m.username()));
        assertEquals(0, fake.submitsWithPrompt(prompt).size(), "nothing was sent before the poller's turn");
    }

    @Test
    void anIdempotentRepeatOfAnAcceptedJobIsNotChargedTwice() {
        Member m = Members.create("repeat");
        setBudget(m.username(), "0.30", null);
        String key = "key-" + UUID.randomUUID();
        String first = submit(m, key).then().statusCode(202).extract().path("id");
        for (int i = 0; i < 3; i++) {
            submit(m, key).then().statusCode(202).body("id", equalTo(first));
        }
        submit(m, null).then().statusCode(402);
        assertEquals(1, jobsOf(m.username()));
    }

    @Test
    void aSubmitThatWaitsTooLongForTheBudgetIsToldToComeBack() throws Exception {
        Member m = Members.create("waiting");
        setBudget(m.username(), "3.00", null);
        String owner = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(m.username()).publicId);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            // another transaction keeps the member's budget row locked for longer than H2 waits for a lock (1 s)
            Future<?> lock =
                    holder.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                        GenerationJob.getEntityManager()
                                .createNativeQuery("SELECT scope FROM budget_limit WHERE scope = ?1 FOR UPDATE")
                                .setParameter(1, owner)
                                .getResultList();
                        held.countDown();
                        try {
                            answered.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertTrue(held.await(10, java.util.concurrent.TimeUnit.SECONDS));
            Response r = submit(m, null);
            answered.countDown();
            lock.get();
            assertEquals(503, r.statusCode(), r.asString());
            assertEquals("1", r.header("Retry-After"));
            assertEquals("application/problem+json", r.contentType());
        } finally {
            answered.countDown();
            holder.shutdownNow();
        }
        assertEquals(0, jobsOf(m.username()));
        submit(m, null).then().statusCode(202);
    }

    // ------------------------------------------------------------------------------------------------
    // Reservation, settlement, release

    @Test
    void aJobThatFailsUnbilledFreesItsReservation() {
        Member m = Members.create("failing");
        setBudget(m.username(), "0.30", null);
        fake.nextJob(Script.failing("the model could not render this", "pending"));
        String id = submit(m, null).then().statusCode(202).extract().path("id");
        submit(m, null)
                .then()
                .statusCode(402)
                .body("detail", containsString("your daily limit of $0.30: $0.00 is left"));

        finish(id);
        assertEquals(JobStatus.FAILED, studio.job(id).status);
        submit(m, null).then().statusCode(202);
    }

    @Test
    void aFinishedJobCountsAtItsActualCost() {
        Member m = Members.create("settled");
        setBudget(m.username(), "0.40", null);
        fake.nextJob(Script.of("pending", "completed").withCost("0.10"));
        String id = submit(m, null).then().statusCode(202).extract().path("id");
        // reserved at the estimate: $0.30 of $0.40, no room for another
        submit(m, null).then().statusCode(402).body("detail", containsString("$0.10 is left"));

        finish(id);
        assertEquals(0, new BigDecimal("0.10").compareTo(studio.job(id).costUsd));
        // settled at $0.10: $0.30 left, exactly one more
        submit(m, null).then().statusCode(202);
        submit(m, null).then().statusCode(402);
    }

    @Test
    void aCancelledQueuedJobFreesItsReservation() {
        Member m = Members.create("cancel");
        setBudget(m.username(), "0.30", null);
        String id = submit(m, null).then().statusCode(202).extract().path("id");
        submit(m, null).then().statusCode(402);
        m.request().post("/api/v1/videos/" + id + "/cancel").then().statusCode(200);
        submit(m, null).then().statusCode(202);
    }

    // ------------------------------------------------------------------------------------------------
    // Which limit

    @Test
    void theMonthlyLimitBitesWhenTheDailyOneStillHasRoom() {
        Member m = Members.create("monthly");
        setBudget(m.username(), "5.00", "0.60");
        submit(m, null).then().statusCode(202);
        submit(m, null).then().statusCode(202);
        submit(m, null)
                .then()
                .statusCode(402)
                .body("detail", containsString("your monthly limit of $0.60"))
                .body("detail", not(containsString("daily")));
    }

    @Test
    void aNewDayRefillsTheDailyLimitButNotTheMonthlyOne() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Assumptions.assumeTrue(today.getDayOfMonth() > 1, "yesterday must be in this month");
        Member m = Members.create("daily");
        setBudget(m.username(), "0.30", "0.90");
        submit(m, null).then().statusCode(202);
        submit(m, null).then().statusCode(402).body("detail", containsString("your daily limit of $0.30"));

        // yesterday's jobs: today's limit is whole again, the month's still counts them
        backdate(m.username(), Duration.ofDays(1));
        submit(m, null).then().statusCode(202);
        backdate(m.username(), Duration.ofDays(1));
        submit(m, null).then().statusCode(202);
        backdate(m.username(), Duration.ofDays(1));
        submit(m, null).then().statusCode(402).body("detail", containsString("your monthly limit of $0.90"));
    }

    @Test
    void theStudioLimitCountsEveryonesJobs() {
        Member a = Members.create("studio-a");
        Member b = Members.create("studio-b");
        BigDecimal spent = new BigDecimal(Members.asAdmin()
                .get("/api/v1/admin/budgets")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("studio.spent_today_usd"));
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("daily_usd", spent.add(new BigDecimal("0.60"))))
                .put("/api/v1/admin/budgets/studio")
                .then()
                .statusCode(200)
                .body("source", equalTo("admin"));
        try {
            submit(a, null).then().statusCode(202);
            submit(b, null).then().statusCode(202);
            submit(b, null).then().statusCode(402).body("detail", containsString("the studio's daily limit"));
            submit(a, null).then().statusCode(402).body("detail", containsString("the studio's daily limit"));
            assertEquals(1, jobsOf(a.username()));
            assertEquals(1, jobsOf(b.username()));
        } finally {
            Members.asAdmin().delete("/api/v1/admin/budgets/studio").then().statusCode(200);
        }
        submit(b, null).then().statusCode(202);
    }

    // ------------------------------------------------------------------------------------------------
    // Admin API, pages, CSV

    @Test
    void theAdminApiSaysWhichFieldIsWrong() {
        Member m = Members.create("limits");
        String path = "/api/v1/admin/budgets/" + m.username();
        for (Object[] bad : new Object[][] {
            {"{\"daily_usd\": -1}", "daily_usd", "negative"},
            {"{\"daily_usd\": \"five\"}", "daily_usd", "number"},
            {"{\"monthly_usd\": true}", "monthly_usd", "number"},
            {"{\"monthly_usd\": 1e400}", "monthly_usd", "number"},
            {"{\"daily_usd\": 12345678901234}", "daily_usd", "digits"},
            {"[1]", "body", "JSON object"},
        }) {
            Members.asAdmin()
                    .contentType(ContentType.JSON)
                    .body(bad[0])
                    .put(path)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[1]))
                    .body("detail", containsString((String) bad[2]));
        }
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"daily_usd\": 5.00, \"monthly_usd\": 50}")
                .put(path)
                .then()
                .statusCode(200)
                .body("username", equalTo(m.username()))
                .body("daily_usd", equalTo(5.0f))
                .body("monthly_usd", equalTo(50.0f));
        Members.asAdmin()
                .get("/api/v1/admin/budgets")
                .then()
                .statusCode(200)
                .body("users.find { it.username == '" + m.username() + "' }.monthly_usd", equalTo(50.0f));
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"daily_usd\": 1}")
                .put("/api/v1/admin/budgets/nobody-"
                        + UUID.randomUUID().toString().substring(0, 6))
                .then()
                .statusCode(404);
        m.request()
                .contentType(ContentType.JSON)
                .body("{\"daily_usd\": 100}")
                .put(path)
                .then()
                .statusCode(403);
        io.restassured.RestAssured.given()
                .contentType(ContentType.JSON)
                .body("{\"daily_usd\": 100}")
                .put(path)
                .then()
                .statusCode(401);
    }

    @Test
    void theCreateFormSaysTheSameAsThe402() {
        Member m = Members.create("form");
        setBudget(m.username(), "0.20", null);
        String html = m.request()
                .multiPart("model", GROK)
                .multiPart("prompt", prompt)
                .multiPart("duration", "6")
                .multiPart("resolution", "480p")
                .multiPart("aspect_ratio", "16:9")
                .multiPart("mode", "text")
                .post("/jobs")
                .then()
                .statusCode(402)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertTrue(
                html.contains("This job (estimated at $0.30) would go over your daily limit of $0.20: $0.20 is left."),
                html);
        assertTrue(html.contains(prompt), "the form keeps what was written");
        assertEquals(0, jobsOf(m.username()));
    }

    @Test
    void theSpendPageChartsCsvAndWarnings() {
        Member m = Members.create("spender");
        setBudget(m.username(), "0.35", null);
        fake.nextJob(Script.of("pending", "completed").withCost("0.30"));
        String id = submit(m, null).then().statusCode(202).extract().path("id");
        finish(id);

        String page = Members.asAdmin()
                .get("/admin/spend")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(page.contains("id=\"spend-warning\""), "85 % of a limit is warned about");
        assertTrue(page.contains(m.username() + ": 85 % of your daily limit"), page);
        assertTrue(page.contains("<figure class=\"spend-chart\" data-user=\"" + m.username() + "\""), page);
        assertTrue(page.contains("<rect class=\"series-"), page);
        assertTrue(!page.contains("<script>") && !page.contains("style=\""), "nothing a strict CSP would block");

        String csv = Members.asAdmin()
                .get("/admin/spend.csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        assertTrue(csv.startsWith("day,username,model,jobs,spent_usd\r\n"), csv);
        String today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        assertTrue(csv.contains(today + "," + m.username() + "," + GROK + ",1,0.300000\r\n"), csv);

        m.request().get("/admin/spend").then().statusCode(403);
        m.request().get("/admin/spend.csv").then().statusCode(403);
        String account =
                m.request().get("/account").then().statusCode(200).extract().asString();
        assertTrue(account.contains("id=\"spend\""), account);
        assertTrue(account.contains("$0.35"), "the member sees their limit");
        assertTrue(account.contains("85 % used"), account);

        Members.asAdmin().get("/admin/users").then().statusCode(200).body(containsString("href=\"/admin/spend\""));
    }

    @Test
    void theSpendPageFormsSetLimitsAndNameBadFields() {
        Member m = Members.create("pageset");
        Members.asAdmin()
                .redirects()
                .follow(false)
                .formParam("username", m.username())
                .formParam("daily_usd", "1.50")
                .formParam("monthly_usd", "")
                .post("/admin/spend/users")
                .then()
                .statusCode(303);
        Members.asAdmin()
                .get("/api/v1/admin/budgets")
                .then()
                .body("users.find { it.username == '" + m.username() + "' }.daily_usd", equalTo(1.5f));
        String page = Members.asAdmin()
                .formParam("username", m.username())
                .formParam("daily_usd", "-2")
                .post("/admin/spend/users")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertTrue(page.contains("daily_usd must be an amount of US dollars"), page);
    }

    // ------------------------------------------------------------------------------------------------

    static void setBudget(String username, String daily, String monthly) {
        Map<String, Object> body = new HashMap<>();
        body.put("daily_usd", daily == null ? null : new BigDecimal(daily));
        body.put("monthly_usd", monthly == null ? null : new BigDecimal(monthly));
        Members.asAdmin()
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/v1/admin/budgets/" + username)
                .then()
                .statusCode(200);
    }

    Response submit(Member m, String idempotencyKey) {
        var request = m.request().contentType(ContentType.JSON).body(StudioDriver.request(GROK, prompt));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/v1/videos");
    }

    /** Poller ticks (the clock moved past each poll delay) until the job has ended. */
    void finish(String id) {
        for (int i = 0; i < 40 && !studio.job(id).status.terminal(); i++) {
            studio.tick();
            clock.advance(StudioDriver.STEP);
        }
        assertTrue(studio.job(id).status.terminal(), () -> "job " + id + " is still " + studio.job(id).status);
    }

    static long jobsOf(String username) {
        return QuarkusTransaction.requiringNew()
                .call(() -> GenerationJob.count("owner", Account.byUsername(username).publicId));
    }

    static void backdate(String username, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (GenerationJob j : GenerationJob.<GenerationJob>list("owner", Account.byUsername(username).publicId)) {
                j.createdAt = j.createdAt.minus(by);
            }
        });
    }
}
