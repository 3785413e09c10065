package dev.imaginestudio.job;

import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Flash;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.media.MediaStore;
import dev.imaginestudio.provider.ModelCatalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The history of jobs and what it does with the jobs selected in it (delete, download as a ZIP); its rows poll
 * here while their jobs run. The create form and a job's own page are {@link JobPages}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
class HistoryPages {

    static final int HISTORY_PAGE = 20;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance history(HistoryView view);

        static native TemplateInstance history$row(GenerationJob job);
    }

    /** One status filter of the history, keeping the other filters. */
    public record Filter(String value, String label, boolean active, String href) {}

    /**
     * One page of history. {@code older} is the link to the next page, or null on the last page;
     * {@code message} explains why an action on the selected jobs was refused.
     */
    public record HistoryView(
            List<GenerationJob> jobs,
            SearchForm form,
            List<Filter> filters,
            String older,
            boolean first,
            String message) {}

    private final JobService jobs;
    private final JobSearch search;
    private final ModelCatalog catalog;
    private final MediaStore media;
    private final StoredVideos stored;

    HistoryPages(JobService jobs, JobSearch search, ModelCatalog catalog, MediaStore media, StoredVideos stored) {
        this.jobs = jobs;
        this.search = search;
        this.catalog = catalog;
        this.media = media;
        this.stored = stored;
    }

    @GET
    @Path("jobs")
    public TemplateInstance history(
            @RestQuery String q,
            @RestQuery String status,
            @RestQuery String mode,
            @RestQuery String model,
            @RestQuery String route,
            @RestQuery("aspect_ratio") String aspect,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery("min_cost") String minCost,
            @RestQuery("max_cost") String maxCost,
            @RestQuery String sort,
            @RestQuery String after) {
        SearchForm form = SearchForm.of(
                "/jobs", catalog, q, status, mode, model, route, aspect, from, to, minCost, maxCost, sort);
        return Templates.history(historyView(form, after, null));
    }

    private HistoryView historyView(SearchForm form, String after, String message) {
        String filter = form.status;
        Set<JobStatus> statuses = switch (filter) {
            case "" -> null;
            case "active" ->
                EnumSet.of(
                        JobStatus.QUEUED,
                        JobStatus.SUBMITTING,
                        JobStatus.PENDING,
                        JobStatus.RUNNING,
                        JobStatus.DOWNLOADING);
            case "completed" -> EnumSet.of(JobStatus.SUCCEEDED);
            case "failed" -> EnumSet.of(JobStatus.FAILED);
            case "expired" -> EnumSet.of(JobStatus.EXPIRED);
            case "cancelled" -> EnumSet.of(JobStatus.CANCELLED);
            default ->
                throw new InvalidRequestException(
                        "status",
                        "status must be one of active, completed, failed, expired, cancelled, not '" + filter + "'");
        };
        String cursor = after == null || after.isBlank() ? null : after.strip();
        JobSearch.Page page = search.search(form.query(statuses, cursor, HISTORY_PAGE));
        List<Filter> filters = new ArrayList<>();
        for (String[] f : new String[][] {
            {"", "All"},
            {"active", "Active"},
            {"completed", "Ready"},
            {"failed", "Failed"},
            {"expired", "Expired"},
            {"cancelled", "Cancelled"}
        }) {
            filters.add(new Filter(f[0], f[1], filter.equals(f[0]), form.statusHref(f[0])));
        }
        return new HistoryView(
                page.jobs(),
                form,
                filters,
                page.nextCursor() == null ? null : form.nextHref(page.nextCursor()),
                cursor == null,
                message);
    }

    // ------------------------------------------------------------------------------------------------
    // Actions on the selected jobs of the history

    /** Deletes the selected jobs, then back to the history as it was; with nothing selected it says so. */
    @POST
    @Path("jobs/bulk/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteSelected(@RestForm List<String> ids, @RestForm String back) {
        try {
            requireSelection(ids);
            jobs.deleteAll(ids);
            long n = ids.stream().filter(i -> !i.isBlank()).distinct().count();
            return Response.seeOther(URI.create(localPath(back, "/jobs")))
                    .cookie(Flash.cookie(
                            n == 1 ? "Deleted 1 job and its files." : "Deleted " + n + " jobs and their files."))
                    .build();
        } catch (InvalidRequestException | ConflictException | JobNotFoundException e) {
            return refused(back, e);
        }
    }

    /** The selected videos as one ZIP, streamed as the download's answer. */
    @POST
    @Path("jobs/bulk/zip")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({"application/zip", MediaType.TEXT_HTML + ";charset=UTF-8"})
    public Response zipSelected(@RestForm List<String> ids, @RestForm String back) {
        try {
            requireSelection(ids);
            return VideoZip.response(jobs, media, stored, ids);
        } catch (InvalidRequestException | ConflictException | JobNotFoundException e) {
            return refused(back, e);
        }
    }

    private static void requireSelection(List<String> ids) {
        if (ids == null || ids.stream().allMatch(String::isBlank)) {
            throw new InvalidRequestException("ids", "Select at least one job first.");
        }
    }

    /** The history again (as the user left it) with the reason the action was refused. */
    private Response refused(String back, RuntimeException e) {
        int status = e instanceof ConflictException ? 409 : e instanceof JobNotFoundException ? 404 : 400;
        URI from = URI.create(localPath(back, "/jobs"));
        java.util.Map<String, String> p = new java.util.HashMap<>();
        if (from.getRawQuery() != null) {
            for (String pair : from.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    p.put(
                            pair.substring(0, eq),
                            java.net.URLDecoder.decode(
                                    pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        SearchForm form = SearchForm.of(
                "/jobs",
                catalog,
                p.get("q"),
                p.get("status"),
                p.get("mode"),
                p.get("model"),
                p.get("route"),
                p.get("aspect_ratio"),
                p.get("from"),
                p.get("to"),
                p.get("min_cost"),
                p.get("max_cost"),
                p.get("sort"));
        HistoryView view;
        try {
            view = historyView(form, p.get("after"), e.getMessage());
        } catch (InvalidRequestException stale) {
            view = historyView(
                    SearchForm.of("/jobs", catalog, null, null, null, null, null, null, null, null, null, null, null),
                    null,
                    e.getMessage());
        }
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.history(view))
                .build();
    }

    /** A path on this site to return to: never another host. */
    static String localPath(String back, String fallback) {
        if (back == null
                || !back.startsWith("/")
                || back.startsWith("//")
                || back.contains("\\")
                || back.chars().anyMatch(Character::isISOControl)) {
            return fallback;
        }
        try {
            return URI.create(back).getHost() == null ? back : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** One history row; while the job runs the row polls this address, and stops once it has ended. */
    @GET
    @Path("jobs/{id}/row")
    public Response row(@PathParam("id") String id) {
        try {
            return Response.ok(Templates.history$row(jobs.get(id))).build();
        } catch (JobNotFoundException e) {
            return Response.status(JobPages.STOP_POLLING)
                    .entity(JobPages.Templates.gone(id, true))
                    .build();
        }
    }
}
