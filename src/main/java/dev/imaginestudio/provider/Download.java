package dev.imaginestudio.provider;

import java.io.IOException;
import java.io.InputStream;

/** An open provider output; closing it closes the body. {@code contentLength} is -1 when unknown. */
public record Download(InputStream body, String contentType, long contentLength) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        body.close();
    }
}
