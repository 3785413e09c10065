package dev.imaginestudio.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * The name beside a job, collection or link on an admin's pages, which show everyone's: kept in memory by
 * {@link Accounts#names()}, so a page of everyone's jobs costs no read for them.
 */
@RequestScoped
@Named("owners")
public class OwnerNames {

    private final Accounts accounts;
    private boolean refreshed;

    OwnerNames(Accounts accounts) {
        this.accounts = accounts;
    }

    public String of(String ownerId) {
        String name = accounts.names().get(ownerId);
        if (name == null && !refreshed) {
            // made on another instance since this one read the names, or really deleted: look once per page
            refreshed = true;
            accounts.forgetNames();
            name = accounts.names().get(ownerId);
        }
        return name != null ? name : "a deleted account";
    }
}
