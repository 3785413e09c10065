package dev.imaginestudio.web;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The names the studio answers to come from studio.public-url and studio.allowed-hosts (loopback always); pages
 * opened under the public URL may write even when a reverse proxy passes them on under a loopback Host.
 */
@TestSecurity(user = "admin", roles = "admin")
@QuarkusTest
@TestProfile(AllowedHostsTest.Named.class)
class AllowedHostsTest {

    public static class Named implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "studio.public-url", "https://Studio.Example.test/",
                    "studio.allowed-hosts", "studio.lan,10.0.0.5");
        }
    }

    @Test
    void configuredNamesAreServedAndOthersRefused() {
        for (String host : new String[] {"studio.example.test", "STUDIO.LAN:8080", "10.0.0.5:8080", "localhost"}) {
            given().header("Host", host).get("/api/v1/shares").then().statusCode(200);
        }
        for (String host : new String[] {"example.test", "studio.lan.evil.example", "10.0.0.6:8080"}) {
            given().header("Host", host).get("/api/v1/shares").then().statusCode(421);
        }
    }

    @Test
    void thePublicOriginMayWriteBehindAProxyAndOthersMayNot() {
        SameOriginGuardTest.postJob("Host", "127.0.0.1:8080", "Origin", "https://studio.example.test")
                .statusCode(202);
        SameOriginGuardTest.postJob("Host", "studio.lan:8080", "Origin", "http://studio.lan:8080")
                .statusCode(202);
        // the public URL's name over plain http is another origin
        SameOriginGuardTest.postJob("Host", "127.0.0.1:8080", "Origin", "http://studio.example.test")
                .statusCode(403);
    }
}
