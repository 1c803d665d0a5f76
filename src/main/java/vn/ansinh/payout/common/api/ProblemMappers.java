package vn.ansinh.payout.common.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/**
 * Every failure leaves as an RFC 9457 problem detail. No stack trace, SQL or class name reaches
 * the client: unexpected errors are logged (masked) with the request id and answered generically.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response api(ApiException e, HttpHeaders headers, UriInfo uri) {
        return Problems.response(e.code(), headers, path(uri), e.detailKey(), e.args(), e.fieldErrors(),
                e.extensions(), e.headers());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        boolean returnValue = e.getConstraintViolations().stream()
                .anyMatch(v -> lastKind(v.getPropertyPath()) == ElementKind.RETURN_VALUE);
        if (returnValue) {
            Log.errorf("response failed its own validation: %s", e.getMessage());
            return Problems.response(ErrorCode.INTERNAL_ERROR, headers, path(uri), "detail.internal");
        }
        List<Problem.FieldError> errors = fieldErrors(e.getConstraintViolations());
        return Problems.response(ErrorCode.VALIDATION_FAILED, headers, path(uri), "detail.validation",
                new Object[0], errors, java.util.Map.of(), java.util.Map.of());
    }

    // Quarkus ships mappers for these subtypes; naming them here makes ours the more specific match.
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, HttpHeaders headers, UriInfo uri) {
        return json(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpHeaders headers, UriInfo uri) {
        return json(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        return json(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(com.fasterxml.jackson.core.JsonParseException e, HttpHeaders headers, UriInfo uri) {
        return json(e, headers, uri);
    }

    /**
     * An ApiException raised while a body was being read (the body budget, counting what the JSON reader
     * consumes) reaches us wrapped by the reader: it is answered as itself, not as malformed JSON.
     */
    private static ApiException apiCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    @ServerExceptionMapper({ JsonProcessingException.class })
    public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        ApiException cause = apiCause(e);
        if (cause != null) {
            return api(cause, headers, uri);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String field = jsonPath(u);
            return Problems.response(ErrorCode.UNKNOWN_FIELD, headers, path(uri), "detail.unknownField",
                    new Object[] { field },
                    List.of(new Problem.FieldError(field, "UNKNOWN_FIELD",
                            Messages.get(Messages.choose(headers.getAcceptableLanguages()), "field.unknown"))),
                    java.util.Map.of(), java.util.Map.of());
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String field = jsonPath((JsonMappingException) e);
            if (!field.isEmpty()) {
                return Problems.response(ErrorCode.VALIDATION_FAILED, headers, path(uri), "detail.validation",
                        new Object[0],
                        List.of(new Problem.FieldError(field, "TYPE",
                                Messages.get(Messages.choose(headers.getAcceptableLanguages()), "field.type"))),
                        java.util.Map.of(), java.util.Map.of());
            }
        }
        return Problems.response(ErrorCode.MALFORMED_REQUEST, headers, path(uri), "detail.malformedJson");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return Problems.response(ErrorCode.UNAUTHENTICATED, headers, path(uri), "detail.unauthenticated");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return Problems.response(ErrorCode.UNAUTHENTICATED, headers, path(uri), "detail.unauthenticated");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return Problems.response(ErrorCode.FORBIDDEN, headers, path(uri), "detail.forbidden");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        ApiException cause = apiCause(e);
        if (cause != null) {
            return api(cause, headers, uri);
        }
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return json(jpe, headers, uri);
        }
        if (e instanceof NotFoundException && isParameterConversion(e)) {
            // JAX-RS answers 404 when a path/query parameter cannot be converted; for a query value that
            // is simply malformed (an unknown enum constant, a bad date) the honest answer is 400.
            return Problems.response(ErrorCode.VALIDATION_FAILED, headers, path(uri), "detail.badParameter");
        }
        if (e instanceof NotFoundException) {
            return Problems.response(ErrorCode.NOT_FOUND, headers, path(uri), "detail.noSuchPath");
        }
        if (e instanceof NotAllowedException) {
            return Problems.response(ErrorCode.METHOD_NOT_ALLOWED, headers, path(uri), "detail.methodNotAllowed");
        }
        ErrorCode code = ErrorCode.forStatus(status);
        if (status >= 500) {
            Log.errorf(e, "web exception %d", status);
            return Problems.response(ErrorCode.INTERNAL_ERROR, headers, path(uri), "detail.internal");
        }
        return Problems.response(code, headers, path(uri), "detail.http." + code.name());
    }

    /** A unique or foreign-key constraint caught what a concurrent request slipped past the checks. */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
        Log.infof("constraint %s refused a write", e.getConstraintName());
        return Problems.response(ErrorCode.CONFLICT, headers, path(uri), "detail.conflict");
    }

    /** A deadlock or lock timeout chosen as the victim: nothing was written, the client may retry. */
    @ServerExceptionMapper({ org.hibernate.exception.LockAcquisitionException.class, org.hibernate.PessimisticLockException.class })
    public Response lockConflict(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        Log.infof("lock conflict: %s", e.getClass().getSimpleName());
        return Problems.response(ErrorCode.CONFLICT, headers, path(uri), "detail.retryConflict");
    }

    @ServerExceptionMapper({ org.hibernate.StaleObjectStateException.class, jakarta.persistence.OptimisticLockException.class })
    public Response stale(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        return Problems.response(ErrorCode.PRECONDITION_FAILED, headers, path(uri), "detail.staleVersion");
    }

    @ServerExceptionMapper({ PgException.class })
    public Response database(PgException e, HttpHeaders headers, UriInfo uri) {
        // 40001 serialization failure, 40P01 deadlock: safe for the client to retry
        if ("23505".equals(e.getSqlState()) || "23503".equals(e.getSqlState())) {
            return Problems.response(ErrorCode.CONFLICT, headers, path(uri), "detail.conflict");
        }
        if ("40001".equals(e.getSqlState()) || "40P01".equals(e.getSqlState())) {
            return Problems.response(ErrorCode.CONFLICT, headers, path(uri), "detail.retryConflict");
        }
        if (unstorableText(e.getSqlState())) {
            return unstorableText(e.getSqlState(), headers, uri);
        }
        if (databaseUnavailable(e, 0)) {
            return unavailable(e, headers, uri);
        }
        // programming errors (class 42) name the statement's fault, not data; the log filter masks digits anyway
        Log.errorf("database error sqlstate=%s constraint=%s%s", e.getSqlState(), e.getConstraint(),
                e.getSqlState() != null && e.getSqlState().startsWith("42") ? ": " + e.getErrorMessage() + " at " + e.getPosition() : "");
        return Problems.response(ErrorCode.INTERNAL_ERROR, headers, path(uri), "detail.internal");
    }

    @ServerExceptionMapper({ VertxException.class, java.net.ConnectException.class })
    public Response unavailable(Exception e, HttpHeaders headers, UriInfo uri) {
        Log.warnf("dependency unavailable: %s", e.getMessage());
        return Problems.response(ErrorCode.SERVICE_UNAVAILABLE, headers, path(uri), "detail.unavailable",
                new Object[0], List.of(), java.util.Map.of(), java.util.Map.of("Retry-After", "5"));
    }

    /**
     * A multipart body cut short, not matching its declared boundary, or with a malformed part header
     * fails while the parser reads it (an IOException, a MalformedMessageException), before any resource
     * method: the request is malformed, not the service broken.
     */
    static boolean fromMultipartParser(Throwable e) {
        // only the parser's own verdicts on the body; a failure to write a part to disk stays a 500
        return e.getClass().getName().endsWith("MultipartParser$MalformedMessageException")
                || (e instanceof java.io.IOException && String.valueOf(e.getMessage()).startsWith("Connection terminated reading multipart"));
    }

    /**
     * Text the database cannot hold (a NUL, an invalid byte sequence: SQLSTATE 22021, 22P05) can only
     * come from the request; whatever the edge checks missed is the client's error, not a 500.
     */
    @ServerExceptionMapper
    public Response dataException(org.hibernate.exception.DataException e, HttpHeaders headers, UriInfo uri) {
        if (unstorableText(e.getSQLState())) {
            return unstorableText(e.getSQLState(), headers, uri);
        }
        return unexpected(e, headers, uri);
    }

    private static boolean unstorableText(String sqlState) {
        return "22021".equals(sqlState) || "22P05".equals(sqlState);
    }

    private static Response unstorableText(String sqlState, HttpHeaders headers, UriInfo uri) {
        Log.warnf("refused text the database cannot store (sqlstate %s): an input check missed it", sqlState);
        return Problems.response(ErrorCode.MALFORMED_REQUEST, headers, path(uri), "detail.unstorableText");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (databaseUnavailable(e, 0)) {
            // Hibernate Reactive and Mutiny wrap the SQL client's failure to connect (HR000092, a
            // CompositeException with the rollback's own failure): while the database is down or failing
            // over the client should retry, not report a fault (src/reliability/outage.sh)
            return unavailable(e instanceof Exception x ? x : new RuntimeException(e), headers, uri);
        }
        if (fromMultipartParser(e)) {
            Log.infof("unreadable multipart body: %s", e.getClass().getSimpleName());
            return Problems.response(ErrorCode.MALFORMED_REQUEST, headers, path(uri), "detail.malformedMultipart");
        }
        if (e.getClass().getName().endsWith("FileTooLargeException")) {
            // a chunked upload that grew past the limit while it was read
            return Problems.response(ErrorCode.PAYLOAD_TOO_LARGE, headers, path(uri), "detail.http.PAYLOAD_TOO_LARGE");
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BodyBudgetInterceptor.BodyCutShort) {
                // the client went away mid-body: nothing was read in full, nothing changed, no one hears the answer
                Log.infof("request body cut short on %s (the client went away)", path(uri));
                return Problems.response(ErrorCode.MALFORMED_REQUEST, headers, path(uri), "detail.http.MALFORMED_REQUEST");
            }
        }
        Log.errorf(sanitized(e), "unexpected error on %s", path(uri));
        if (e instanceof io.smallrye.mutiny.CompositeException composite) {
            for (Throwable cause : composite.getCauses()) {
                Log.errorf("  one of its causes: %s", sanitized(cause).getMessage());
            }
        }
        return Problems.response(ErrorCode.INTERNAL_ERROR, headers, path(uri), "detail.internal");
    }

    /** Connection failures and operator intervention; not 08P01 (a protocol violation is a bug). */
    private static final java.util.Set<String> UNAVAILABLE_STATES = java.util.Set.of("08000", "08001", "08003", "08004",
            "08006", "57P01", "57P02", "57P03");

    /**
     * Whether the failure is the database being unreachable, down or shutting down, wherever it sits in
     * the causes: a refused, reset or closed connection, a connection exception (SQLSTATE 08000-08006,
     * not 08P01) or operator intervention (57P01-57P03: admin shutdown, crash shutdown, cannot connect now).
     */
    static boolean databaseUnavailable(Throwable e, int depth) {
        if (e == null || depth > 8) {
            return false;
        }
        // ClosedConnectionException: the server went away with a statement in flight (its outcome may be
        // unknown to us: the client retries, and every write is idempotent by its id)
        if (e instanceof java.net.ConnectException || e instanceof io.vertx.sqlclient.ClosedConnectionException
                || (e instanceof java.nio.channels.ClosedChannelException
                && !(e instanceof java.nio.channels.ClosedByInterruptException))) {
            return true;
        }
        if (e instanceof PgException pg && UNAVAILABLE_STATES.contains(pg.getSqlState())) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        // the SQL client's own words for a connection the server dropped (a stop, a failover)
        if ((e instanceof VertxException || e instanceof io.vertx.core.impl.NoStackTraceThrowable)
                && (message.contains("Connection refused") || message.contains("Connection reset")
                        || message.toLowerCase(java.util.Locale.ROOT).contains("connection is closed")
                        || message.equalsIgnoreCase("closed") || message.equals("Pool closed"))) {
            return true;
        }
        if (message.contains("HR000092")) {
            return true;
        }
        if (e instanceof io.smallrye.mutiny.CompositeException composite) {
            for (Throwable t : composite.getCauses()) {
                if (databaseUnavailable(t, depth + 1)) {
                    return true;
                }
            }
        }
        for (Throwable t : e.getSuppressed()) {
            if (databaseUnavailable(t, depth + 1)) {
                return true;
            }
        }
        return e.getCause() != e && databaseUnavailable(e.getCause(), depth + 1);
    }

    /**
     * The error as it is logged: its type, its message cut to 200 characters, its stack trace, no causes.
     * Messages of the SQL client carry the values of the statement's parameters (a photo's bytes, an
     * identifier); the log filter masks digits, this keeps the rest short.
     */
    static Throwable sanitized(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        RuntimeException logged = new RuntimeException(e.getClass().getName() + ": " + message, null, false, true) {
        };
        logged.setStackTrace(e.getStackTrace());
        return logged;
    }

    private static boolean isParameterConversion(Throwable e) {
        if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof java.time.DateTimeException) {
            return true;
        }
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof IllegalArgumentException || s instanceof java.time.DateTimeException) {
                return true;
            }
        }
        return false;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static ElementKind lastKind(Path path) {
        ElementKind kind = null;
        for (Path.Node node : path) {
            kind = node.getKind();
        }
        return kind;
    }

    /** Validator violations as field errors, sorted by field then rule: for request bodies and for batch items. */
    public static List<Problem.FieldError> fieldErrors(java.util.Collection<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : violations) {
            String rule = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
            errors.add(new Problem.FieldError(fieldName(v.getPropertyPath()), constantCase(rule), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::code));
        return errors;
    }

    /** "create.body.nationalId" → "nationalId"; "list.size" → "size"; "create.body.items[2].x" → "items[2].x". */
    static String fieldName(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node n = nodes.get(i);
            if (n.getKind() == ElementKind.METHOD || n.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (n.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1) {
                continue; // the request body parameter itself
            }
            if (n.getKind() == ElementKind.BEAN) {
                continue;
            }
            if (!out.isEmpty() && n.getName() != null) {
                out.append('.');
            }
            if (n.getName() != null) {
                out.append(n.getName());
            }
            if (n.getIndex() != null) {
                out.append('[').append(n.getIndex()).append(']');
            } else if (n.getKey() != null) {
                out.append('[').append(n.getKey()).append(']');
            }
        }
        return out.toString();
    }

    static String jsonPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static String constantCase(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
