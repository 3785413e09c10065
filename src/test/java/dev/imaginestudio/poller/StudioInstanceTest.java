package dev.imaginestudio.poller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which databases let the studio take back every lease at start-up: only those no second process can open. Two
 * processes never share an id, even on one host and one data directory.
 */
class StudioInstanceTest {

    @Test
    void onlyAnEmbeddedH2DatabaseIsOneProcesssAlone() {
        assertTrue(StudioInstance.isSingleProcessDatabase(
                "jdbc:h2:file:./data/studio;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE"));
        assertTrue(StudioInstance.isSingleProcessDatabase("jdbc:h2:mem:studio-test;DB_CLOSE_DELAY=-1"));
        assertTrue(StudioInstance.isSingleProcessDatabase("jdbc:h2:./data/studio"));
        assertFalse(StudioInstance.isSingleProcessDatabase("jdbc:h2:file:./data/studio;AUTO_SERVER=TRUE"));
        assertFalse(StudioInstance.isSingleProcessDatabase("jdbc:h2:file:./data/studio;auto_server = true"));
        assertFalse(StudioInstance.isSingleProcessDatabase("jdbc:h2:tcp://db.example:9092/studio"));
        assertFalse(StudioInstance.isSingleProcessDatabase("jdbc:postgresql://127.0.0.1:5432/studio"));
    }

    @Test
    void everyProcessGetsAnIdOfItsOwn() {
        String a = StudioInstance.randomId();
        String b = StudioInstance.randomId();
        assertNotEquals(a, b);
        assertTrue(a.length() <= 64, "fits the lease_owner column: " + a);
    }
}
