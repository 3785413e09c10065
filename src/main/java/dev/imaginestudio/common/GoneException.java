package dev.imaginestudio.common;

/** What was asked for existed and is gone for good (410), e.g. a finished job's stored video deleted from disk. */
public class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message);
    }
}
