package dev.imaginestudio.provider;

import java.time.Duration;

/** The four things that can come of a submit, each with its own consequence for the ledger. */
public sealed interface SubmitOutcome {

    /** The provider created the job. */
    record Accepted(String providerJobId) implements SubmitOutcome {}

    /** The provider refused the request; nothing was created or billed. */
    record Rejected(String message) implements SubmitOutcome {}

    /** The provider proved nothing was created (429, 503, connection refused); try again after {@code after}. */
    record RetryLater(Duration after, String reason) implements SubmitOutcome {}

    /** The request may have been created and billed (timeout after sending, reset, 5xx): never resubmit. */
    record Unknown(String message) implements SubmitOutcome {}
}
