package dev.imaginestudio.job;

/** No job with that id belongs to the caller. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String publicId) {
        super("No video job with id '" + publicId + "'.");
    }
}
