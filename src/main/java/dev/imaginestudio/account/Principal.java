package dev.imaginestudio.account;

/** Who a request comes from, as the rest of the studio needs to know it. */
public record Principal(Long accountId, String ownerId, String username, String role) {

    public boolean admin() {
        return Account.ADMIN.equals(role);
    }

    static Principal of(Account a) {
        return new Principal(a.id, a.publicId, a.username, a.role);
    }
}
