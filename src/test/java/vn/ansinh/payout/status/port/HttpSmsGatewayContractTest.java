package vn.ansinh.payout.status.port;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.vertx.mutiny.core.Vertx;

/**
 * The SMS gateway adapter against a stub gateway (WireMock) that follows the contract of
 * docs/sms-gateway.md: what it sends, and ACCEPTED, REJECTED or UNAVAILABLE for each kind of answer, with
 * retries (the same Idempotency-Key) only where another attempt may pass.
 */
class HttpSmsGatewayContractTest {

    static WireMockServer stub;
    static Vertx vertx;

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        stub.stop();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
    }

    static SmsConfig config(String baseUrl, Duration timeout) {
        return new SmsConfig() {
            public Optional<String> baseUrl() { return Optional.ofNullable(baseUrl); }
            public Optional<String> apiKey() { return Optional.of("sms-key-from-the-kubernetes-secret"); }
            public String sender() { return "ANSINH"; }
            public Duration timeout() { return timeout; }
            public int retries() { return 2; }
            public Duration backoff() { return Duration.ofMillis(20); }
        };
    }

    HttpSmsGateway gateway(Duration timeout) {
        return new HttpSmsGateway(config(stub.baseUrl(), timeout), new ObjectMapper(), vertx);
    }

    SmsGateway.Result send(HttpSmsGateway g) {
        return g.send("+84912345678", "An sinh: ma 123456", "3f1c2a9e-0000-4000-8000-000000000001").await().atMost(Duration.ofSeconds(30));
    }

    @Test
    public void aMessageTheGatewayTakesIsAcceptedWithTheAgreedRequest() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"gw-1\"}")));
        assertThat(send(gateway(Duration.ofSeconds(15)))).isEqualTo(SmsGateway.Result.ACCEPTED);
        stub.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer sms-key-from-the-kubernetes-secret"))
                .withHeader("Idempotency-Key", equalTo("3f1c2a9e-0000-4000-8000-000000000001"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"to\":\"+84912345678\",\"text\":\"An sinh: ma 123456\",\"sender\":\"ANSINH\","
                        + "\"reference\":\"3f1c2a9e-0000-4000-8000-000000000001\"}")));
    }

    @Test
    public void aNumberTheGatewayRefusesIsRejectedAndNotRetried() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"title\":\"unreachable number\"}")));
        assertThat(send(gateway(Duration.ofSeconds(15)))).isEqualTo(SmsGateway.Result.REJECTED);
        stub.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(401)));
        assertThat(send(gateway(Duration.ofSeconds(15)))).isEqualTo(SmsGateway.Result.REJECTED);
        stub.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    public void aBusyGatewayIsAskedAgainWithTheSameKeyAndThenTakesIt() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("throttled"));
        stub.stubFor(post(urlEqualTo("/v1/messages")).inScenario("busy").whenScenarioStateIs("throttled")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("up"));
        stub.stubFor(post(urlEqualTo("/v1/messages")).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202).withBody("{\"messageId\":\"gw-2\"}")));
        assertThat(send(gateway(Duration.ofSeconds(15)))).isEqualTo(SmsGateway.Result.ACCEPTED);
        stub.verify(3, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Idempotency-Key", equalTo("3f1c2a9e-0000-4000-8000-000000000001")));
    }

    @Test
    public void aGatewayThatIsDownOrSilentIsUnavailableAfterItsRetries() {
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)));
        assertThat(send(gateway(Duration.ofSeconds(15)))).isEqualTo(SmsGateway.Result.UNAVAILABLE);
        stub.verify(3, postRequestedFor(urlEqualTo("/v1/messages")));
        stub.resetAll();
        stub.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202).withFixedDelay(2000)));
        assertThat(send(gateway(Duration.ofMillis(300)))).isEqualTo(SmsGateway.Result.UNAVAILABLE);
        // nobody listening: unavailable, never an exception
        HttpSmsGateway closed = new HttpSmsGateway(config("http://127.0.0.1:1", Duration.ofSeconds(2)), new ObjectMapper(), vertx);
        assertThat(send(closed)).isEqualTo(SmsGateway.Result.UNAVAILABLE);
        // not configured: unavailable
        HttpSmsGateway none = new HttpSmsGateway(config(null, Duration.ofSeconds(2)), new ObjectMapper(), vertx);
        assertThat(send(none)).isEqualTo(SmsGateway.Result.UNAVAILABLE);
    }
}
