package dev.imaginestudio.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document, plus OpenRouter's {@code error: {code, message}} member so clients written
 * for OpenRouter read our errors too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<Map<String, String>> errors,
        Map<String, Object> error) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.StatusType status, String detail, List<Map<String, String>> errors) {
        return of(status.getStatusCode(), status.getReasonPhrase(), detail, errors);
    }

    /** For the statuses JAX-RS names no constant for (414, 422, 431). */
    public static Problem of(int status, String title, String detail, List<Map<String, String>> errors) {
        return new Problem(
                "about:blank", title, status, detail, null, errors, Map.of("code", status, "message", detail));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
