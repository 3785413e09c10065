package dev.imaginestudio.common;

/** Nothing by the asked id belongs to the caller: a 404 for the API and the pages alike. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
