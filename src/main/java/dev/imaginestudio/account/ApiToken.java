package dev.imaginestudio.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A personal API token: only its SHA-256 is stored, with the last characters as a hint to tell tokens apart. */
@Entity
public class ApiToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 32)
    public String publicId;

    @Column(nullable = false)
    public Long accountId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false, length = 64)
    public String tokenHash;

    @Column(nullable = false, length = 16)
    public String hint;

    @Column(nullable = false)
    public Instant createdAt;

    public Instant lastUsedAt;

    public Instant revokedAt;

    public boolean revoked() {
        return revokedAt != null;
    }
}
