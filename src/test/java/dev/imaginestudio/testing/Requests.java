package dev.imaginestudio.testing;

import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;

/** REST Assured settings for particular requests. */
public final class Requests {

    private Requests() {}

    /**
     * REST Assured without the log on failure that Quarkus turns on. That log prints every request into a buffer
     * before sending it, formatting a byte[] body as a list of numbers and re-indenting JSON: 10-30 s for a body of
     * tens of megabytes. For requests with such bodies; what they assert is unchanged.
     */
    public static RestAssuredConfig withoutFailureLog() {
        return RestAssured.config().logConfig(LogConfig.logConfig());
    }
}
