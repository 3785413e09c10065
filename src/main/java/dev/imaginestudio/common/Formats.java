package dev.imaginestudio.common;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Formatting for pages: money, durations, sizes and times in the user's terms. Each method is also plain Java, so
 * resources that build view models use the same wording as the templates.
 */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Formats() {}

    /** US dollars with at least two decimals and no trailing zeros beyond: {@code $0.30}, {@code $0.002}. */
    public static String usd(BigDecimal amount) {
        if (amount == null) {
            return "—";
        }
        BigDecimal v = amount.stripTrailingZeros();
        int scale = Math.min(6, Math.max(2, v.scale()));
        return "$" + v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** ISO-8601 instant in UTC, for {@code datetime} and {@code title} attributes. */
    public static String iso(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "just now", "42 s ago", "3 min ago", "5 h ago", "yesterday", "4 days ago", else the date. */
    public static String ago(Instant t) {
        return t == null ? "" : ago(t, Instant.now());
    }

    static String ago(Instant t, Instant now) {
        long s = Duration.between(t, now).toSeconds();
        if (s < 5) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return (s / 60) + " min ago";
        }
        if (s < 86_400) {
            return (s / 3600) + " h ago";
        }
        long days = s / 86_400;
        if (days == 1) {
            return "yesterday";
        }
        if (days < 14) {
            return days + " days ago";
        }
        return DAY.format(t);
    }

    /** The time from {@code from} to {@code to} as "+0.4 s", "+12 s", "+3 min 5 s". */
    public static String since(Instant to, Instant from) {
        if (to == null || from == null) {
            return "";
        }
        long ms = Math.max(0, Duration.between(from, to).toMillis());
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "+%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 120) {
            return "+" + s + " s";
        }
        long min = s / 60;
        if (min < 120) {
            return "+" + min + " min " + (s % 60) + " s";
        }
        return "+" + (min / 60) + " h " + (min % 60) + " min";
    }

    /** A configured duration as "1 s", "250 ms", "5 min". */
    public static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s < 120 || s % 60 != 0) {
            return s + " s";
        }
        return (s / 60) + " min";
    }

    /** A whole number of seconds as "6 s". */
    public static String seconds(int s) {
        return s + " s";
    }

    /** Milliseconds as "6.0 s". */
    public static String millisAsSeconds(Integer ms) {
        return ms == null ? "—" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A byte count as "1.4 MB". */
    public static String bytes(Long n) {
        if (n == null) {
            return "—";
        }
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
    }

    /** At most {@code max} characters, cut at a word boundary where one is near, with an ellipsis. */
    public static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 1);
        if (cut < max * 2 / 3) {
            cut = max - 1;
        }
        return s.substring(0, cut).stripTrailing() + "…";
    }

    /** "854x480" as "854×480". */
    public static String dims(String size) {
        return size == null ? "" : size.replace('x', '×');
    }
}
