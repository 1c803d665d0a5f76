package vn.ansinh.payout.common.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, as every error of this API is returned. */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @Schema(description = "Stable problem type URI", example = "urn:ansinh:problem:validation-failed") URI type,
        @Schema(description = "Short summary in the requested language", example = "Dữ liệu không hợp lệ") String title,
        @Schema(example = "400") int status,
        @Schema(description = "What went wrong with this request, in the requested language") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Stable machine-readable code", example = "VALIDATION_FAILED") String code,
        @Schema(description = "Correlates with the X-Request-Id header and server logs") String requestId,
        @Schema(description = "Per-field errors, for validation problems") List<FieldError> errors,
        @Schema(hidden = true) Map<String, Object> extensions) {

    /** Problem-specific members (for example a pointer to an existing record) at the top level. */
    @JsonAnyGetter
    public Map<String, Object> anyExtensions() {
        return extensions;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }

    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "JSON path of the field", example = "nationalId") String field,
            @Schema(description = "Stable code of the rule", example = "PATTERN") String code,
            @Schema(description = "Message in the requested language") String message) {
    }
}
