package dev.imaginestudio.provider;

import java.nio.file.Path;

/** An input image stored by the studio; {@code mimeType} was identified from the file's bytes. */
public record InputImage(Path file, String mimeType, int width, int height) {}
