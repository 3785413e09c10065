package dev.imaginestudio.job;

import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.Money;
import dev.imaginestudio.provider.GenerationMode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One search of the history: prompt words, filters, a sort order and the keyset cursor of the page to show.
 * The parse methods read the API's and the pages' query parameters and name the field in every error.
 */
public record JobQuery(
        List<String> words,
        Set<JobStatus> statuses,
        Set<GenerationMode> modes,
        String model,
        String route,
        String aspectRatio,
        Instant from,
        Instant to,
        BigDecimal minCost,
        BigDecimal maxCost,
        Sort sort,
        String cursor,
        int limit) {

    public static final int MAX_WORDS = 12;

    /** The orders history can be sorted in; each has its own keyset. */
    public enum Sort {
        NEWEST("newest"),
        OLDEST("oldest"),
        COST_HIGH("cost_high"),
        COST_LOW("cost_low");

        private final String param;

        Sort(String param) {
            this.param = param;
        }

        public String param() {
            return param;
        }

        boolean byCost() {
            return this == COST_HIGH || this == COST_LOW;
        }

        boolean descending() {
            return this == NEWEST || this == COST_HIGH;
        }

        public static Sort parse(String value) {
            if (value == null || value.isBlank()) {
                return NEWEST;
            }
            for (Sort s : values()) {
                if (s.param.equals(value.strip())) {
                    return s;
                }
            }
            throw new InvalidRequestException(
                    "sort", "sort must be one of newest, oldest, cost_high, cost_low, not '" + value.strip() + "'");
        }
    }

    public JobQuery {
        words = words == null ? List.of() : List.copyOf(words);
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
        modes = modes == null || modes.isEmpty() ? Set.of() : Set.copyOf(modes);
        sort = sort == null ? Sort.NEWEST : sort;
    }

    // ------------------------------------------------------------------------------------------------
    // Parsing request parameters

    /** The words of a search box: split on white space, each matched case-insensitively anywhere in the prompt. */
    public static List<String> words(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        List<String> words = Arrays.stream(q.strip().split("\\s+"))
                .map(w -> w.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (words.size() > MAX_WORDS) {
            throw new InvalidRequestException(
                    "q", "search for at most " + MAX_WORDS + " words at a time, not " + words.size());
        }
        for (String w : words) {
            if (w.length() > 100) {
                throw new InvalidRequestException("q", "a search word is longer than 100 characters");
            }
        }
        return words;
    }

    public static Set<GenerationMode> modes(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        EnumSet<GenerationMode> modes = EnumSet.noneOf(GenerationMode.class);
        for (String m : value.split(",")) {
            try {
                modes.add(GenerationMode.valueOf(m.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(
                        "mode", "mode must be one of text, image, reference, not '" + m.strip() + "'");
            }
        }
        return modes;
    }

    /** A day (2026-11-21, the whole day in UTC) or an ISO instant; {@code end} makes a day mean its end. */
    public static Instant instant(String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (end ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    field,
                    field + " must be a date like 2026-11-21 or an ISO instant like 2026-11-21T10:00:00Z, not '" + v
                            + "'");
        }
    }

    public static BigDecimal money(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        String digits = text.startsWith("$") ? text.substring(1) : text;
        if (digits.startsWith("-")) {
            throw new InvalidRequestException(field, field + " must not be negative");
        }
        BigDecimal amount = Money.parsePlain(digits);
        if (amount == null) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            throw new InvalidRequestException(
                    field, field + " must be an amount in US dollars like 0.25, not '" + shown + "'");
        }
        return amount;
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Checks the parts against each other: a date range and a cost range that can hold something. */
    public JobQuery checked() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "to must be after from");
        }
        if (minCost != null && maxCost != null && minCost.compareTo(maxCost) > 0) {
            throw new InvalidRequestException("max_cost", "max_cost must not be below min_cost");
        }
        if (cursor != null) {
            Cursor.decode(cursor, sort);
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // The keyset cursor

    /**
     * The position after the last job of a page: its sort key and public id, in hex so it is one opaque,
     * URL-safe word. It carries no sequential id and only fits the sort it was made for.
     */
    record Cursor(Sort sort, Instant createdAt, BigDecimal cost, String publicId) {

        static String of(Sort sort, GenerationJob last) {
            String key = sort.byCost()
                    ? last.effectiveCostUsd.stripTrailingZeros().toPlainString()
                    : String.valueOf(ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt));
            String raw = "1|" + sort.param() + "|" + key + "|" + last.publicId;
            return HexFormat.of().formatHex(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, Sort sort) {
            String[] parts;
            try {
                parts = new String(HexFormat.of().parseHex(cursor), StandardCharsets.UTF_8).split("\\|");
            } catch (IllegalArgumentException e) {
                throw bad(cursor);
            }
            if (parts.length != 4 || !parts[0].equals("1") || !parts[3].matches("[A-Za-z0-9]{1,32}")) {
                throw bad(cursor);
            }
            if (!parts[1].equals(sort.param())) {
                throw new InvalidRequestException(
                        "cursor",
                        "this cursor belongs to the sort " + parts[1] + "; start again from the first page for sort "
                                + sort.param());
            }
            try {
                if (sort.byCost()) {
                    BigDecimal cost = Money.parsePlain(parts[2]);
                    if (cost == null) {
                        throw bad(cursor);
                    }
                    return new Cursor(sort, null, cost, parts[3]);
                }
                return new Cursor(
                        sort, Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS), null, parts[3]);
            } catch (NumberFormatException | ArithmeticException e) {
                throw bad(cursor);
            }
        }

        private static InvalidRequestException bad(String cursor) {
            String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor;
            return new InvalidRequestException(
                    "cursor",
                    "cursor '" + shown + "' is not a cursor of this history; "
                            + "pass next_cursor from the previous page");
        }
    }
}
