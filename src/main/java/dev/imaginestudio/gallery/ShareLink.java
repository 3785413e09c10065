package dev.imaginestudio.gallery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A public link to one video ({@code jobId}) or one collection ({@code collectionId}). The token is the only
 * thing the public sees; revoking the link deletes the row.
 */
@Entity
@Table(name = "share_link")
public class ShareLink extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String token;

    @Column(name = "owner_id", nullable = false, length = 64)
    public String owner;

    @Column(name = "job_id")
    public Long jobId;

    @Column(name = "collection_id")
    public Long collectionId;

    @Column(name = "show_prompt", nullable = false)
    public boolean showPrompt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
