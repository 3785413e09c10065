package dev.imaginestudio.gallery;

import dev.imaginestudio.account.Caller;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Ids;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobService;
import dev.imaginestudio.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collections: named, ordered sets of finished videos. Every method is one transaction (joining the caller's when
 * there is one); every change locks the collection's row, so concurrent additions keep a clean order.
 */
@ApplicationScoped
@Transactional
public class CollectionService {

    public static final int MAX_NAME = 200;

    /** A collection as lists show it: how many videos, and the first one's id for a cover. */
    public record Summary(VideoCollection collection, long count, String coverJobId) {}

    /** How many videos a collection holds. */
    private record Count(Long collectionId, Long videos) {}

    /** The video a collection shows first. */
    private record Cover(Long collectionId, String jobId) {}

    /** A video of a collection at its place. */
    public record Item(GenerationJob job, int position, Instant addedAt) {}

    /** A collection with its videos in order. */
    public record Detail(VideoCollection collection, List<Item> items) {}

    /** What an addition did: added, already there, or left out because the video is not finished. */
    public record Added(VideoCollection collection, int added, int alreadyThere, List<String> notFinished) {}

    private final JobService jobs;
    private final Clock clock;
    private final Caller caller;

    CollectionService(JobService jobs, Clock clock, Caller caller) {
        this.caller = caller;
        this.jobs = jobs;
        this.clock = clock;
    }

