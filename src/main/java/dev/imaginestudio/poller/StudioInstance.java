package dev.imaginestudio.poller;

import dev.imaginestudio.common.Ids;
import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this process is in job leases, and whether any other process can be working on the same ledger.
 *
 * <p>The id is new for every process: two instances sharing a data directory (or one restarted while the other
 * runs) must never mistake each other's leases for their own. Only when the database is one that a single
 * process can open (embedded H2 without AUTO_SERVER) are all leases found at start-up provably those of a dead
 * process.
 */
@ApplicationScoped
public class StudioInstance {

    private final String id;
    private final boolean soleProcess;
    private final Instant startedAt =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    StudioInstance(
            StudioConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl) {
        this.id = config.poller().instanceId().orElseGet(StudioInstance::randomId);
        this.soleProcess = jdbcUrl.map(StudioInstance::isSingleProcessDatabase).orElse(false);
    }

    /** When this process started: files last changed before it were not written by it. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The owner name this process writes into the leases it takes. */
    public String id() {
        return id;
    }

    /**
     * True when the database can be open in this process only: an embedded H2 file (H2 locks it) or memory
     * database. Then a lease found at start-up belongs to a process that is gone.
     */
    public boolean soleProcess() {
        return soleProcess;
    }

    static boolean isSingleProcessDatabase(String url) {
        String u = url.toUpperCase(Locale.ROOT);
        boolean embedded = u.startsWith("JDBC:H2:FILE:")
                || u.startsWith("JDBC:H2:MEM:")
                || (u.startsWith("JDBC:H2:") && !u.startsWith("JDBC:H2:TCP:") && !u.startsWith("JDBC:H2:SSL:"));
        return embedded && !u.replace(" ", "").contains("AUTO_SERVER=TRUE");
    }

    static String randomId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "studio";
        }
        String suffix = Ids.lowercase(12);
        // the lease_owner column holds 64 characters: the random part always survives
        String prefix = host.length() > 50 ? host.substring(0, 50) : host;
        return prefix + "-" + suffix;
    }
}
