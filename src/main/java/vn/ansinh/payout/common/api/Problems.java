package vn.ansinh.payout.common.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds problem-detail responses in the caller's language. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private Problems() {
    }

    public static Response response(ErrorCode code, HttpHeaders headers, String path, String detailKey,
            Object[] args, List<Problem.FieldError> fieldErrors, Map<String, Object> extensions,
            Map<String, String> responseHeaders) {
        Locale locale = Messages.choose(headers == null ? null : headers.getAcceptableLanguages());
        String requestId = headers == null ? null : headers.getHeaderString(REQUEST_ID_HEADER);
        Problem problem = problem(code, locale, path, requestId, detailKey, args, fieldErrors, extensions);
        Response.ResponseBuilder builder = Response.status(code.status()).type(MEDIA_TYPE).entity(problem)
                .header("Content-Language", locale.getLanguage());
        if (code.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (responseHeaders != null) {
            responseHeaders.forEach(builder::header);
        }
        return builder.build();
    }

    public static Problem problem(ErrorCode code, Locale locale, String path, String requestId, String detailKey,
            Object[] args, List<Problem.FieldError> fieldErrors, Map<String, Object> extensions) {
        return new Problem(code.type(), Messages.get(locale, "problem." + code.name()), code.status(),
                Messages.get(locale, detailKey, args), path, code.name(), requestId, localize(locale, fieldErrors),
                extensions);
    }

    /** The problem an {@link ApiException} stands for, e.g. for one item of a batch. */
    public static Problem problem(ApiException e, Locale locale, String path, String requestId) {
        return problem(e.code(), locale, path, requestId, e.detailKey(), e.args(), e.fieldErrors(), e.extensions());
    }

    /** Field errors raised by services carry a message key ("field.…"); validator messages are already text. */
    private static List<Problem.FieldError> localize(Locale locale, List<Problem.FieldError> errors) {
        if (errors == null) {
            return List.of();
        }
        return errors.stream()
                .map(e -> e.message() != null && e.message().startsWith("field.")
                        ? new Problem.FieldError(e.field(), e.code(), Messages.get(locale, e.message()))
                        : e)
                .toList();
    }

    public static Response response(ErrorCode code, HttpHeaders headers, String path, String detailKey, Object... args) {
        return response(code, headers, path, detailKey, args, List.of(), Map.of(), Map.of());
    }
}
