package dev.imaginestudio.config;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Every commit the studio answers on must be on disk first: a job answered 202, or marked as being sent before
 * the provider is called, must survive a crash. On PostgreSQL this holds only with {@code synchronous_commit} on,
 * which a server, database or role default may have turned off, so every pooled connection sets it for itself.
 * H2 by default writes commits up to half a second late ({@code WRITE_DELAY}); the JDBC URL in
 * application.properties turns that off, and so does every new connection, in case a URL given at run time lacks it.
 */
@ApplicationScoped
class DurableCommits implements AgroalPoolInterceptor {

    @Override
    public void onConnectionCreate(Connection connection) {
        try {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String durable = product.contains("postgres")
                    ? "SET synchronous_commit TO on"
                    : product.contains("h2") ? "SET WRITE_DELAY 0" : null;
            if (durable == null) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                statement.execute(durable);
            }
            if (!autoCommit) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not make commits durable on this connection: " + e.getMessage(), e);
        }
    }
}
