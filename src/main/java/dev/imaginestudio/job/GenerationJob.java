package dev.imaginestudio.job;

import dev.imaginestudio.provider.GenerationMode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One paid (or preview) generation, from acceptance to a stored MP4 or a final failure. */
@Entity
public class GenerationJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 32)
    public String publicId;

    @Column(name = "owner_id", nullable = false, length = 64)
    public String owner;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    public GenerationMode mode;

    @Column(nullable = false, length = 128)
    public String modelId;

    @Column(nullable = false, length = 32)
    public String route;

    @Column(nullable = false, length = 128)
    public String providerModelId;

    @Column(nullable = false, length = 8192)
    public String prompt;

    @Column(nullable = false)
    public int durationSeconds;

    @Column(nullable = false, length = 16)
    public String resolution;

    @Column(nullable = false, length = 8)
    public String aspectRatio;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    public Long seed;

    public Boolean generateAudio;

    @Column(nullable = false)
    public int inputCount;

    public String idempotencyKey;

    /** SHA-256 of the canonical request the Idempotency-Key was first used with (hex), or null. */
    public String requestHash;

    public String providerJobId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    public JobStatus status;

    @Column(nullable = false)
    public int progress;

    @Column(nullable = false)
    public int submitAttempts;

    @Column(nullable = false)
    public int pollCount;

    @Column(nullable = false)
    public int pollFailures;

    @Column(nullable = false)
    public int downloadAttempts;

    public Instant nextAttemptAt;

    @Column(length = 64)
    public String leaseOwner;

    public Instant leaseUntil;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;

    public Instant submittedAt;

    public Instant finishedAt;

    @Column(precision = 18, scale = 10)
    public BigDecimal costEstimateUsd;

    @Column(precision = 18, scale = 10)
    public BigDecimal costUsd;

    @Convert(converter = ErrorCategory.Column.class)
    @Column(length = 32)
    public ErrorCategory errorCategory;

    @Column(length = 2000)
    public String errorMessage;

    @Column(length = 4000)
    public String outputUrl;

    public Long outputBytes;

    public Integer outputFrames;

    public Integer outputDurationMs;

    /** The job this one repeats (internal id), when it was made by a retry; null once that job is deleted. */
    public Long retryOf;

    /**
     * What the job costs as the pages show it: the provider's figure once reported, else the estimate, else 0.
     * Kept in step by {@link #keepEffectiveCost()}; history filters and sorts on it.
     */
    @Column(nullable = false, precision = 18, scale = 10)
    public BigDecimal effectiveCostUsd = BigDecimal.ZERO;

    @Version
    @Column(nullable = false)
    public long version;

    @PrePersist
    @PreUpdate
    void keepEffectiveCost() {
        effectiveCostUsd = costUsd != null ? costUsd : costEstimateUsd != null ? costEstimateUsd : BigDecimal.ZERO;
    }

    public String size() {
        return width + "x" + height;
    }

    public static GenerationJob findByPublicId(String publicId) {
        return find("publicId", publicId).firstResult();
    }
}
