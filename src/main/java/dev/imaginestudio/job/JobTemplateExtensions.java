package dev.imaginestudio.job;

import dev.imaginestudio.common.Formats;
import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;

/** How jobs read on pages: status words a person understands, costs, and the addresses of their media. */
@TemplateExtension
public final class JobTemplateExtensions {

    private JobTemplateExtensions() {}

    /** The status as shown on a badge. */
    public static String label(JobStatus status) {
        return switch (status) {
            case QUEUED -> "Queued";
            case SUBMITTING -> "Sending";
            case PENDING -> "Waiting";
            case RUNNING -> "Generating";
            case DOWNLOADING -> "Saving";
            case SUCCEEDED -> "Ready";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case EXPIRED -> "Expired";
        };
    }

    /** The badge's colour family: active, ok, bad or muted. */
    public static String tone(JobStatus status) {
        return switch (status) {
            case SUCCEEDED -> "ok";
            case FAILED, EXPIRED -> "bad";
            case CANCELLED -> "muted";
            default -> "active";
        };
    }

    /** One sentence on what is happening now, for the live status panel. */
    public static String explanation(GenerationJob job) {
        return switch (job.status) {
            case QUEUED -> "Queued in the studio; it is sent to the provider on the next poller tick.";
            case SUBMITTING -> "Sending the request to the provider.";
            case PENDING -> "Accepted by the provider and waiting for a free slot.";
            case RUNNING -> "The provider is generating the video.";
            case DOWNLOADING -> "Finished at the provider; copying the video into the studio.";
            case SUCCEEDED -> "The video is ready.";
            case FAILED -> "The job failed.";
            case CANCELLED -> "The job was cancelled.";
            case EXPIRED -> "The studio stopped waiting for this job.";
        };
    }

    /** Whether the progress is known (the provider reports a percentage) or only that work goes on. */
    public static boolean progressKnown(GenerationJob job) {
        return job.progress > 0 && !job.status.terminal();
    }

    /** A readable name for an error category. */
    public static String categoryLabel(ErrorCategory category) {
        if (category == null) {
            return "Error";
        }
        return switch (category) {
            case REJECTED -> "Refused by the provider";
            case SUBMIT_UNKNOWN -> "Submit outcome unknown";
            case TIMEOUT -> "Timed out";
            case POLL_FAILED -> "Provider unreachable";
            case NO_OUTPUT -> "No video returned";
            case DOWNLOAD_FAILED -> "Download failed";
            case RENDER_FAILED -> "Preview render failed";
            case ROUTE_UNAVAILABLE -> "Route unavailable";
            case CANCELLED -> "Cancelled";
            case EXPIRED -> "Expired at the provider";
            default -> category.code().replace('_', ' ');
        };
    }

    /** "Free", "$0.30" (what the provider charged) or "$0.30 est." (before it did). */
    public static String costLabel(GenerationJob job) {
        if (job.costUsd != null) {
            return free(job.costUsd) ? "Free" : Formats.usd(job.costUsd);
        }
        if (job.costEstimateUsd != null) {
            return free(job.costEstimateUsd) ? "Free" : Formats.usd(job.costEstimateUsd) + " est.";
        }
        return "—";
    }

    /** The estimate as recorded when the job was accepted. */
    public static String estimateLabel(GenerationJob job) {
        if (job.costEstimateUsd == null) {
            return "unknown";
        }
        return free(job.costEstimateUsd) ? "Free" : Formats.usd(job.costEstimateUsd);
    }

    /** What the provider reported as the actual cost, once it did. */
    public static String actualCostLabel(GenerationJob job) {
        if (job.costUsd == null) {
            return job.status.terminal() ? "not reported" : "not yet known";
        }
        return free(job.costUsd) ? "Free" : Formats.usd(job.costUsd);
    }

    public static String contentUrl(GenerationJob job) {
        return "/api/v1/videos/" + job.publicId + "/content";
    }

    public static String downloadUrl(GenerationJob job) {
        return "/api/v1/videos/" + job.publicId + "/content?download=1";
    }

    public static String posterUrl(GenerationJob job) {
        return "/api/v1/videos/" + job.publicId + "/poster.jpg";
    }

    public static String pageUrl(GenerationJob job) {
        return "/jobs/" + job.publicId;
    }

    /** Width divided by height, for sizing thumbnails before their image loads. */
    public static String cssAspect(GenerationJob job) {
        String[] parts = job.aspectRatio.split(":");
        return parts.length == 2 ? parts[0] + " / " + parts[1] : "16 / 9";
    }

    /** Width over height as a plain number, for layouts that size a card by its video's shape. */
    public static String ratio(GenerationJob job) {
        if (job.width > 0 && job.height > 0) {
            return String.format(java.util.Locale.ROOT, "%.4f", (double) job.width / job.height);
        }
        String[] parts = job.aspectRatio.split(":");
        return parts.length == 2
                ? String.format(
                        java.util.Locale.ROOT, "%.4f", Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]))
                : "1.7778";
    }

    /** Whether the video is stored and can be played. */
    public static boolean ready(GenerationJob job) {
        return job.status == JobStatus.SUCCEEDED;
    }

    /** The heading of a failed, expired or cancelled job's alert. */
    public static String errorTitle(GenerationJob job) {
        return switch (job.status) {
            case FAILED -> "Failed: " + categoryLabel(job.errorCategory);
            case EXPIRED -> "Expired: " + categoryLabel(job.errorCategory);
            case CANCELLED -> "Cancelled";
            default -> label(job.status);
        };
    }

    /** The generation mode in words. */
    public static String modeLabel(GenerationJob job) {
        return switch (job.mode) {
            case TEXT -> "Text to video";
            case IMAGE -> "Image to video";
            case REFERENCE -> "Reference to video";
        };
    }

    private static boolean free(BigDecimal usd) {
        return usd.signum() == 0;
    }
}
