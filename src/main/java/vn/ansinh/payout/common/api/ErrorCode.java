package vn.ansinh.payout.common.api;

import java.net.URI;
import java.util.Locale;

/**
 * The stable catalogue of problem types. The {@code type} URI and the {@code code} are part of the
 * API contract: clients branch on them, so they never change once published. Titles and details
 * live in {@code messages*.properties} in Vietnamese and English.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_REQUEST(400),
    UNKNOWN_FIELD(400),
    UNAUTHENTICATED(401),
    SIGNATURE_INVALID(401),
    FORBIDDEN(403),
    OUT_OF_SCOPE(403),
    SEPARATION_OF_DUTIES(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    ALREADY_EXISTS(409),
    REPLAYED(409),
    PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413),
    PRECONDITION_REQUIRED(428),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNPROCESSABLE(422),
    TOO_MANY_REQUESTS(429),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    public static final String TYPE_PREFIX = "urn:ansinh:problem:";

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** urn:ansinh:problem:out-of-scope */
    public URI type() {
        return URI.create(TYPE_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
