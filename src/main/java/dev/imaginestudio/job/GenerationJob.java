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
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One paid (or preview) generation, from acceptance to a stored MP4 or a final failure. */
@Entity
@Table(name = "generation_job")
public class GenerationJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "public_id", nullable = false, length = 32)
    public String publicId;

    @Column(name = "owner_id", nullable = false, length = 64)
    public String owner;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    public GenerationMode mode;

    @Column(name = "model_id", nullable = false, length = 128)
    public String modelId;

    @Column(nullable = false, length = 32)
    public String route;

    @Column(name = "provider_model_id", nullable = false, length = 128)
    public String providerModelId;

    @Column(nullable = false, length = 8192)
    public String prompt;

    @Column(name = "duration_seconds", nullable = false)
    public int durationSeconds;

    @Column(nullable = false, length = 16)
    public String resolution;

    @Column(name = "aspect_ratio", nullable = false, length = 8)
    public String aspectRatio;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    public Long seed;

    @Column(name = "generate_audio")
    public Boolean generateAudio;

    @Column(name = "input_count", nullable = false)
    public int inputCount;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the canonical request the Idempotency-Key was first used with (hex), or null. */
    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "provider_job_id")
    public String providerJobId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    public JobStatus status;

    @Column(nullable = false)
    public int progress;

    @Column(name = "submit_attempts", nullable = false)
    public int submitAttempts;

    @Column(name = "poll_count", nullable = false)
    public int pollCount;

    @Column(name = "poll_failures", nullable = false)
    public int pollFailures;

    @Column(name = "download_attempts", nullable = false)
    public int downloadAttempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "lease_owner", length = 64)
    public String leaseOwner;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "cost_estimate_usd", precision = 18, scale = 10)
    public BigDecimal costEstimateUsd;

    @Column(name = "cost_usd", precision = 18, scale = 10)
    public BigDecimal costUsd;

    @Convert(converter = ErrorCategory.Column.class)
    @Column(name = "error_category", length = 32)
    public ErrorCategory errorCategory;

    @Column(name = "error_message", length = 2000)
    public String errorMessage;

    @Column(name = "output_url", length = 4000)
    public String outputUrl;

    @Column(name = "output_bytes")
    public Long outputBytes;

    @Column(name = "output_frames")
    public Integer outputFrames;

    @Column(name = "output_duration_ms")
    public Integer outputDurationMs;

    /** The job this one repeats (internal id), when it was made by a retry; null once that job is deleted. */
    @Column(name = "retry_of")
    public Long retryOf;

    /**
     * What the job costs as the pages show it: the provider's figure once reported, else the estimate, else 0.
     * Kept in step by {@link #keepEffectiveCost()}; history filters and sorts on it.
     */
    @Column(name = "effective_cost_usd", nullable = false, precision = 18, scale = 10)
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
