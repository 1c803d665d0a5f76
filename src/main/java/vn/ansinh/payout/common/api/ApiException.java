package vn.ansinh.payout.common.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on, mapped to a problem detail. The detail text is a message key
 * (with arguments) resolved in the caller's language; never put identifiers of people in it.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String detailKey;
    private final Object[] args;
    private final List<Problem.FieldError> fieldErrors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(ErrorCode code, String detailKey, Object... args) {
        this(code, List.of(), detailKey, args);
    }

    public ApiException(ErrorCode code, List<Problem.FieldError> fieldErrors, String detailKey, Object... args) {
        super(code.name() + ": " + detailKey, null, false, false);
        this.code = code;
        this.detailKey = detailKey;
        this.args = args;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static ApiException notFound(String entity) {
        return new ApiException(ErrorCode.NOT_FOUND, "detail.notFound", entity);
    }

    public static ApiException outOfScope() {
        return new ApiException(ErrorCode.OUT_OF_SCOPE, "detail.outOfScope");
    }

    public ApiException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ErrorCode code() {
        return code;
    }

    public String detailKey() {
        return detailKey;
    }

    public Object[] args() {
        return args;
    }

    public List<Problem.FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
