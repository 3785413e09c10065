package dev.imaginestudio.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The form says which image a message is about in words, never by its internal field name. */
class CreateFormMessagesTest {

    @Test
    void fieldNamesBecomeLabels() {
        assertEquals(
                "First frame: the image is larger than 20 MiB",
                CreateForm.humane("first_frame", "first_frame: the image is larger than 20 MiB"));
        assertEquals(
                "Reference image 3: the input images together are larger than 36 MiB",
                CreateForm.humane("references[2]", "references[2]: the input images together are larger than 36 MiB"));
        assertEquals(
                "image-to-video needs a first frame image",
                CreateForm.humane("first_frame", "image-to-video needs a first_frame image"));
        assertEquals(
                "duration must be a whole number", CreateForm.humane("duration", "duration must be a whole number"));
    }
}
