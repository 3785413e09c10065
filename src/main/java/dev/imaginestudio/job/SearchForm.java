package dev.imaginestudio.job;

import dev.imaginestudio.provider.ModelCapabilities;
import dev.imaginestudio.provider.ModelCatalog;
import dev.imaginestudio.provider.PixelSizes;
import dev.imaginestudio.provider.VideoProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search and filter form of the history and the gallery (a GET form): the values as typed, the choices
 * of each select, and the links that keep the filters (status chips, next page, clear).
 */
public final class SearchForm {

    /** One choice of a select. */
    public record Option(String value, String label, boolean selected) {}

    public final String path;
    public final String q;
    public final String status;
    public final String mode;
    public final String model;
    public final String route;
    public final String aspect;
    public final String from;
    public final String to;
    public final String minCost;
    public final String maxCost;
    public final String sort;
    private final Map<String, String> values;
    private final ModelCatalog catalog;

    private SearchForm(String path, Map<String, String> values, ModelCatalog catalog) {
        this.path = path;
        this.values = values;
        this.q = values.getOrDefault("q", "");
        this.status = values.getOrDefault("status", "");
        this.mode = values.getOrDefault("mode", "");
        this.model = values.getOrDefault("model", "");
        this.route = values.getOrDefault("route", "");
        this.aspect = values.getOrDefault("aspect_ratio", "");
        this.from = values.getOrDefault("from", "");
        this.to = values.getOrDefault("to", "");
        this.minCost = values.getOrDefault("min_cost", "");
        this.maxCost = values.getOrDefault("max_cost", "");
        this.sort = values.getOrDefault("sort", "");
        this.catalog = catalog;
    }

    /** The form at {@code path} with the given query parameters (null or blank ones are left out). */
    public static SearchForm of(
            String path,
            ModelCatalog catalog,
            String q,
            String status,
            String mode,
            String model,
            String route,
            String aspect,
            String from,
            String to,
            String minCost,
            String maxCost,
            String sort) {
        Map<String, String> v = new LinkedHashMap<>();
        put(v, "q", q);
        put(v, "status", status);
        put(v, "mode", mode);
        put(v, "model", model);
        put(v, "route", route);
        put(v, "aspect_ratio", aspect);
        put(v, "from", from);
        put(v, "to", to);
        put(v, "min_cost", minCost);
        put(v, "max_cost", maxCost);
        put(v, "sort", sort);
        return new SearchForm(path, v, catalog);
    }

    private static void put(Map<String, String> v, String name, String value) {
        if (value != null && !value.isBlank()) {
            v.put(name, value.strip());
        }
    }

    /** The search these values ask for, within {@code statuses}; the errors name the form's fields. */
    public JobQuery query(Set<JobStatus> statuses, String cursor, int limit) {
        return new JobQuery(
                        JobQuery.words(q),
                        statuses,
                        JobQuery.modes(mode),
                        JobQuery.text(model),
                        JobQuery.text(route),
                        JobQuery.text(aspect),
                        JobQuery.instant("from", from, false),
                        JobQuery.instant("to", to, true),
                        JobQuery.money("min_cost", minCost),
                        JobQuery.money("max_cost", maxCost),
                        JobQuery.Sort.parse(sort),
                        cursor,
                        limit)
                .checked();
    }

    /** The non-blank parameters, in the form's order. */
    private Map<String, String> values() {
        return new LinkedHashMap<>(values);
    }

    private String link(Map<String, String> v) {
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : v.entrySet()) {
            b.append(sep)
                    .append(e.getKey())
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    /** This page with every filter kept and the status set to {@code value} (empty: all). */
    public String statusHref(String value) {
        Map<String, String> v = new LinkedHashMap<>();
        put(v, "status", value);
        values().forEach((k, val) -> {
            if (!k.equals("status")) {
                v.put(k, val);
            }
        });
        return link(v);
    }

    /** The next page: every filter kept, after the cursor. */
    public String nextHref(String cursor) {
        Map<String, String> v = values();
        v.put("after", cursor);
        return link(v);
    }

    /** This page as it is (for returning to it after an action). */
    public String self() {
        return link(values());
    }

    /** Whether anything beyond the status narrows the list. */
    public boolean filtered() {
        return values().keySet().stream().anyMatch(k -> !k.equals("status") && !k.equals("sort"));
    }

    /** The filters beyond the search words are open when one of them is set. */
    public boolean moreOpen() {
        return values().keySet().stream().anyMatch(k -> !k.equals("status") && !k.equals("q"));
    }

    public List<Option> modes() {
        return List.of(
                new Option("", "Any mode", mode.isEmpty()),
                new Option("text", "Text to video", mode.equals("text")),
                new Option("image", "Image to video", mode.equals("image")),
                new Option("reference", "Reference to video", mode.equals("reference")));
    }

    public List<Option> models() {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any model", model.isEmpty()));
        boolean found = false;
        for (ModelCapabilities m : catalog.models()) {
            options.add(new Option(m.id(), m.name() + " (" + m.id() + ")", m.id().equals(model)));
            found |= m.id().equals(model);
        }
        if (!model.isEmpty() && !found) {
            // a model whose route is switched off still has jobs in the history
            options.add(new Option(model, model, true));
        }
        return options;
    }

    public List<Option> routes() {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any route", route.isEmpty()));
        boolean found = false;
        for (VideoProvider p : catalog.allProviders()) {
            options.add(new Option(p.id(), p.displayName(), p.id().equals(route)));
            found |= p.id().equals(route);
        }
        if (!route.isEmpty() && !found) {
            options.add(new Option(route, route, true));
        }
        return options;
    }

    public List<Option> aspects() {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any shape", aspect.isEmpty()));
        for (String a : PixelSizes.GROK_ASPECT_RATIOS) {
            options.add(new Option(a, a, a.equals(aspect)));
        }
        return options;
    }

    public List<Option> sorts() {
        String s = sort.isEmpty() ? "newest" : sort;
        return List.of(
                new Option("newest", "Newest first", s.equals("newest")),
                new Option("oldest", "Oldest first", s.equals("oldest")),
                new Option("cost_high", "Most expensive first", s.equals("cost_high")),
                new Option("cost_low", "Cheapest first", s.equals("cost_low")));
    }
}
