package dev.imaginestudio.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void plainAmountsParse() {
        assertEquals(new BigDecimal("0.25"), Money.parsePlain("0.25"));
        assertEquals(new BigDecimal("12"), Money.parsePlain("12"));
        assertEquals(
                new BigDecimal("999999999999.000000000000000001"), Money.parsePlain("999999999999.000000000000000001"));
    }

    @Test
    void exponentsSignsAndHugeNumbersAreNotAmounts() {
        for (String text : new String[] {
            "1e10000000",
            "1E3",
            "-1",
            "+1",
            "1.",
            ".5",
            "1,5",
            " 1",
            "0x10",
            "NaN",
            "1234567890123",
            "0." + "1".repeat(41),
            "9".repeat(100_000)
        }) {
            assertNull(Money.parsePlain(text), text.length() > 20 ? text.substring(0, 20) : text);
        }
    }

    @Test
    void boundedKeepsRealPricesAndDropsAbsurdOnes() {
        assertEquals(new BigDecimal("0.0000001"), Money.bounded(new BigDecimal("0.0000001")));
        assertEquals(new BigDecimal("1E+3"), Money.bounded(new BigDecimal("1E+3")));
        assertNull(Money.bounded(new BigDecimal("1e10000000")));
        assertNull(Money.bounded(new BigDecimal("1e-10000000")));
        assertNull(Money.bounded(null));
    }
}
