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

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * HTTP plumbing below JAX-RS: every request gets a request id (the caller's {@code X-Request-Id}
 * when it is a sane token, a fresh UUID otherwise), echoed in the response and put in the log MDC;
 * and failures raised by Vert.x itself before JAX-RS sees the request (an oversized body) still
 * answer with a problem detail.
 */
@ApplicationScoped
public class RequestIdAndLimits {

    /**
     * Quarkus' own cut-off for a chunked body read through its input stream, set per route a little above
     * the route's limit: the counting of {@link BodyBudgetInterceptor} answers first (with a problem detail),
     * this only backs it up.
     */
    private static final String QUARKUS_MAX_REQUEST_SIZE = "io.quarkus.max-request-size";
    private static final long BACKSTOP_MARGIN = 64 * 1024;
    private static final String CONFIRMATION_PATH = "/api/v1/deliveries/[0-9a-fA-F-]{36}/confirmation";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    @Inject
    ObjectMapper json;

    @Inject
    BodyBudgets budgets;

    @Inject
    JWTParser tokens;

    @ConfigProperty(name = "ansinh.http.spool.retry-after", defaultValue = "5")
    int spoolRetryAfterSeconds;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::assignRequestId);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::problemForFailure);
        // after Quarkus' own body-size handler (order -2), before any body is read
        router.route().order(-1).handler(this::budgetBody);
        BodyHandler multipart = BodyHandler.create(budgets.spoolDirectory().toString())
                .setBodyLimit(budgets.limit(BodyBudgets.Route.CONFIRMATION))
                .setHandleFileUploads(true).setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false);
        router.routeWithRegex(HttpMethod.POST, CONFIRMATION_PATH).order(-1).handler(ctx -> {
            if (ctx.get(SPOOLED) != null) {
                multipart.handle(ctx);
            } else {
                ctx.next();
            }
        }).handler(RequestIdAndLimits::requireParts);
    }

    private static final String SPOOLED = "ansinh.spooled";

    /**
     * Per route: Quarkus' cut-off for chunked bodies, and for the uploads that spool to disk a reservation in
     * the spool budget, taken only for a caller with a verifiable token (anyone else is answered 401 by the
     * resource layer without a byte of the body being read) and given back when the request ends. A
     * confirmation's multipart form is then read by the Vert.x body handler, which counts every byte received
     * against the route's limit and bounds each part's headers and the number of parts
     * (quarkus.http.limits.max-form-buffered-bytes and max-form-fields) instead of the Quarkus REST parser,
     * which in 3.37.1 accumulates part headers without a bound.
     */
    private void budgetBody(RoutingContext ctx) {
        String path = ctx.request().path();
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            ctx.put(QUARKUS_MAX_REQUEST_SIZE, budgets.limit(path) + BACKSTOP_MARGIN);
        }
        BodyBudgets.Route route = BodyBudgets.route(path);
        if (route == BodyBudgets.Route.JSON && ctx.request().method() == HttpMethod.POST
                && BodyBudgets.intendedRoute(path) != BodyBudgets.Route.JSON) {
            // a variant of an upload route (double or trailing slash, escaped characters, dot segments, matrix
            // parameters, another case, an id that is not one): refused before a byte of it is read or spooled, so
            // no spelling of a path reaches a parser with another route's budget
            writeProblem(ctx, 400);
            return;
        }
        if (!route.spools() || ctx.request().method() != HttpMethod.POST) {
            ctx.next();
            return;
        }
        if (route == BodyBudgets.Route.CONFIRMATION && ctx.request().version() == HttpVersion.HTTP_2) {
            // HTTP/2 cleartext (h2c): Quarkus REST cannot take a form the body handler has read (it pauses the ended
            // stream), and its own multipart parser (3.37.1) bounds no part header and spools outside the budget; so
            // a confirmation over h2c is refused before a byte of it is read. The ingress speaks HTTP/1.1 to the pods.
            writeProblem(ctx, 400);
            return;
        }
        // from here on the request may write to the spool directory: it is not swept before this one ends
        budgets.uploadStarted();
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        ctx.addEndHandler(v -> {
            if (ended.compareAndSet(false, true)) {
                budgets.uploadEnded(ctx.vertx());
            }
        });
        String contentType = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        if (route == BodyBudgets.Route.CONFIRMATION
                && !(contentType.startsWith("multipart/form-data") && contentType.contains("boundary="))) {
            ctx.next(); // not a form the body handler can read: the resource layer refuses it without reading it
            return;
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.next();
            return;
        }
        String token = authorization.substring(7).strip();
        ctx.vertx().<Boolean>executeBlocking(() -> {
            try {
                tokens.parse(token); // signature, issuer, audience, expiry: the key may be fetched (JWKS), so off the event loop
                return true;
            } catch (ParseException e) {
                return false;
            }
        }, false).onComplete(verified -> {
            if (verified.failed() || !verified.result()) {
                ctx.next();
                return;
            }
            long declared = declaredLength(ctx);
            long limit = budgets.limit(path);
            budgets.reserveSpool(declared >= 0 ? Math.min(declared, limit) : limit, ctx.vertx(), lease -> {
                if (lease == null) {
                    writeProblem(ctx, 503);
                    return;
                }
                if (ctx.response().ended() || ctx.response().closed()) {
                    lease.close(); // the client went away while it waited: no end handler would ever give it back
                    return;
                }
                ctx.addEndHandler(v -> lease.close());
                ctx.put(SPOOLED, Boolean.TRUE);
                ctx.next();
            });
        });
    }

    /** A multipart form without a single part: nothing for the resource to read (Quarkus would wait for more). */
    private static void requireParts(RoutingContext ctx) {
        if (ctx.get(SPOOLED) != null && ctx.fileUploads().isEmpty() && ctx.request().formAttributes().isEmpty()) {
            ctx.fail(400);
            return;
        }
        ctx.put(FORM_READ, Boolean.TRUE);
        ctx.next();
    }

    private static final String FORM_READ = "ansinh.formRead";

    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void assignRequestId(RoutingContext ctx) {
        String id = ctx.request().getHeader(Problems.REQUEST_ID_HEADER);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            ctx.request().headers().set(Problems.REQUEST_ID_HEADER, id);
        }
        ctx.put("requestId", id);
        ctx.response().putHeader(Problems.REQUEST_ID_HEADER, id);
        // a body refused before it was all read: the connection is closed behind the answer, so the rest of
        // it (a chunked stream may never end) is neither read nor waited for
        // (HTTP/1.x only: an HTTP/2 connection carries other requests, and its stream ends with the response)
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 413 && !ctx.request().isEnded()) {
                    ctx.response().headers().set(HttpHeaders.CONNECTION, "close");
                }
            });
            ctx.addBodyEndHandler(v -> {
                if (ctx.response().getStatusCode() == 413 && !ctx.request().isEnded()) {
                    ctx.request().connection().close();
                }
            });
        }
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
            return Long.parseLong(length.strip()) > budgets.limit(ctx.request().path());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void problemForFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        Throwable failure = ctx.failure();
        if (closedByUs(ctx, failure)) {
            // the connection was closed behind a refusal already answered (a 413 mid-body) or by the client going
            // away mid-upload: the body handler reports the cut as a failure, but there is no one left to answer
            // and nothing went wrong on our side (its uploads are deleted at the end of the request)
            io.quarkus.logging.Log.debugf("connection closed mid-body on %s: %s", ctx.request().path(), failure);
            return;
        }
        String setting = null;
        if (failure != null && failure.getClass().getSimpleName().equals("TooLongFormFieldException")) {
            // a part's headers (or an unfinished part) over quarkus.http.limits.max-form-buffered-bytes
            status = 413;
            setting = "quarkus.http.limits.max-form-buffered-bytes";
        } else if (failure != null && failure.getClass().getSimpleName().equals("TooManyFormFieldsException")) {
            status = 413;
            setting = "quarkus.http.limits.max-form-fields";
        } else if (ctx.get(SPOOLED) != null && ctx.get(FORM_READ) == null && status != 413) {
            // the body handler could not read the form (cut short, a part never ended): a bad request, not a 500
            status = 400;
        }
        if (ctx.response().ended() || ctx.response().headWritten() || (status != 413 && status != 400)) {
            ctx.next();
            return;
        }
        writeProblem(ctx, status, setting);
    }

    private void writeProblem(RoutingContext ctx, int status) {
        writeProblem(ctx, status, null);
    }

    /** A failure that is only the connection closing under a request's body, after its answer or by the client. */
    private static boolean closedByUs(RoutingContext ctx, Throwable failure) {
        if (failure == null) {
            return false;
        }
        boolean closed = failure instanceof io.vertx.core.http.HttpClosedException
                || (failure instanceof io.vertx.core.VertxException && "Pipe closed".equals(failure.getMessage()));
        return closed && (ctx.response().ended() || ctx.response().closed() || ctx.request().connection() == null
                || ctx.response().headWritten() || ctx.get(SPOOLED) != null);
    }

    /** A problem detail written below JAX-RS; a 413 names the setting it is over (the route's body limit by default). */
    private void writeProblem(RoutingContext ctx, int status, String overSetting) {
        String setting = overSetting != null ? overSetting : BodyBudgets.setting(ctx.request().path());
        ErrorCode code = status == 413 ? ErrorCode.PAYLOAD_TOO_LARGE
                : status == 503 ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.MALFORMED_REQUEST;
        List<Locale> languages = java.util.Arrays.stream(
                        String.valueOf(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE)).split(","))
                .map(s -> Locale.forLanguageTag(s.split(";")[0].strip()))
                .toList();
        Locale locale = Messages.choose(languages);
        String detail = status == 503 ? Messages.get(locale, "detail.spoolFull")
                : status == 413 && overSetting != null ? Messages.get(locale, "detail.http." + code.name()) + " (" + setting + ")"
                : status == 413 ? Messages.get(locale, "detail.bodyTooLarge", budgets.limit(ctx.request().path()) / 1024, setting)
                : Messages.get(locale, "detail.http." + code.name());
        if (status == 503) {
            ctx.response().putHeader("Retry-After", String.valueOf(spoolRetryAfterSeconds));
        }
        Problem problem = new Problem(code.type(), Messages.get(locale, "problem." + code.name()), status,
                detail, ctx.request().path(), code.name(),
                ctx.get("requestId"), List.of(), status == 413
                        ? overSetting != null ? java.util.Map.of("setting", setting)
                                : java.util.Map.of("setting", setting, "limitBytes", budgets.limit(ctx.request().path()))
                        : java.util.Map.of());
        ctx.response().setStatusCode(status);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // the body was not read: close behind the answer (HTTP/2 forbids connection headers, RFC 9113 §8.2.2)
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        try {
            ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .putHeader("Content-Language", locale.getLanguage())
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().end();
        }
    }
}
