package dev.imaginestudio.gallery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * A public link to one video ({@code jobId}) or one collection ({@code collectionId}). The token is the only
 * thing the public sees; revoking the link deletes the row.
 */
@Entity
public class ShareLink extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String token;

    @Column(name = "owner_id", nullable = false, length = 64)
    public String owner;

    public Long jobId;

    public Long collectionId;

    @Column(nullable = false)
    public boolean showPrompt;

    @Column(nullable = false)
    public Instant createdAt;

    public Instant expiresAt;

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
