package dev.imaginestudio.common;

/**
 * A job that would take a spending limit past its amount; nothing was stored or sent. Answered as 402, OpenRouter's
 * status for insufficient credit, so OpenRouter clients treat it as they would an empty account.
 */
public class BudgetExceededException extends RuntimeException {

    public BudgetExceededException(String message) {
        super(message);
    }
}
