package dev.imaginestudio.job;

/** The action does not fit the job's current state, e.g. cancelling a finished job. */
public class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
