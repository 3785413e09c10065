package dev.imaginestudio.common;

/** The action does not fit the job's current state, e.g. cancelling a finished job. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
