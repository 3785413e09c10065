package dev.imaginestudio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.imaginestudio.common.BudgetExceededException;
import dev.imaginestudio.common.ConflictException;
import dev.imaginestudio.common.GoneException;
import dev.imaginestudio.common.IdempotencyMismatchException;
import dev.imaginestudio.common.InvalidRequestException;
import dev.imaginestudio.common.Problem;
import dev.imaginestudio.common.ResourceNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns failures into answers: problem+json under {@code /api}, an HTML error page elsewhere. Never a stack
 * trace, never a bare 500 for bad input.
 */
class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @jakarta.inject.Inject
    ErrorPage errorPage;

    @ServerExceptionMapper
    Response invalid(InvalidRequestException e, UriInfo uri, HttpHeaders headers) {
        List<Map<String, String>> errors = e.errors().stream()
                .map(f -> Map.of("field", f.field(), "message", f.message()))
                .toList();
        String detail = e.errors().stream()
                .map(InvalidRequestException.FieldError::message)
                .reduce((a, b) -> a + "; " + b)
                .orElse(e.getMessage());
        return respond(uri, Response.Status.BAD_REQUEST, detail, errors);
    }

    @ServerExceptionMapper
    Response notFound(ResourceNotFoundException e, UriInfo uri) {
        return respond(uri, Response.Status.NOT_FOUND, e.getMessage(), null);
    }

    /** 422, which JAX-RS names no constant for. */
    static final Response.StatusType UNPROCESSABLE = status(422, "Unprocessable Content");

    /** 402, OpenRouter's answer to a request its credit does not cover. */
    static final Response.StatusType PAYMENT_REQUIRED = status(402, "Payment Required");

    private static Response.StatusType status(int code, String reason) {
        return new Response.StatusType() {
            @Override
            public int getStatusCode() {
                return code;
            }

            @Override
            public Response.Status.Family getFamily() {
                return Response.Status.Family.familyOf(code);
            }

            @Override
            public String getReasonPhrase() {
                return reason;
            }
        };
    }

    @ServerExceptionMapper
    Response idempotencyMismatch(IdempotencyMismatchException e, UriInfo uri) {
        return respond(
                uri,
                UNPROCESSABLE,
                e.getMessage(),
                List.of(Map.of("field", "Idempotency-Key", "message", e.getMessage())));
    }

    @ServerExceptionMapper
    Response conflict(ConflictException e, UriInfo uri) {
        return respond(uri, Response.Status.CONFLICT, e.getMessage(), null);
    }

    @ServerExceptionMapper
    Response overBudget(BudgetExceededException e, UriInfo uri) {
        return respond(uri, PAYMENT_REQUIRED, e.getMessage(), null);
    }

    @ServerExceptionMapper
    Response gone(GoneException e, UriInfo uri) {
        return respond(uri, Response.Status.GONE, e.getMessage(), null);
    }

    @ServerExceptionMapper
    Response badJson(JsonProcessingException e, UriInfo uri) {
        InvalidRequestException mismatch = mismatch(e);
        if (mismatch != null) {
            return invalid(mismatch, uri, null);
        }
        return respond(
                uri,
                Response.Status.BAD_REQUEST,
                "The request body is not valid JSON: " + e.getOriginalMessage(),
                null);
    }

    /** Named on its own: Quarkus REST's built-in mapper for this type would otherwise be the closer match. */
    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    /**
     * Well-formed JSON that does not fit a request record (a string where a number belongs, an object where a list
     * does) as the field-named 400 the API gives for any bad field: the field is the JSON path the client wrote,
     * e.g. {@code input_references[0].image_url}; the whole body when it is not an object. Null for JSON that is not
     * well-formed.
     */
    static InvalidRequestException mismatch(JsonProcessingException e) {
        Class<?> target = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputCoercionException c) {
                target = c.getTargetType();
            } else if (t instanceof StreamReadException) {
                return null;
            } else if (t instanceof MismatchedInputException m && target == null) {
                target = m.getTargetType();
            }
        }
        if (!(e instanceof JsonMappingException mapping) || e instanceof InvalidDefinitionException || target == null) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : mapping.getPath()) {
            if (r.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        if (field.isEmpty()) {
            return new InvalidRequestException("body", "the request body must be a JSON object");
        }
        String must = CharSequence.class.isAssignableFrom(target)
                ? "a string"
                : target == Boolean.class || target == boolean.class
                        ? "true or false"
                        : Number.class.isAssignableFrom(target) || target.isPrimitive()
                                ? "a whole number"
                                : Collection.class.isAssignableFrom(target) || target.isArray()
                                        ? "an array"
                                        : "a JSON object";
        return new InvalidRequestException(field.toString(), field + " must be " + must);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        Response.Status status = Response.Status.fromStatusCode(original.getStatus());
        if (status == null || original.getStatus() < 400) {
            return original;
        }
        JsonProcessingException json = jsonCause(e);
        if (json != null) {
            return badJson(json, uri);
        }
        String detail = switch (status) {
            case BAD_REQUEST -> "The request could not be read; for the API send a JSON object.";
            case NOT_FOUND -> "Nothing here.";
            case METHOD_NOT_ALLOWED -> "This address does not take that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json.";
            case NOT_ACCEPTABLE -> "This address cannot answer in the requested format.";
            default -> e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        };
        return respond(uri, status, detail, null);
    }

    private static boolean lockWait(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof org.hibernate.PessimisticLockException
                    || t instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
        }
        return false;
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return j;
            }
        }
        return null;
    }

    @ServerExceptionMapper(priority = 10_000)
    Response unexpected(RuntimeException e, UriInfo uri) {
        if (e instanceof IllegalArgumentException
                && e.getMessage() != null
                && e.getMessage().startsWith("Failed to decode URL")) {
            // Quarkus REST reports a malformed form or query encoding as a bare IllegalArgumentException: the sender's
            // fault
            return respond(
                    uri,
                    Response.Status.BAD_REQUEST,
                    "The request could not be read: it holds a % that is not followed "
                            + "by two hex digits, or bytes that are not UTF-8. Send URL-encoded UTF-8.",
                    null);
        }
        if (lockWait(e)) {
            // a burst of submits against one budget waits its turn on the budget's row; past the database's lock
            // timeout that is back-pressure, not a fault: nothing was stored, and the client may simply send it again
            LOG.warnf("%s waited too long for a lock: %s", uri.getPath(), e.getMessage());
            return Response.fromResponse(respond(
                            uri,
                            Response.Status.SERVICE_UNAVAILABLE,
                            "The studio is busy with other submits against the same budget; nothing was stored or "
                                    + "sent. Try again in a moment.",
                            null))
                    .header("Retry-After", "1")
                    .build();
        }
        LOG.error("unexpected error serving " + uri.getPath(), e);
        return respond(
                uri,
                Response.Status.INTERNAL_SERVER_ERROR,
                "Something went wrong on the studio's side; the error is in the server log.",
                null);
    }

    private Response respond(UriInfo uri, Response.StatusType status, String detail, List<Map<String, String>> errors) {
        if (status.getFamily() == Response.Status.Family.CLIENT_ERROR && status.getStatusCode() != 404) {
            // a refused request leaves a trace: what was refused and why, never its body
            LOG.warnf("refused %s (%d): %s", uri.getPath(), status.getStatusCode(), detail);
        }
        if (uri.getPath().startsWith("/api/")) {
            return Problem.of(status, detail, errors).toResponse();
        }
        String html = errorPage.render(status.getStatusCode(), status.getReasonPhrase(), detail);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .build();
    }
}
