package dev.imaginestudio.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** An input image of a job, stored in the media store beside its output. */
@Entity
@Table(name = "job_input")
public class JobInput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public Long jobId;

    @Column(nullable = false)
    public int position;

    /** {@code first_frame} or {@code reference}. */
    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "file_name", nullable = false, length = 64)
    public String fileName;

    @Column(name = "mime_type", nullable = false, length = 32)
    public String mimeType;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(name = "byte_size", nullable = false)
    public long byteSize;

    public static List<JobInput> forJob(long jobId) {
        return list("jobId = ?1 order by position", jobId);
    }
}