    static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new InvalidRequestException("name", "name is required: call the collection something");
        }
        if (n.length() > MAX_NAME) {
            throw new InvalidRequestException(
                    "name", "name is " + n.length() + " characters long; the limit is " + MAX_NAME);
        }
        return n;
    }

    public VideoCollection create(String name) {
        String n = checkName(name);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        VideoCollection c = new VideoCollection();
        c.publicId = Ids.alphanumeric(16);
        c.owner = caller.ownerId();
        c.name = n;
        c.createdAt = now;
        c.updatedAt = now;
        c.persist();
        return c;
    }

    /** Every collection of the owner, most recently changed first, with counts and covers (three queries in all). */
    public List<Summary> list() {
        String scope = caller.scope();
        List<VideoCollection> all = scope == null
                ? VideoCollection.list("order by updatedAt desc, id desc")
                : VideoCollection.list("owner = ?1 order by updatedAt desc, id desc", scope);
        if (all.isEmpty()) {
            return List.<Summary>of();
        }
        List<Long> ids = all.stream().map(c -> c.id).toList();
        Map<Long, Long> counts = new HashMap<>();
        for (Count row : VideoCollection.getEntityManager()
                .createQuery(
                        "select i.collectionId, count(i) from CollectionItem i where i.collectionId in :ids group by i.collectionId",
                        Count.class)
                .setParameter("ids", ids)
                .getResultList()) {
            counts.put(row.collectionId(), row.videos());
        }
        Map<Long, String> covers = new HashMap<>();
        for (Cover row : VideoCollection.getEntityManager()
                .createQuery("""
                        select i.collectionId, j.publicId from CollectionItem i, GenerationJob j
                        where j.id = i.jobId and i.collectionId in :ids
                          and i.position = (select min(k.position) from CollectionItem k where k.collectionId = i.collectionId)""", Cover.class)
                .setParameter("ids", ids)
                .getResultList()) {
            covers.putIfAbsent(row.collectionId(), row.jobId());
        }
        return all.stream()
                .map(c -> new Summary(c, counts.getOrDefault(c.id, 0L), covers.get(c.id)))
                .toList();
    }

    public VideoCollection get(String publicId) {
        VideoCollection c = find(publicId);
        if (c == null) {
            throw GalleryNotFoundException.collection(publicId);
        }
        return c;
    }

    private VideoCollection find(String publicId) {
        if (publicId == null) {
            return null;
        }
        VideoCollection c =
                VideoCollection.<VideoCollection>find("publicId", publicId).firstResult();
        return c == null || !caller.mayAccess(c.owner) ? null : c;
    }

    /** The collection's row, locked for this transaction: changes to one collection happen one at a time. */
    private VideoCollection lock(String publicId) {
        VideoCollection c = find(publicId);
        if (c == null) {
            throw GalleryNotFoundException.collection(publicId);
        }
        return VideoCollection.getEntityManager().find(VideoCollection.class, c.id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Detail detail(String publicId) {
        VideoCollection c = find(publicId);
        if (c == null) {
            throw GalleryNotFoundException.collection(publicId);
        }
        return new Detail(c, items(c.id));
    }

    /** The videos of a collection in order, with their jobs, in one query. */
    static List<Item> items(long collectionId) {
        return VideoCollection.getEntityManager()
                .createQuery("""
                        select j, i.position, i.addedAt from CollectionItem i, GenerationJob j
                        where j.id = i.jobId and i.collectionId = :c order by i.position, i.id""", Item.class)
                .setParameter("c", collectionId)
                .getResultList();
    }

    public VideoCollection rename(String publicId, String name) {
        String n = checkName(name);
        VideoCollection c = lock(publicId);
        c.name = n;
        c.updatedAt = clock.instant();
        return c;
    }

    /** Deletes the collection, its order and its share links; the videos stay. */
    public void delete(String publicId) {
        VideoCollection c = lock(publicId);
        c.delete();
    }

    /**
     * Adds videos at the end, in the order given. {@code strict}: a video that is not finished refuses the
     * whole request (409); otherwise it is left out and reported.
     */
    public Added add(String publicId, List<String> jobIds, boolean strict) {
        List<GenerationJob> selected = jobs.getAll(jobIds);
        List<String> notFinished = selected.stream()
                .filter(j -> j.status != JobStatus.SUCCEEDED)
                .map(j -> j.publicId)
                .toList();
        if (strict && !notFinished.isEmpty()) {
            throw new ConflictException("Job " + notFinished.get(0) + " has no finished video to add to a collection.");
        }
        VideoCollection c = lock(publicId);
        Set<Long> present = new HashSet<>(CollectionItem.getEntityManager()
                .createQuery("select i.jobId from CollectionItem i where i.collectionId = :c", Long.class)
                .setParameter("c", c.id)
                .getResultList());
        Integer max = CollectionItem.getEntityManager()
                .createQuery("select max(i.position) from CollectionItem i where i.collectionId = :c", Integer.class)
                .setParameter("c", c.id)
                .getSingleResult();
        int next = max == null ? 0 : max + 1;
        int added = 0;
        int already = 0;
        Instant now = clock.instant();
        for (GenerationJob job : selected) {
            if (job.status != JobStatus.SUCCEEDED) {
                continue;
            }
            if (!present.add(job.id)) {
                already++;
                continue;
            }
            CollectionItem item = new CollectionItem();
            item.collectionId = c.id;
            item.jobId = job.id;
            item.position = next++;
            item.addedAt = now;
            item.persist();
            added++;
        }
        if (added > 0) {
            c.updatedAt = now;
        }
        return new Added(c, added, already, notFinished);
    }

    /** Takes one video out of the collection (the video itself stays). */
    public void remove(String publicId, String jobId) {
        VideoCollection c = lock(publicId);
        long removed = CollectionItem.delete(
                "collectionId = ?1 and jobId = (select j.id from GenerationJob j where j.publicId = ?2)", c.id, jobId);
        if (removed == 0) {
            throw new GalleryNotFoundException("Video '" + jobId + "' is not in the collection '" + publicId + "'.");
        }
        c.updatedAt = clock.instant();
    }

    /** Puts the collection's videos in the given order, which must name each of them exactly once. */
    public Detail reorder(String publicId, List<String> jobIds) {
        VideoCollection c = lock(publicId);
        List<Item> current = items(c.id);
        Map<String, Long> byPublicId = new HashMap<>();
        current.forEach(i -> byPublicId.put(i.job().publicId, i.job().id));
        if (jobIds.size() != current.size() || !byPublicId.keySet().equals(new HashSet<>(jobIds))) {
            throw new InvalidRequestException(
                    "videos",
                    "videos must list every video of the collection exactly once (" + current.size()
                            + " videos), in the new order");
        }
        renumber(c.id, jobIds.stream().map(byPublicId::get).toList());
        c.updatedAt = clock.instant();
        return new Detail(c, items(c.id));
    }

    /** Moves one video a place earlier ({@code delta} -1) or later (+1). */
    public void move(String publicId, String jobId, int delta) {
        VideoCollection c = lock(publicId);
        List<Item> items = items(c.id);
        List<Long> order = new ArrayList<>(items.size());
        int at = -1;
        for (int i = 0; i < items.size(); i++) {
            order.add(items.get(i).job().id);
            if (items.get(i).job().publicId.equals(jobId)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new GalleryNotFoundException("Video '" + jobId + "' is not in the collection '" + publicId + "'.");
        }
        int to = Math.max(0, Math.min(order.size() - 1, at + delta));
        if (to != at) {
            order.add(to, order.remove(at));
            renumber(c.id, order);
            c.updatedAt = clock.instant();
        }
    }

    private static void renumber(long collectionId, List<Long> jobOrder) {
        for (int i = 0; i < jobOrder.size(); i++) {
            CollectionItem.update(
                    "position = ?1 where collectionId = ?2 and jobId = ?3", i, collectionId, jobOrder.get(i));
        }
    }

    /** The collections a video is in, by name. */
    public List<VideoCollection> containing(GenerationJob job) {
        return VideoCollection.<VideoCollection>find(
                        "id in (select i.collectionId from CollectionItem i where i.jobId = ?1) order by name", job.id)
                .list();
    }
}
