package dev.imaginestudio.gallery;

import dev.imaginestudio.common.ResourceNotFoundException;

/** No collection, collection item or share link by that id belongs to the caller. */
public class GalleryNotFoundException extends ResourceNotFoundException {

    public GalleryNotFoundException(String message) {
        super(message);
    }

    static GalleryNotFoundException collection(String id) {
        return new GalleryNotFoundException("No collection with id '" + id + "'.");
    }

    static GalleryNotFoundException share(String token) {
        return new GalleryNotFoundException("No share link '" + token + "'.");
    }
}
