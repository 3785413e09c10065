package dev.imaginestudio.gallery;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Share links say when they cannot reach anyone else, and how to fix it. */
class ShareReachTest {

    @Test
    void unsetLoopbackPrivateOrPlainHttpAddressesAreWarnedAbout() {
        for (String url : new String[] {
            null,
            "",
            "http://127.0.0.1:8080",
            "https://localhost",
            "https://192.168.1.20",
            "https://10.0.0.5:8443",
            "https://studio.local",
            "https://[::1]:8080",
            "https://studio",
            "http://studio.example.com"
        }) {
            String warning = ShareReach.warning(url);
            assertTrue(
                    warning != null && warning.contains("studio.public-url") && warning.contains("STUDIO_PUBLIC_URL"),
                    url + " -> " + warning);
        }
        assertNull(ShareReach.warning("https://studio.example.com"));
        assertNull(ShareReach.warning("https://93.184.216.34"));
    }
}
