package dev.imaginestudio.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Input images arrive as {@code data:} URLs inside JSON strings, so one string may be as large as the request
 * (up to the HTTP body limit); Jackson's default cap of 20 M characters would turn a valid request into a
 * parse error. The byte limits on images are enforced where the images are checked.
 */
@Singleton
class JsonLimits implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(64 * 1024 * 1024)
                        .build());
    }
}
