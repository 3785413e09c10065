package dev.imaginestudio.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.imaginestudio.account.Account;
import dev.imaginestudio.account.Accounts;
import dev.imaginestudio.account.BudgetLimits;
import dev.imaginestudio.common.InvalidRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Spending limits for admins: per user and for the whole studio, with what has been spent against them. */
@Path("/api/v1/admin/budgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Account.ADMIN)
@Tag(name = "Admin")
class BudgetResource {

    static final String DAILY = "daily_usd";
    static final String MONTHLY = "monthly_usd";

    /** Limits (null: none) and spend in US dollars, UTC day and month. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(
            String username,
            BigDecimal dailyUsd,
            BigDecimal monthlyUsd,
            String source,
            BigDecimal spentTodayUsd,
            BigDecimal spentThisMonthUsd) {

        static Budget of(String username, Budgets.Status s) {
            return new Budget(
                    username,
                    cents(s.day().limit()),
                    cents(s.month().limit()),
                    s.source(),
                    cents(s.day().spent()),
                    cents(s.month().spent()));
        }

        /** 50.00 rather than the ledger's 50.0000000000; fractions of a cent stay. */
        private static BigDecimal cents(BigDecimal usd) {
            if (usd == null) {
                return null;
            }
            BigDecimal plain = usd.stripTrailingZeros();
            return plain.setScale(Math.max(2, plain.scale()));
        }
    }

    public record BudgetList(Budget studio, List<Budget> users) {}

    private final BudgetLimits limits;
    private final Budgets budgets;
    private final Accounts accounts;

    BudgetResource(BudgetLimits limits, Budgets budgets, Accounts accounts) {
        this.limits = limits;
        this.budgets = budgets;
        this.accounts = accounts;
    }

    @GET
    @Operation(
            summary = "Every budget",
            description = "The studio's limits (source: admin, config or none) and every user's, with what was spent "
                    + "today and this month (UTC).")
    public BudgetList list() {
        List<Budget> users = new ArrayList<>();
        for (Account a : accounts.all()) {
            users.add(Budget.of(a.username, budgets.owner(a.publicId)));
        }
        return new BudgetList(Budget.of(null, budgets.studio()), users);
    }

    @PUT
    @Path("/studio")
    @Operation(
            summary = "Set the studio-wide limits",
            description = "Body: {\"daily_usd\": 5.00, \"monthly_usd\": 50.00}; null or absent is no limit. Overrides "
                    + "studio.budget.* until deleted.")
    public Budget setStudio(JsonNode body) {
        limits.setStudio(amount(body, DAILY), amount(body, MONTHLY));
        return Budget.of(null, budgets.studio());
    }

    @DELETE
    @Path("/studio")
    @Operation(summary = "Hand the studio-wide limits back to the configuration (studio.budget.*)")
    public Budget resetStudio() {
        limits.resetStudio();
        return Budget.of(null, budgets.studio());
    }

    @PUT
    @Path("/{username}")
    @Operation(
            summary = "Set a user's limits",
            description = "Body: {\"daily_usd\": 5.00, \"monthly_usd\": 50.00}; null or absent is no limit.")
    public Budget setUser(@PathParam("username") String username, JsonNode body) {
        BigDecimal daily = amount(body, DAILY);
        BigDecimal monthly = amount(body, MONTHLY);
        limits.setForUser(username, daily, monthly);
        return Budget.of(username, budgets.owner(limits.ownerId(username)));
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Remove a user's limits")
    public Budget clearUser(@PathParam("username") String username) {
        limits.setForUser(username, null, null);
        return Budget.of(username, budgets.owner(limits.ownerId(username)));
    }

    /** A limit from the body: a JSON number, null or absent; anything else is a 400 naming the field. */
    static BigDecimal amount(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(
                    "body",
                    "the request body must be a JSON object such as {\"daily_usd\": 5.00, \"monthly_usd\": 50.00}");
        }
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        // Jackson reads 1e400 as an infinite double, which no amount is
        if (!value.isNumber() || (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))) {
            throw new InvalidRequestException(
                    field, field + " must be a number of US dollars such as 5.00, or null for no limit");
        }
        return BudgetLimits.checked(field, value.decimalValue());
    }
}
