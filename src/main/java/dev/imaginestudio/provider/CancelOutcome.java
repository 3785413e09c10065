package dev.imaginestudio.provider;

/** Whether a provider-side cancel was sent; {@code message} is shown to the user either way. */
public record CancelOutcome(boolean cancelled, String message) {

    public static CancelOutcome unsupported(String message) {
        return new CancelOutcome(false, message);
    }
}
