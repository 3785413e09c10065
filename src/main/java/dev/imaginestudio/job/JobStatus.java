package dev.imaginestudio.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The ledger's states. A transition not listed here is a bug, so {@link #canMoveTo} is checked on every
 * change of state.
 */
public enum JobStatus {
    QUEUED("pending"),
    SUBMITTING("pending"),
    PENDING("pending"),
    RUNNING("in_progress"),
    DOWNLOADING("in_progress"),
    SUCCEEDED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    private static final Set<JobStatus> TERMINAL = EnumSet.of(SUCCEEDED, FAILED, CANCELLED, EXPIRED);
    private static final Set<JobStatus> ENDINGS = EnumSet.of(FAILED, CANCELLED, EXPIRED);
    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            QUEUED, EnumSet.of(SUBMITTING),
            // back to QUEUED only when the provider proved nothing was created, or a resubmit is free
            SUBMITTING, EnumSet.of(QUEUED, PENDING, RUNNING),
            PENDING, EnumSet.of(RUNNING, DOWNLOADING),
            RUNNING, EnumSet.of(PENDING, DOWNLOADING),
            DOWNLOADING, EnumSet.of(SUCCEEDED));

    private final String apiName;

    JobStatus(String apiName) {
        this.apiName = apiName;
    }

    /** The word OpenRouter's video API uses for this state. */
    public String apiName() {
        return apiName;
    }

    public boolean terminal() {
        return TERMINAL.contains(this);
    }

    public boolean canMoveTo(JobStatus next) {
        if (terminal()) {
            return false;
        }
        return ENDINGS.contains(next) || NEXT.getOrDefault(this, Set.of()).contains(next);
    }

    /**
     * Whether a job in this state may go back to the queue because its provider lost it and sending it again costs
     * nothing (a preview render forgotten in a restart). {@link #canMoveTo} never allows it: a paid job is never sent
     * twice.
     */
    public boolean canRequeueForFree() {
        return this == PENDING || this == RUNNING || this == DOWNLOADING;
    }

    /**
     * Whether a job in this state may be sent back to DOWNLOADING to fetch the provider's existing output once more (a
     * failed download, a stored video lost since). {@link #canMoveTo} never allows it: the ledger checks the reason.
     * Nothing is submitted again, so nothing is paid twice.
     */
    public boolean canDownloadAgain() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** The ledger states that one of OpenRouter's status words covers, for filters. */
    public static Set<JobStatus> fromApiName(String name) {
        EnumSet<JobStatus> matching = EnumSet.noneOf(JobStatus.class);
        for (JobStatus s : values()) {
            if (s.apiName.equals(name)) {
                matching.add(s);
            }
        }
        return matching;
    }
}
