package dev.imaginestudio.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A waiting job's page says where it stands in the queue; the poller takes the earliest queued first. */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
class QueuePositionTest {

    @Inject
    JobService jobs;

    @Inject
    QueuePosition queue;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void remove() {
        created.forEach(jobs::delete);
    }

    private String queued(String prompt) {
        String id = given().contentType(ContentType.JSON)
                .body("{\"prompt\":\"" + prompt + "\",\"duration\":1,\"resolution\":\"480p\",\"aspect_ratio\":\"1:1\"}")
                .post("/api/v1/videos")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        created.add(id);
        return id;
    }

    @Test
    void eachWaitingJobKnowsHowManyGoBeforeIt() {
        String first = queued("queue first");
        String second = queued("queue second");
        String third = queued("queue third");
        long head = queue.position(jobs.get(first));
        assertEquals(head + 1, queue.position(jobs.get(second)));
        assertEquals(head + 2, queue.position(jobs.get(third)));
        given().get("/jobs/" + third)
                .then()
                .statusCode(200)
                .body(containsString("Number " + (head + 2) + " in the queue"));

        jobs.cancel(first);
        assertNull(queue.position(jobs.get(first)), "a cancelled job waits in no queue");
        assertEquals(head + 1, queue.position(jobs.get(third)));
        given().get("/jobs/" + first).then().statusCode(200).body(not(containsString("in the queue")));
    }
}
