package vn.ansinh.payout.registration.port;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;

/**
 * One outside endpoint, called with the safeguards every verification call needs, written with Mutiny
 * (smallrye-fault-tolerance is not available here): a deadline per attempt, retries with doubling
 * back-off for what may pass (time-outs, refused connections, 5xx), a circuit breaker that stops asking
 * a system that keeps failing, a size budget enforced while the answer is read, and the answer's
 * signature checked before it is believed. Any failure ends as {@link Failure}; the adapters turn it
 * into UNAVAILABLE, never into a match.
 */
public final class RemoteCall {

    /** Why no answer can be believed. */
    public static final class Failure extends RuntimeException {
        final boolean retryable;

        Failure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    private final String name;
    private final String url;
    private final VerificationConfig.Endpoint config;
    private final HttpClient client;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;

    public RemoteCall(Vertx vertx, Clock clock, String name, String path, VerificationConfig.Endpoint config) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        String base = config.baseUrl().orElseThrow();
        this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setIdleTimeout((int) Math.max(1, config.timeout().toSeconds()))
                .setKeepAlive(true);
        if (url.startsWith("https://")) {
            options.setSsl(true).setVerifyHost(true);
            config.tlsTrustPath().ifPresent(p -> options.setTrustOptions(new PemTrustOptions().addCertPath(p)));
            if (config.tlsCertPath().isPresent() && config.tlsKeyPath().isPresent()) {
                options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCertPath().get())
                        .setKeyPath(config.tlsKeyPath().get()));
            }
        }
        this.client = vertx.createHttpClient(options);
    }

    /** Posts the JSON body and returns the verified answer's bytes. */
    public Uni<byte[]> post(String json) {
        if (clock.now().isBefore(openUntil())) {
            return Uni.createFrom().failure(new Failure(name + ": circuit open", false));
        }
        Duration backoff = config.backoff();
        return once(json)
                .onFailure(f -> f instanceof Failure x && x.retryable).retry()
                .withBackOff(backoff, backoff.multipliedBy(8)).atMost(config.retries())
                .onItem().invoke(x -> succeeded())
                .onFailure().invoke(this::failed)
                .onFailure().transform(f -> f instanceof Failure ? f : new Failure(name + ": " + f.getMessage(), false));
    }

    private Uni<byte[]> once(String json) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        config.clientSecret().ifPresent(s -> request.putHeader("Authorization", "Bearer " + s));
        return client.request(request)
                .flatMap(req -> req.send(Buffer.buffer(json)))
                .flatMap(resp -> {
                    int status = resp.statusCode();
                    String signature = resp.getHeader("Signature");
                    if (status >= 500) {
                        return resp.body().onFailure().recoverWithNull()
                                .flatMap(x -> Uni.createFrom().<byte[]>failure(new Failure(name + ": HTTP " + status, true)));
                    }
                    if (status != 200) {
                        return resp.body().onFailure().recoverWithNull()
                                .flatMap(x -> Uni.createFrom().<byte[]>failure(new Failure(name + ": HTTP " + status, false)));
                    }
                    return readWithin(resp).map(body -> verified(body, signature));
                })
                .ifNoItem().after(config.timeout()).failWith(() -> new Failure(name + ": no answer within " + config.timeout(), true))
                .onFailure(f -> f instanceof ConnectException || f instanceof TimeoutException
                        || f instanceof io.vertx.core.VertxException)
                .transform(f -> new Failure(name + ": " + f.getClass().getSimpleName(), true));
    }

    /** Reads the answer while counting: past the budget the call fails before the rest is read. */
    private Uni<byte[]> readWithin(io.vertx.mutiny.core.http.HttpClientResponse resp) {
        int max = config.maxResponseBytes();
        String length = resp.getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,12}") && Long.parseLong(length) > max) {
            return Uni.createFrom().failure(new Failure(name + ": answer larger than " + max + " bytes", false));
        }
        io.vertx.core.buffer.Buffer collected = io.vertx.core.buffer.Buffer.buffer();
        return resp.toMulti().onItem().invoke(chunk -> {
            if (collected.length() + chunk.length() > max) {
                throw new Failure(name + ": answer larger than " + max + " bytes", false);
            }
            collected.appendBuffer(chunk.getDelegate());
        }).collect().last().map(x -> collected.getBytes());
    }

    private byte[] verified(byte[] body, String signature) {
        String key = config.signingKey().orElse("");
        byte[] expected = Digests.hmacSha256(key, body);
        byte[] given;
        try {
            given = signature != null && signature.startsWith("sha256=")
                    ? HexFormat.of().parseHex(signature.substring(7).toLowerCase(java.util.Locale.ROOT)) : null;
        } catch (IllegalArgumentException e) {
            given = null;
        }
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            throw new Failure(name + ": answer not signed by the registry", false);
        }
        return body;
    }

    /** The signature a registry puts on an answer (for its stubs in tests). */
    public static String sign(String key, String body) {
        return "sha256=" + HexFormat.of().formatHex(Digests.hmacSha256(key, body.getBytes(StandardCharsets.UTF_8)));
    }

    private synchronized Instant openUntil() {
        return openUntil;
    }

    private synchronized void succeeded() {
        consecutiveFailures = 0;
        openUntil = Instant.MIN;
    }

    private synchronized void failed(Throwable f) {
        consecutiveFailures++;
        Log.warnf("%s call failed (%d in a row): %s", name, consecutiveFailures, f.getMessage());
        if (consecutiveFailures >= config.breakerFailures()) {
            openUntil = clock.now().plus(config.breakerOpenFor());
            Log.errorf("%s: circuit opened for %s", name, config.breakerOpenFor());
        }
    }

    /** Whether the breaker is open now (for health and tests). */
    public boolean open() {
        return clock.now().isBefore(openUntil());
    }
}
