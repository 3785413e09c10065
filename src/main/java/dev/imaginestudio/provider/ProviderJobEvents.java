package dev.imaginestudio.provider;

/**
 * What a route's webhook resource reports to the ledger. Declared here and implemented in the ledger, so that
 * providers never depend on the job package: a webhook only says that a job changed, and the ordinary poll finds
 * out how.
 */
public interface ProviderJobEvents {

    /**
     * The route's job {@code providerJobId} changed: make the studio's job due at once.
     *
     * @param studioJobId the studio job the webhook address names, or null; it lets the ledger find a job whose submit
     *                    answer was lost, which has no provider job id yet
     * @return whether a job of this route has that provider job id (finished or not)
     */
    boolean providerJobChanged(String route, String providerJobId, String studioJobId);
}
