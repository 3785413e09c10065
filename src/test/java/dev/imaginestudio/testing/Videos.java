package dev.imaginestudio.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobNotFoundException;
import dev.imaginestudio.job.JobRequest;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import dev.imaginestudio.poller.JobWorker;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Finished preview videos for tests: queued together and carried to the end by ticking the poller. */
public final class Videos {

    private Videos() {}

    /** Queues one 1 s 480p preview per prompt and returns their ids once every one has succeeded. */
    public static List<String> finished(JobService jobs, JobWorker worker, String aspect, List<String> prompts) {
        List<String> ids = new ArrayList<>();
        for (String prompt : prompts) {
            ids.add(jobs.create(new JobRequest(null, prompt, 1, "480p", aspect, null, 7L, null), null)
                    .job()
                    .publicId);
        }
        for (GenerationJob job : untilAllTerminal(worker, ids)) {
            assertEquals(
                    JobStatus.SUCCEEDED,
                    job.status,
                    () -> job.publicId + " ended " + job.status + ": " + job.errorMessage);
        }
        return ids;
    }

    /** Shares one video through the API and returns the share's token. */
    public static String share(String video) {
        return given().contentType(ContentType.JSON)
                .body("{\"video\":\"" + video + "\"}")
                .post("/api/v1/shares")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    /** Ticks until every job has ended; fails if that takes more than a generous bound. */
    public static List<GenerationJob> untilAllTerminal(JobWorker worker, Collection<String> ids) {
        return Ledger.runUntilAll(worker, ids, j -> j.status.terminal());
    }

    /** Deletes jobs a test made, so later ticks of other tests do not spend time on them. */
    public static void deleteQuietly(JobService jobs, Collection<String> ids) {
        for (String id : ids) {
            try {
                jobs.delete(id);
            } catch (JobNotFoundException gone) {
                // the test deleted it itself
            }
        }
    }
}
