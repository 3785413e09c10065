package dev.imaginestudio.provider.http;

import dev.imaginestudio.common.Problem;
import dev.imaginestudio.provider.ProviderJobEvents;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Where a route's verified webhook deliveries end: each is handled once (a bounded memory of delivery keys), and
 * handling only makes the job due through the ledger, so the ordinary poll finds out what happened: a webhook's
 * claims (status, URLs, cost) are never trusted.
 */
public final class WebhookInbox {

    /** How many deliveries are remembered for de-duplication. */
    public static final int REMEMBERED = 10_000;
    /** The largest body a webhook may have. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(WebhookInbox.class);

    /** The query parameter of a webhook address that names the studio's job. */
    public static final String JOB_PARAMETER = "job";

    /**
     * The webhook address sent with the submit of {@code studioJobId}: the route's address naming the job, so that
     * the provider's webhook leads to the job even when the submit's answer (with the provider's id) was lost.
     */
    public static String addressFor(String webhookUrl, String studioJobId) {
        return webhookUrl == null ? null : webhookUrl + "?" + JOB_PARAMETER + "=" + studioJobId;
    }

    private final String route;
    private final String name;
    private final ProviderJobEvents ledger;
    private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public WebhookInbox(String route, String name, ProviderJobEvents ledger) {
        this.route = route;
        this.name = name;
        this.ledger = ledger;
    }

    /**
     * The de-duplication key of a delivery whose signature was verified: the signed timestamp and the body, both
     * covered by the signature. Headers the signature does not cover (an idempotency key, the way the signature is
     * written) cannot make a captured delivery new again.
     */
    public static String signedDeliveryKey(String timestamp, byte[] raw) {
        try {
            return "t" + timestamp.trim() + ":"
                    + java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(raw));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A 413 when the body is too large, else null. */
    public Response tooLarge(byte[] raw) {
        return raw != null && raw.length > MAX_BODY_BYTES
                ? problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "a webhook body is at most 1 MiB")
                : null;
    }

    /** A 401 for a delivery whose signature failed; the reason is logged at debug level only. */
    public Response refused(WebhookSignature.Failure failure) {
        LOG.debugf("%s webhook refused: %s", name, failure.message);
        return problem(Response.Status.UNAUTHORIZED, "Webhook refused: " + failure.message + ".");
    }

    /**
     * Handles one authentic delivery about {@code providerJobId}: 204 when the job is known (or the delivery was
     * handled before), 404 when no job of this studio has that id. A delivery is a duplicate when any of its
     * {@code deliveryKeys} (null ones are ignored) was handled: the signed timestamp and body catch a replay under a
     * fresh idempotency key, the provider's idempotency key catches its redelivery signed anew. A failure is not
     * remembered, so a redelivery is handled.
     */
    public Response deliver(List<String> deliveryKeys, String providerJobId, String studioJobId) {
        List<String> keys = deliveryKeys.stream()
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        String first = keys.isEmpty() ? providerJobId : keys.get(0);
        synchronized (seen) {
            if (keys.stream().anyMatch(seen::containsKey)) {
                LOG.debugf("%s webhook %s already handled", name, first);
                return Response.noContent().build();
            }
            keys.forEach(k -> seen.put(k, Boolean.TRUE));
        }
        boolean known;
        try {
            known = ledger.providerJobChanged(
                    route, providerJobId, studioJobId == null || studioJobId.isBlank() ? null : studioJobId.strip());
        } catch (RuntimeException e) {
            keys.forEach(seen::remove);
            throw e;
        }
        if (!known) {
            keys.forEach(seen::remove);
            return problem(
                    Response.Status.NOT_FOUND,
                    "no job of this studio was submitted to " + name + " as " + providerJobId);
        }
        LOG.debugf("%s webhook %s: job %s is due", name, first, providerJobId);
        return Response.noContent().build();
    }

    public static Response problem(Response.Status status, String detail) {
        return Problem.of(status, detail, null).toResponse();
    }
}
