package dev.imaginestudio.common;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Amounts of US dollars from outside the studio. {@code new BigDecimal("1e10000000")} parses in an instant, but the
 * arithmetic and formatting that follow expand it to ten million digits and hold a core for many seconds; so an amount
 * from a request or a provider is bounded before anything computes with it.
 */
public final class Money {

    /** Digits before the point: a trillion dollars is more than any job costs. */
    static final int MAX_WHOLE_DIGITS = 12;
    /**
     * Digits after the point: the ledger keeps ten, but a provider may send a float's exact expansion
     * ("0.1000000000000000055511151231257827"), which is read as sent and rounded later.
     */
    static final int MAX_FRACTION_DIGITS = 40;

    private static final Pattern PLAIN =
            Pattern.compile("\\d{1," + MAX_WHOLE_DIGITS + "}(\\.\\d{1," + MAX_FRACTION_DIGITS + "})?");

    private Money() {}

    /** A non-negative amount written plainly ("0.25", "12"), or null when the text is anything else. */
    public static BigDecimal parsePlain(String text) {
        if (text == null
                || text.length() > MAX_WHOLE_DIGITS + MAX_FRACTION_DIGITS + 1
                || !PLAIN.matcher(text).matches()) {
            return null;
        }
        return new BigDecimal(text);
    }

    /** {@code amount} when it lies within the bounds, else null: a provider's absurd number is an unknown one. */
    public static BigDecimal bounded(BigDecimal amount) {
        if (amount == null
                || amount.scale() > MAX_FRACTION_DIGITS
                || amount.precision() - amount.scale() > MAX_WHOLE_DIGITS) {
            return null;
        }
        return amount;
    }
}
