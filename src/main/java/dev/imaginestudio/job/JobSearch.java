package dev.imaginestudio.job;

import dev.imaginestudio.account.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The search behind the history, the gallery and the API's list of videos. */
@ApplicationScoped
public class JobSearch {

    private final Caller caller;

    JobSearch(Caller caller) {
        this.caller = caller;
    }

    /** One page of a search: the jobs, and the cursor of the next page (null on the last page). */
    public record Page(List<GenerationJob> jobs, String nextCursor) {}

    /**
     * One page of history matching {@code query}, in its sort order. Keyset pagination on the sort key and
     * the public id: no OFFSET scans, and the cursor names no sequential id.
     */
    public Page search(JobQuery query) {
        query.checked();
        JobQuery.Sort sort = query.sort();
        JobQuery.Cursor after = query.cursor() == null ? null : JobQuery.Cursor.decode(query.cursor(), sort);
        String scope = caller.scope();
        List<GenerationJob> found = QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder q = new StringBuilder(scope == null ? "1 = 1" : "owner = :owner");
            Parameters p = scope == null ? new Parameters() : Parameters.with("owner", scope);
            if (!query.statuses().isEmpty()) {
                q.append(" and status in :statuses");
                p = p.and("statuses", query.statuses());
            }
            if (!query.modes().isEmpty()) {
                q.append(" and mode in :modes");
                p = p.and("modes", query.modes());
            }
            if (query.model() != null) {
                q.append(" and modelId = :model");
                p = p.and("model", query.model());
            }
            if (query.route() != null) {
                q.append(" and route = :route");
                p = p.and("route", query.route());
            }
            if (query.aspectRatio() != null) {
                q.append(" and aspectRatio = :aspect");
                p = p.and("aspect", query.aspectRatio());
            }
            if (query.from() != null) {
                q.append(" and createdAt >= :from");
                p = p.and("from", query.from());
            }
            if (query.to() != null) {
                q.append(" and createdAt < :to");
                p = p.and("to", query.to());
            }
            if (query.minCost() != null) {
                q.append(" and effectiveCostUsd >= :minCost");
                p = p.and("minCost", query.minCost());
            }
            if (query.maxCost() != null) {
                q.append(" and effectiveCostUsd <= :maxCost");
                p = p.and("maxCost", query.maxCost());
            }
            for (int i = 0; i < query.words().size(); i++) {
                // every word must occur; '!' escapes LIKE's wildcards typed by the user
                q.append(" and lower(prompt) like :w").append(i).append(" escape '!'");
                String w = query.words()
                        .get(i)
                        .replace("!", "!!")
                        .replace("%", "!%")
                        .replace("_", "!_");
                p = p.and("w" + i, "%" + w + "%");
            }
            String key = sort.byCost() ? "effectiveCostUsd" : "createdAt";
            String cmp = sort.descending() ? "<" : ">";
            String dir = sort.descending() ? " desc" : "";
            if (after != null) {
                q.append(" and (")
                        .append(key)
                        .append(' ')
                        .append(cmp)
                        .append(" :afterKey or (")
                        .append(key)
                        .append(" = :afterKey and publicId ")
                        .append(cmp)
                        .append(" :afterId))");
                p = p.and("afterKey", sort.byCost() ? after.cost() : after.createdAt())
                        .and("afterId", after.publicId());
            }
            q.append(" order by ").append(key).append(dir).append(", publicId").append(dir);
            return GenerationJob.<GenerationJob>find(q.toString(), p)
                    .range(0, query.limit())
                    .list();
        });
        boolean more = found.size() > query.limit();
        List<GenerationJob> shown = more ? found.subList(0, query.limit()) : found;
        return new Page(shown, more ? JobQuery.Cursor.of(sort, shown.get(shown.size() - 1)) : null);
    }
}
