package dev.imaginestudio.gallery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;

/** A named, ordered set of videos. Public by its random id, never by the sequential one. */
@Entity
public class VideoCollection extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 32)
    public String publicId;

    @Column(name = "owner_id", nullable = false, length = 64)
    public String owner;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;
}
