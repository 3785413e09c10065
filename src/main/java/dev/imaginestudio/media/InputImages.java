package dev.imaginestudio.media;

import dev.imaginestudio.config.StudioConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns what a user sent as an input image (an upload, a {@code data:} URL or an https URL) into checked
 * bytes: a PNG, JPEG or WebP identified by its content, within the byte and pixel limits.
 */
@ApplicationScoped
public class InputImages {

    /** A checked image, ready to be stored. */
    public record Loaded(byte[] bytes, ImageSniffer.Sniffed format) {}

    /** Why an image was refused; the message names no field, the caller adds which image it was. */
    public static class Rejected extends Exception {
        public Rejected(String message) {
            super(message);
        }
    }

    /** An image URL that was not fetched because too many fetches are running: the request may be sent again. */
    public static final class Busy extends Rejected {
        Busy(String message) {
            super(message);
        }
    }

    private final StudioConfig.Inputs limits;
    private final RemoteImageFetcher fetcher;

    InputImages(StudioConfig config) {
        this.limits = config.inputs();
        this.fetcher = new RemoteImageFetcher(
                true,
                AddressGuard::isPublic,
                new RemoteImageFetcher.Limits(
                        limits.fetchTimeout(),
                        limits.fetchIdleTimeout(),
                        limits.fetchDeadline(),
                        limits.maxConcurrentFetches(),
                        limits.fetchSlotWait()));
    }

    /** Loads an image given as a URL: {@code data:<mime>;base64,...} or {@code https://...}. */
    public Loaded fromUrl(String url) throws Rejected {
        if (url == null || url.isBlank()) {
            throw new Rejected("the image URL is empty");
        }
        String u = url.strip();
        if (u.regionMatches(true, 0, "data:", 0, 5)) {
            return fromDataUrl(u);
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new Rejected("the image URL is not a valid URL");
        }
        try {
            return fromBytes(fetcher.fetch(uri, limits.maxImageBytes()));
        } catch (RemoteImageFetcher.Busy e) {
            throw new Busy(e.getMessage());
        } catch (RemoteImageFetcher.Refused e) {
            throw new Rejected(e.getMessage());
        } catch (IOException e) {
            throw new Rejected("the image could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Loaded fromDataUrl(String url) throws Rejected {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new Rejected("the data: URL has no data");
        }
        String meta = url.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!meta.endsWith(";base64")) {
            throw new Rejected("the data: URL must be base64-encoded");
        }
        // base64 grows 4/3: refuse before decoding anything far beyond the limit
        if ((url.length() - comma - 1L) * 3 / 4 > limits.maxImageBytes() + 3) {
            throw new Rejected("the image is larger than " + mib(limits.maxImageBytes()));
        }
        byte[] bytes;
        try {
            String data = url.substring(comma + 1);
            // the strict decoder refuses stray characters that the MIME decoder would silently skip
            bytes = Base64.getDecoder()
                    .decode(data.indexOf('\n') >= 0 || data.indexOf(' ') >= 0 ? data.replaceAll("\\s", "") : data);
        } catch (IllegalArgumentException e) {
            throw new Rejected("the data: URL is not valid base64");
        }
        return fromBytes(bytes);
    }

    /** Checks uploaded or fetched bytes. */
    public Loaded fromBytes(byte[] bytes) throws Rejected {
        if (bytes.length == 0) {
            throw new Rejected("the image is empty");
        }
        if (bytes.length > limits.maxImageBytes()) {
            throw new Rejected("the image is larger than " + mib(limits.maxImageBytes()));
        }
        ImageSniffer.Sniffed format =
                ImageSniffer.sniff(bytes).orElseThrow(() -> new Rejected("the file is not a PNG, JPEG or WebP image"));
        int maxSide = limits.maxImageSide();
        if (format.width() > maxSide || format.height() > maxSide) {
            throw new Rejected("the image is " + format.width() + "x" + format.height() + " pixels; the limit is "
                    + maxSide + " pixels per side");
        }
        if (format.width() < limits.minImageSide() || format.height() < limits.minImageSide()) {
            throw new Rejected("the image is " + format.width() + "x" + format.height()
                    + " pixels; it must be at least " + limits.minImageSide() + " pixels per side");
        }
        return new Loaded(bytes, format);
    }

    public long maxImageBytes() {
        return limits.maxImageBytes();
    }

    public long maxTotalBytes() {
        return limits.maxTotalBytes();
    }

    static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }
}
