package vn.ansinh.payout.status.port;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The SMS gateway over HTTP (docs/sms-gateway.md): {@code POST <base>/v1/messages} with a bearer key, an
 * {@code Idempotency-Key} equal to the message's reference, and {@code {"to","text","sender","reference"}};
 * 202 (or 200) is ACCEPTED; 400, 401, 403, 404, 422 are REJECTED (not retried: the same request would be
 * refused again); time-outs, refused connections, 429 and 5xx are retried with the same key, then
 * UNAVAILABLE. The phone number and the text are never logged.
 *
 * <p>The production bean; dev and test builds replace it with the local simulator (src/dev/java).
 */
@DefaultBean
@Singleton
public class HttpSmsGateway implements SmsGateway {

    static final String PATH = "/v1/messages";

    private final SmsConfig config;
    private final ObjectMapper json;
    private final HttpClient client;
    private final String url;

    public HttpSmsGateway(SmsConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        String base = config.baseUrl().map(String::strip).filter(b -> !b.isEmpty()).orElse(null);
        this.url = base == null ? null : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH;
        HttpClientOptions options = new HttpClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(true);
        if (url != null && url.startsWith("https://")) {
            options.setSsl(true).setVerifyHost(true);
        }
        this.client = vertx.createHttpClient(options);
    }

    /** A failure worth another attempt. */
    static final class Retryable extends RuntimeException {
        Retryable(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Uni<Result> send(String phoneE164, String text, String reference) {
        if (url == null) {
            Log.warn("SMS gateway: ansinh.sms.base-url is not set; no code is sent");
            return Uni.createFrom().item(Result.UNAVAILABLE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", phoneE164);
        body.put("text", text);
        body.put("sender", config.sender());
        body.put("reference", reference);
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(Result.REJECTED);
        }
        return once(payload, reference)
                .onFailure(Retryable.class).retry().withBackOff(config.backoff(), config.backoff().multipliedBy(8))
                .atMost(config.retries())
                .onFailure().recoverWithItem(f -> {
                    Log.warnf("SMS gateway: message %s not sent: %s", reference, f.getMessage());
                    return Result.UNAVAILABLE;
                });
    }

    private Uni<Result> once(String payload, String reference) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json")
                .putHeader("Idempotency-Key", reference);
        config.apiKey().ifPresent(k -> request.putHeader("Authorization", "Bearer " + k));
        return client.request(request)
                .flatMap(req -> req.send(Buffer.buffer(payload)))
                .flatMap(resp -> resp.body().onFailure().recoverWithNull().map(x -> resp.statusCode()))
                .ifNoItem().after(config.timeout()).failWith(() -> new Retryable("no answer within " + config.timeout()))
                .onFailure(f -> !(f instanceof Retryable)).transform(f -> new Retryable(f.getClass().getSimpleName()))
                .map(status -> {
                    if (status == 200 || status == 202) {
                        return Result.ACCEPTED;
                    }
                    if (status == 429 || status >= 500) {
                        throw new Retryable("HTTP " + status);
                    }
                    Log.warnf("SMS gateway: message %s refused with HTTP %d", reference, status);
                    return Result.REJECTED;
                });
    }
}
