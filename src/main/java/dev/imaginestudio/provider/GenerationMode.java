package dev.imaginestudio.provider;

/** What the video is generated from. */
public enum GenerationMode {
    /** A prompt alone. */
    TEXT,
    /** A prompt and a first-frame image. */
    IMAGE,
    /** A prompt and 1-7 reference images. */
    REFERENCE
}
