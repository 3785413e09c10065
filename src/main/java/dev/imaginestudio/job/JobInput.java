package dev.imaginestudio.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.util.List;

/** An input image of a job, stored in the media store beside its output. */
@Entity
public class JobInput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Long jobId;

    @Column(nullable = false)
    public int position;

    /** {@code first_frame} or {@code reference}. */
    @Column(nullable = false, length = 16)
    public String role;

    @Column(nullable = false, length = 64)
    public String fileName;

    @Column(nullable = false, length = 32)
    public String mimeType;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(nullable = false)
    public long byteSize;

    public static List<JobInput> forJob(long jobId) {
        return list("jobId = ?1 order by position", jobId);
    }
}
