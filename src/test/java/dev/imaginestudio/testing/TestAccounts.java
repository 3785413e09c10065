package dev.imaginestudio.testing;

import dev.imaginestudio.account.Account;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The accounts tests act as. Every test studio starts with the admin {@code admin} (application.properties' %test
 * profile sets the headless first-run variables); tests that call services directly carry Quarkus's
 * {@code @TestSecurity} for it, tests of ownership make members of their own with real tokens.
 */
public final class TestAccounts {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    /** %test.studio.admin-token */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    private TestAccounts() {}

    /** The owner id of the admin's jobs, collections and uploads. */
    public static String adminOwner() {
        return QuarkusTransaction.requiringNew().call(() -> Account.byUsername(ADMIN).publicId);
    }
}
