package dev.imaginestudio.account;

import dev.imaginestudio.config.StudioConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The headless first run: when {@code STUDIO_ADMIN_PASSWORD} is set and no account exists yet, the admin {@code
 * admin} is created with it (and, with {@code STUDIO_ADMIN_TOKEN}, an API token of exactly that value), so a
 * container or a script starts ready to use. Once any account exists the variables are ignored: they never reset a
 * password.
 */
@ApplicationScoped
class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    static final String USERNAME = "admin";

    void onStart(@Observes StartupEvent event, Accounts accounts, StudioConfig config) {
        if (config.adminPassword().isEmpty()) {
            if (config.adminToken().isPresent()) {
                LOG.warn("STUDIO_ADMIN_TOKEN is set without STUDIO_ADMIN_PASSWORD: ignored");
            }
            return;
        }
        if (!accounts.none()) {
            return;
        }
        if (config.adminToken().isPresent() && config.adminToken().get().strip().length() < Accounts.MIN_FIXED_TOKEN) {
            throw new IllegalStateException(
                    "STUDIO_ADMIN_TOKEN must be at least " + Accounts.MIN_FIXED_TOKEN + " characters");
        }
        try {
            accounts.setup(USERNAME, config.adminPassword().get());
        } catch (dev.imaginestudio.common.ConflictException e) {
            return; // another instance created it first
        }
        config.adminToken().ifPresent(token -> accounts.createToken(USERNAME, "STUDIO_ADMIN_TOKEN", token));
        LOG.info("created the admin 'admin' from STUDIO_ADMIN_PASSWORD"
                + (config.adminToken().isPresent() ? " with the API token from STUDIO_ADMIN_TOKEN" : ""));
    }
}
