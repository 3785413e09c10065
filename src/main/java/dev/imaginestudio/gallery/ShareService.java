package dev.imaginestudio.gallery;

import dev.imaginestudio.account.Caller;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.Ids;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.job.GenerationJob;
import dev.imaginestudio.job.JobReads;
import dev.imaginestudio.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Share links: an unguessable token per link, optional expiry, several links per video or collection, revoked
 * by deleting them. {@link #resolve} is the only way in for the public, and it says nothing about why a token
 * does not work. Plain rows: each method is one transaction, joining the caller's when there is one.
 */
@ApplicationScoped
@Transactional
public class ShareService {

    /** What a link points at: one video, or a collection and its finished videos in order. */
    public record Shared(ShareLink link, GenerationJob video, VideoCollection collection, List<GenerationJob> videos) {

        /** The videos the page shows: the one video, or the collection's. */
        public List<GenerationJob> all() {
            return video != null ? List.of(video) : videos;
        }
    }

    /** A video's sharing as its owner's pages show it: its links and collections, and every collection to add it to. */
    public record VideoSharing(
            GenerationJob job,
            List<ShareLink> links,
            List<VideoCollection> inCollections,
            List<CollectionService.Summary> collections) {}

    /** A collection's page: its videos in order and its links. */
    public record CollectionSharing(CollectionService.Detail detail, List<ShareLink> links) {}

    private final JobReads jobs;
    private final CollectionService collections;
    private final Clock clock;
    private final Caller caller;

    ShareService(JobReads jobs, CollectionService collections, Clock clock, Caller caller) {
        this.caller = caller;
        this.jobs = jobs;
        this.collections = collections;
        this.clock = clock;
    }

    /** A link to one finished video. */
    public ShareLink shareVideo(String jobId, Instant expiresAt, boolean showPrompt) {
        GenerationJob job = jobs.job(jobId);
        if (job.status != JobStatus.SUCCEEDED) {
            throw new ConflictException(
                    "Job " + jobId + " has no finished video to share yet: it is " + job.status.apiName() + ".");
        }
        return persist(job.id, null, expiresAt, showPrompt);
    }

    /** A link to a collection: it shows the collection's videos as they are when the link is opened. */
    public ShareLink shareCollection(String collectionId, Instant expiresAt, boolean showPrompt) {
        VideoCollection c = collections.get(collectionId);
        return persist(null, c.id, expiresAt, showPrompt);
    }

    private ShareLink persist(Long jobId, Long collectionId, Instant expiresAt, boolean showPrompt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidRequestException(
                    "expires_at", "expires_at is in the past; leave it out for a link that does not expire");
        }
        ShareLink link = new ShareLink();
        link.token = Ids.token();
        link.owner = caller.ownerId();
        link.jobId = jobId;
        link.collectionId = collectionId;
        link.showPrompt = showPrompt;
        link.createdAt = now;
        link.expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
        link.persist();
        return link;
    }

    /** The links of a video, newest first (expired ones too, marked by their expiry). */
    public List<ShareLink> linksOfVideo(String jobId) {
        return links(jobs.job(jobId));
    }

    private static List<ShareLink> links(GenerationJob job) {
        // the job was found for this caller already: its links are the caller's to see
        return ShareLink.list("jobId = ?1 order by createdAt desc, id desc", job.id);
    }

    /** The sharing card and page of a video, in one read. */
    public VideoSharing videoSharing(String jobId) {
        GenerationJob job = jobs.job(jobId);
        return new VideoSharing(job, links(job), collections.containing(job), collections.list());
    }

    /** The links of a collection, newest first. */
    public List<ShareLink> linksOfCollection(String collectionId) {
        return links(collections.get(collectionId));
    }

    private static List<ShareLink> links(VideoCollection c) {
        return ShareLink.list("collectionId = ?1 order by createdAt desc, id desc", c.id);
    }

    /** A collection's page, in one read. */
    public CollectionSharing collectionSharing(String collectionId) {
        CollectionService.Detail detail = collections.detail(collectionId);
        return new CollectionSharing(detail, links(detail.collection()));
    }

    /** Every link of the owner, newest first. */
    public List<ShareLink> all() {
        String scope = caller.scope();
        return scope == null
                ? ShareLink.list("order by createdAt desc, id desc")
                : ShareLink.list("owner = ?1 order by createdAt desc, id desc", scope);
    }

    /** The owner's link by token, for the owner's pages and the API. */
    public ShareLink get(String token) {
        ShareLink link = ShareLink.<ShareLink>find("token", token).firstResult();
        if (link == null || !caller.mayAccess(link.owner)) {
            throw GalleryNotFoundException.share(token);
        }
        return link;
    }

    /** Revokes a link at once: the row goes, and with it every way in through the token. */
    public void revoke(String token) {
        get(token).delete();
    }

    /** The public id of what a link points at, for the owner's views: a video id or a collection id. */
    public String targetId(ShareLink link) {
        if (link.jobId != null) {
            GenerationJob j = GenerationJob.findById(link.jobId);
            return j == null ? null : j.publicId;
        }
        VideoCollection c = VideoCollection.findById(link.collectionId);
        return c == null ? null : c.publicId;
    }

    /**
     * What a public token shows, if the link exists, has not expired and still points at something to show.
     * Empty in every other case, without saying which.
     */
    public Optional<Shared> resolve(String token) {
        if (!Ids.plausibleToken(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ShareLink link = ShareLink.<ShareLink>find("token", token).firstResult();
        if (link == null || link.expired(now)) {
            return Optional.empty();
        }
        if (link.jobId != null) {
            GenerationJob job = GenerationJob.findById(link.jobId);
            if (job == null || job.status != JobStatus.SUCCEEDED) {
                return Optional.empty();
            }
            return Optional.of(new Shared(link, job, null, List.of()));
        }
        VideoCollection c = VideoCollection.findById(link.collectionId);
        if (c == null) {
            return Optional.empty();
        }
        List<GenerationJob> videos = CollectionService.items(c.id).stream()
                .map(CollectionService.Item::job)
                .filter(j -> j.status == JobStatus.SUCCEEDED)
                .toList();
        return Optional.of(new Shared(link, null, c, videos));
    }
}
