package dev.imaginestudio.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MediaResponsesTest {

    @Test
    void singleRanges() {
        assertArrayEquals(new long[] {0, 99}, MediaResponses.parseRange("bytes=0-99", 1000));
        assertArrayEquals(new long[] {900, 999}, MediaResponses.parseRange("bytes=900-", 1000));
        assertArrayEquals(new long[] {950, 999}, MediaResponses.parseRange("bytes=-50", 1000));
        assertArrayEquals(new long[] {0, 999}, MediaResponses.parseRange("bytes=-5000", 1000));
        assertArrayEquals(new long[] {500, 999}, MediaResponses.parseRange("bytes=500-5000", 1000));
    }

    @Test
    void unsatisfiableOrMalformedRanges() {
        assertNull(MediaResponses.parseRange("bytes=1000-", 1000));
        assertNull(MediaResponses.parseRange("bytes=5-2", 1000));
        assertNull(MediaResponses.parseRange("bytes=-0", 1000));
        assertNull(MediaResponses.parseRange("bytes=a-b", 1000));
        assertNull(MediaResponses.parseRange("items=0-1", 1000));
    }

    @Test
    void severalRangesServeTheWholeFile() {
        assertArrayEquals(new long[0], MediaResponses.parseRange("bytes=0-1,5-6", 1000));
    }
}
