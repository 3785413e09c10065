package dev.imaginestudio.media;

import dev.imaginestudio.common.Problem;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.PathPart;

/**
 * Serves stored media straight from disk (the server sends the file or a slice of it; nothing is loaded into
 * memory), with single-range requests, ETags and optional download disposition.
 */
public final class MediaResponses {

    private MediaResponses() {}

    public static Response file(
            Path file, String contentType, String range, String ifNoneMatch, String ifRange, String downloadName) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new NotFoundException("no such media");
        }
        long size = attrs.size();
        String etag = "\"" + Long.toHexString(size) + "-"
                + Long.toHexString(attrs.lastModifiedTime().toMillis()) + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("*"))) {
            return Response.notModified()
                    .tag(etag.substring(1, etag.length() - 1))
                    .build();
        }
        // If-Range with a stale validator means: send the whole current file
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag));
        Response.ResponseBuilder r;
        if (rangeApplies) {
            long[] span = parseRange(range, size);
            if (span == null) {
                String shown = range.length() > 60 ? range.substring(0, 60) + "…" : range;
                return Response.status(416)
                        .header("Content-Range", "bytes */" + size)
                        .header("Accept-Ranges", "bytes")
                        .type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(
                                416,
                                "Range Not Satisfiable",
                                "The range '" + shown + "' lies outside the file's " + size
                                        + " bytes or is not a single byte range.",
                                List.of(Map.of(
                                        "field",
                                        "Range",
                                        "message",
                                        "send a single range such as bytes=0-1023 within the " + size + " bytes"))))
                        .build();
            }
            if (span.length == 0) {
                r = Response.ok(file);
            } else {
                long start = span[0];
                long end = span[1];
                r = Response.status(206)
                        .entity(new PathPart(file, start, end - start + 1))
                        .header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        } else {
            r = Response.ok(file);
        }
        r.type(contentType)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
        if (downloadName != null) {
            r.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        return r.build();
    }

    /**
     * Parses one {@code bytes=} range against a file of {@code size} bytes.
     *
     * @return {start, end} inclusive; an empty array to serve the whole file (several ranges: allowed by
     * RFC 9110 to ignore); null when unsatisfiable or malformed
     */
    static long[] parseRange(String header, long size) {
        String h = header.trim();
        if (!h.startsWith("bytes=")) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return new long[0];
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return null;
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            if (start < 0 || start >= size || end < start) {
                return null;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
