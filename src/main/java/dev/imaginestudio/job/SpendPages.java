package dev.imaginestudio.job;

import dev.imaginestudio.account.Account;
import dev.imaginestudio.account.Accounts;
import dev.imaginestudio.account.BudgetLimits;
import dev.imaginestudio.account.Spending;
import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.Formats;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.ResourceNotFoundException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Spending for admins: each user's spend by day and model over the last {@link #DAYS} UTC days (a server-drawn SVG
 * chart: no script, so it passes a Content-Security-Policy without inline script), a CSV of the same, the limits with
 * a warning from 80 % on, and the forms that set them.
 */
@Path("/admin")
@RolesAllowed(Account.ADMIN)
class SpendPages {

    static final int DAYS = 30;
    /** Distinct fills for models in the chart (studio.css .series-N); more models share the last. */
    static final int SERIES = 6;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance spend(SpendView view);
    }

    /** One rectangle of a chart, in SVG user units. */
    public record Bar(int x, int y, int width, int height, int series, String title) {}

    /** One user's chart: stacked bars per day, a bar per model. */
    public record Chart(String username, BigDecimal total, BigDecimal peak, List<Bar> bars) {}

    public record Series(int index, String model) {}

    public record UserBudget(String username, Spending.Status status) {}

    public record Row(LocalDate day, String username, String model, long jobs, BigDecimal usd) {}

    public record SpendView(
            Spending.Status studio,
            List<UserBudget> users,
            List<Chart> charts,
            List<Series> legend,
            List<Row> rows,
            LocalDate from,
            LocalDate to,
            Map<String, String> form,
            Map<String, String> errors) {

        /** What the studio form shows: what was just sent, else the limit in force. */
        public String studioValue(String field) {
            if ("studio".equals(form.get("who"))) {
                return form.get(field);
            }
            BigDecimal limit = "daily_usd".equals(field)
                    ? studio.day().limit()
                    : studio.month().limit();
            return limit == null ? "" : limit.stripTrailingZeros().toPlainString();
        }

        /** What the people form shows: only what was just sent to it. */
        public String userValue(String field) {
            String who = form.get("who");
            return who == null || who.isEmpty() || "studio".equals(who) ? "" : form.get(field);
        }

        public boolean anyWarning() {
            return studio.warn() || users.stream().anyMatch(u -> u.status().warn());
        }
    }

    static final int CHART_WIDTH = 600;
    static final int CHART_HEIGHT = 120;
    static final int SLOT = CHART_WIDTH / DAYS;

    private final Budgets budgets;
    private final BudgetLimits limits;
    private final Accounts accounts;
    private final Clock clock;

    SpendPages(Budgets budgets, BudgetLimits limits, Accounts accounts, Clock clock) {
        this.budgets = budgets;
        this.limits = limits;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GET
    @Path("spend")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public TemplateInstance spend() {
        return view(Map.of(), Map.of());
    }

    /** The same rows as the page's table, oldest day first, for a spreadsheet. */
    @GET
    @Path("spend.csv")
    @Produces("text/csv;charset=UTF-8")
    public Response csv() {
        LocalDate today = today();
        LocalDate from = today.minusDays(DAYS - 1L);
        StringBuilder csv = new StringBuilder("day,username,model,jobs,spent_usd\r\n");
        List<Row> rows = new ArrayList<>(rows(from, today));
        java.util.Collections.reverse(rows);
        for (Row r : rows) {
            csv.append(r.day())
                    .append(',')
                    .append(cell(r.username()))
                    .append(',')
                    .append(cell(r.model()))
                    .append(',')
                    .append(r.jobs())
                    .append(',')
                    .append(r.usd().setScale(6, RoundingMode.HALF_UP).toPlainString())
                    .append("\r\n");
        }
        return Response.ok(csv.toString())
                .header("Content-Disposition", "attachment; filename=\"spend-" + from + "-to-" + today + ".csv\"")
                .build();
    }

    @POST
    @Path("spend/studio")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public Response setStudio(@RestForm("daily_usd") String daily, @RestForm("monthly_usd") String monthly) {
        Map<String, String> form = form("studio", daily, monthly);
        try {
            List<InvalidRequestException.FieldError> errors = new ArrayList<>();
            BigDecimal d = parse("daily_usd", daily, errors);
            BigDecimal m = parse("monthly_usd", monthly, errors);
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            limits.setStudio(d, m);
            return back("Studio limits set: " + words(d, m) + ".");
        } catch (InvalidRequestException e) {
            return Response.status(400).entity(view(form, errors(e, "studio_"))).build();
        }
    }

    @POST
    @Path("spend/studio/reset")
    public Response resetStudio() {
        BudgetLimits.Limits l = limits.resetStudio();
        return back("Studio limits are the configuration's again: " + words(l.dailyUsd(), l.monthlyUsd()) + ".");
    }

    @POST
    @Path("spend/users")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public Response setUser(
            @RestForm String username, @RestForm("daily_usd") String daily, @RestForm("monthly_usd") String monthly) {
        Map<String, String> form = form(username, daily, monthly);
        try {
            List<InvalidRequestException.FieldError> errors = new ArrayList<>();
            BigDecimal d = parse("daily_usd", daily, errors);
            BigDecimal m = parse("monthly_usd", monthly, errors);
            if (username == null || username.isBlank()) {
                errors.add(new InvalidRequestException.FieldError("username", "choose whose limits to set"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            limits.setForUser(username, d, m);
            return back("Limits of " + username + " set: " + words(d, m) + ".");
        } catch (InvalidRequestException e) {
            return Response.status(400).entity(view(form, errors(e, "user_"))).build();
        } catch (ResourceNotFoundException e) {
            return Response.status(400)
                    .entity(view(form, Map.of("user_username", e.getMessage())))
                    .build();
        }
    }

    private TemplateInstance view(Map<String, String> form, Map<String, String> errors) {
        LocalDate today = today();
        LocalDate from = today.minusDays(DAYS - 1L);
        List<UserBudget> users = new ArrayList<>();
        for (Account a : accounts.all()) {
            users.add(new UserBudget(a.username, budgets.owner(a.publicId)));
        }
        List<Row> rows = rows(from, today);
        List<String> models =
                new ArrayList<>(new TreeSet<>(rows.stream().map(Row::model).toList()));
        List<Series> legend = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            legend.add(new Series(Math.min(i, SERIES - 1), models.get(i)));
        }
        return Templates.spend(new SpendView(
                budgets.studio(), users, charts(rows, from, models), legend, rows, from, today, form, errors));
    }

    /** One chart per user who spent anything, bars stacked by model, each chart scaled to its own busiest day. */
    static List<Chart> charts(List<Row> rows, LocalDate from, List<String> models) {
        Map<String, List<Row>> byUser = rows.stream()
                .filter(r -> r.usd().signum() > 0)
                .collect(Collectors.groupingBy(Row::username, java.util.TreeMap::new, Collectors.toList()));
        List<Chart> charts = new ArrayList<>();
        byUser.forEach((username, own) -> {
            Map<LocalDate, BigDecimal> perDay = new HashMap<>();
            own.forEach(r -> perDay.merge(r.day(), r.usd(), BigDecimal::add));
            BigDecimal peak =
                    perDay.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
            Map<LocalDate, Integer> stacked = new HashMap<>();
            List<Bar> bars = new ArrayList<>();
            for (Row r : own.stream()
                    .sorted(java.util.Comparator.comparing(Row::model))
                    .toList()) {
                int slot = (int) java.time.temporal.ChronoUnit.DAYS.between(from, r.day());
                int height = Math.max(
                        1,
                        r.usd()
                                .multiply(BigDecimal.valueOf(CHART_HEIGHT))
                                .divide(peak, 0, RoundingMode.HALF_UP)
                                .intValue());
                int below = stacked.getOrDefault(r.day(), 0);
                stacked.put(r.day(), below + height);
                bars.add(new Bar(
                        slot * SLOT + 2,
                        CHART_HEIGHT - below - height,
                        SLOT - 4,
                        height,
                        Math.min(models.indexOf(r.model()), SERIES - 1),
                        r.day() + " · " + r.model() + " · " + Formats.usd(r.usd()) + " (" + r.jobs() + " jobs)"));
            }
            BigDecimal total = own.stream().map(Row::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
            charts.add(new Chart(username, total, peak, bars));
        });
        return charts;
    }

    private List<Row> rows(LocalDate from, LocalDate to) {
        Map<String, String> names = accounts.names();
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return budgets.byDay(start, end).stream()
                .map(d -> new Row(
                        d.day(),
                        names.getOrDefault(d.owner(), "(deleted " + d.owner() + ")"),
                        d.model(),
                        d.jobs(),
                        d.usd()))
                .toList();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static BigDecimal parse(String field, String text, List<InvalidRequestException.FieldError> errors) {
        try {
            return BudgetLimits.parse(field, text);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static Map<String, String> form(String who, String daily, String monthly) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("who", who == null ? "" : who);
        form.put("daily_usd", daily == null ? "" : daily);
        form.put("monthly_usd", monthly == null ? "" : monthly);
        return form;
    }

    /** Errors by form ({@code prefix}: studio_ or user_) and field, for the page's two forms. */
    private static Map<String, String> errors(InvalidRequestException e, String prefix) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.errors().forEach(f -> errors.putIfAbsent(prefix + f.field(), f.message()));
        return errors;
    }

    private static String words(BigDecimal daily, BigDecimal monthly) {
        return (daily == null ? "no daily limit" : Formats.usd(daily) + " a day") + ", "
                + (monthly == null ? "no monthly limit" : Formats.usd(monthly) + " a month");
    }

    /** A CSV field, quoted when it must be; a leading =, +, - or @ is defused so no spreadsheet runs it as a formula. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static Response back(String message) {
        return Response.seeOther(URI.create("/admin/spend"))
                .cookie(Flash.cookie(message))
                .build();
    }
}
