package dev.imaginestudio.common;

/** An Idempotency-Key that was first used with another request: answered 422, nothing is created. */
public class IdempotencyMismatchException extends RuntimeException {

    public IdempotencyMismatchException(String message) {
        super(message);
    }
}
