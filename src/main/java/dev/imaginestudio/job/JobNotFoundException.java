package dev.imaginestudio.job;

import dev.imaginestudio.common.ResourceNotFoundException;

/** No job with that id belongs to the caller. */
public class JobNotFoundException extends ResourceNotFoundException {

    public JobNotFoundException(String publicId) {
        super("No video job with id '" + publicId + "'.");
    }
}
