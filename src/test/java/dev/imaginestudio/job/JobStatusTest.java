package dev.imaginestudio.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void theHappyPathIsAllowed() {
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.SUBMITTING));
        assertTrue(JobStatus.SUBMITTING.canMoveTo(JobStatus.PENDING));
        assertTrue(JobStatus.PENDING.canMoveTo(JobStatus.RUNNING));
        assertTrue(JobStatus.RUNNING.canMoveTo(JobStatus.PENDING));
        assertTrue(JobStatus.RUNNING.canMoveTo(JobStatus.DOWNLOADING));
        assertTrue(JobStatus.DOWNLOADING.canMoveTo(JobStatus.SUCCEEDED));
    }

    @Test
    void aPaidJobNeverGoesBackToBeSubmittedAgain() {
        for (JobStatus s : EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.DOWNLOADING)) {
            assertFalse(s.canMoveTo(JobStatus.QUEUED), s + " -> QUEUED");
            assertFalse(s.canMoveTo(JobStatus.SUBMITTING), s + " -> SUBMITTING");
        }
        assertFalse(JobStatus.QUEUED.canMoveTo(JobStatus.SUCCEEDED));
        assertFalse(JobStatus.RUNNING.canMoveTo(JobStatus.SUCCEEDED), "success only through a stored download");
    }

    @Test
    void onlyAJobAtTheProviderCanBeQueuedAgainAndOnlyForFree() {
        for (JobStatus s : EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.DOWNLOADING)) {
            assertTrue(s.canRequeueForFree(), s + " -> QUEUED when a resubmit is free");
        }
        for (JobStatus s : EnumSet.of(
                JobStatus.QUEUED,
                JobStatus.SUBMITTING,
                JobStatus.SUCCEEDED,
                JobStatus.FAILED,
                JobStatus.CANCELLED,
                JobStatus.EXPIRED)) {
            assertFalse(s.canRequeueForFree(), s + " is not re-queued as lost");
        }
    }

    @Test
    void terminalStatesAreFinal() {
        for (JobStatus end :
                EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED)) {
            assertTrue(end.terminal());
            for (JobStatus next : JobStatus.values()) {
                assertFalse(end.canMoveTo(next), end + " -> " + next);
            }
        }
    }

    @Test
    void everyActiveStateCanFailOrBeCancelled() {
        for (JobStatus s : EnumSet.of(
                JobStatus.QUEUED, JobStatus.SUBMITTING, JobStatus.PENDING, JobStatus.RUNNING, JobStatus.DOWNLOADING)) {
            assertTrue(s.canMoveTo(JobStatus.FAILED));
            assertTrue(s.canMoveTo(JobStatus.CANCELLED));
            assertTrue(s.canMoveTo(JobStatus.EXPIRED));
        }
    }

    @Test
    void apiWordsFollowOpenRouter() {
        assertEquals(
                EnumSet.of(JobStatus.QUEUED, JobStatus.SUBMITTING, JobStatus.PENDING),
                JobStatus.fromApiName("pending"));
        assertEquals(EnumSet.of(JobStatus.RUNNING, JobStatus.DOWNLOADING), JobStatus.fromApiName("in_progress"));
        assertEquals(EnumSet.of(JobStatus.SUCCEEDED), JobStatus.fromApiName("completed"));
        assertTrue(JobStatus.fromApiName("done").isEmpty());
    }
}
