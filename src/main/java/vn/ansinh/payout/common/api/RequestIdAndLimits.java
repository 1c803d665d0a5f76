package vn.ansinh.payout.common.api;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP plumbing below JAX-RS: every request gets a request id (the caller's {@code X-Request-Id}
 * when it is a sane token, a fresh UUID otherwise), echoed in the response and put in the log MDC;
 * and failures raised by Vert.x itself before JAX-RS sees the request (an oversized body) still
 * answer with a problem detail.
 */
@ApplicationScoped
public class RequestIdAndLimits {

    /** Room for the JSON part and the multipart boundaries and headers beside the photos. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    @Inject
    ObjectMapper json;

    /** The limit for ordinary (JSON) requests; uploads of files have their own below. */
    @ConfigProperty(name = "ansinh.http.max-body-size")
    MemorySize maxBodySize;

    @ConfigProperty(name = "ansinh.http.max-upload-size")
    MemorySize maxUploadSize;

    /** Home-delivery confirmations: photos, up to this size in all. */
    @ConfigProperty(name = "ansinh.deliveries.photos.max-request-size", defaultValue = "20M")
    MemorySize maxConfirmationSize;

    /** Imports and payment results files: the paths that take whole files. */
    static boolean isUpload(String path) {
        return path.startsWith("/api/v1/imports")
                || (path.startsWith("/api/v1/cycles/") && path.endsWith("/reconciliations"));
    }

    /** A home-delivery confirmation with its photos. */
    static boolean isConfirmation(String path) {
        return path.startsWith("/api/v1/deliveries/") && path.endsWith("/confirmation");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::assignRequestId);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::problemForFailure);
    }

    private void assignRequestId(RoutingContext ctx) {
        String id = ctx.request().getHeader(Problems.REQUEST_ID_HEADER);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            ctx.request().headers().set(Problems.REQUEST_ID_HEADER, id);
        }
        ctx.put("requestId", id);
        ctx.response().putHeader(Problems.REQUEST_ID_HEADER, id);
        MDC.put("requestId", id);
        if (hasNul(ctx.request().uri())) {
            // a NUL in a path or query value: PostgreSQL cannot store or compare it (it would be a 500)
            writeProblem(ctx, 400);
            return;
        }
        if (declaresOversizedBody(ctx)) {
            // Quarkus would answer 413 with an empty body; answer it ourselves as a problem detail.
            // A chunked body that grows past the limit is still cut off by Quarkus while reading.
            writeProblem(ctx, 413);
            return;
        }
        ctx.next();
    }

    /** A NUL character in the request's URI, raw or percent-encoded. */
    static boolean hasNul(String uri) {
        return uri != null && (uri.indexOf('\u0000') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00"));
    }

    private boolean declaresOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            String path = ctx.request().path();
            long limit = isUpload(path) ? maxUploadSize.asLongValue()
                    : isConfirmation(path) ? maxConfirmationSize.asLongValue() + MULTIPART_OVERHEAD
                    : maxBodySize.asLongValue();
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void problemForFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().ended() || ctx.response().headWritten() || (status != 413 && status != 400)) {
            ctx.next();
            return;
        }
        writeProblem(ctx, status);
    }

    private void writeProblem(RoutingContext ctx, int status) {
        ErrorCode code = status == 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.MALFORMED_REQUEST;
        List<Locale> languages = java.util.Arrays.stream(
                        String.valueOf(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE)).split(","))
                .map(s -> Locale.forLanguageTag(s.split(";")[0].strip()))
                .toList();
        Locale locale = Messages.choose(languages);
        Problem problem = new Problem(code.type(), Messages.get(locale, "problem." + code.name()), status,
                Messages.get(locale, "detail.http." + code.name()), ctx.request().path(), code.name(),
                ctx.get("requestId"), List.of(), java.util.Map.of());
        ctx.response().setStatusCode(status);
        try {
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .putHeader("Content-Language", locale.getLanguage())
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().end();
        }
    }
}
