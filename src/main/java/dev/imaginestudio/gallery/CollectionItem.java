package dev.imaginestudio.gallery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** One video in a collection, at its place in the collection's order. */
@Entity
public class CollectionItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Long collectionId;

    @Column(nullable = false)
    public Long jobId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public Instant addedAt;
}
