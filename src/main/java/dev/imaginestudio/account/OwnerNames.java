package dev.imaginestudio.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.Map;

/**
 * The name beside a job, collection or link on an admin's pages, which show everyone's: read once per page, as a
 * studio has a handful of accounts.
 */
@RequestScoped
@Named("owners")
public class OwnerNames {

    private final Accounts accounts;
    private Map<String, String> names;

    OwnerNames(Accounts accounts) {
        this.accounts = accounts;
    }

    public String of(String ownerId) {
        if (names == null) {
            names = accounts.names();
        }
        String name = names.get(ownerId);
        return name != null ? name : "a deleted account";
    }
}
