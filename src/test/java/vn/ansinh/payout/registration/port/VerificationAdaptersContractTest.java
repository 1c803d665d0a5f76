package vn.ansinh.payout.registration.port;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.registration.service.RegistrationChecks;
import vn.ansinh.payout.registry.repository.PaymentMethodRepository;

/**
 * The HTTP adapters against stub registries (WireMock) started here: match, no match, slow, down,
 * malformed and unsigned answers, each with the outcome a registration then gets. Nothing that is not a
 * clear, signed answer ever lets a registration pass: it goes to a manual check.
 */
class VerificationAdaptersContractTest {

    static final String KEY = "k3Y-for-the-stub-registry-0123456789";
    static final String REGISTRY = "/registry/sync/search";
    static final String MAPPER = "/mapper/resolve";

    /** Signs each answer as the registry would, after putting the request's reference_id in it. */
    static class SigningRegistry implements ResponseTransformerV2 {
        @Override
        public Response transform(Response response, ServeEvent event) {
            String request = event.getRequest().getBodyAsString();
            String reference;
            try {
                var root = new ObjectMapper().readTree(request).path("message");
                var list = root.has("search_request") ? root.path("search_request") : root.path("resolve_request");
                reference = list.path(0).path("reference_id").asText("none");
            } catch (Exception e) {
                reference = "none";
            }
            String body = response.getBodyAsString().replace("@REF@", reference);
            boolean forge = response.getHeaders().getHeader("X-Stub-Forge").isPresent();
            String signature = RemoteCall.sign(forge ? "another-key-nobody-agreed-to-0123456789" : KEY, body);
            return Response.Builder.like(response).but().body(body)
                    .headers(response.getHeaders().plus(new HttpHeader("Signature", signature))).build();
        }

        @Override
        public String getName() {
            return "signing-registry";
        }
    }

    static WireMockServer stub;
    static Vertx vertx;
    final ObjectMapper json = new ObjectMapper();
    final Clock clock = new Clock();

    @BeforeAll
    static void start() {
        stub = new WireMockServer(options().dynamicPort().extensions(new SigningRegistry()));
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

    static VerificationConfig.Endpoint endpoint(String baseUrl, Duration timeout, int retries, int breakerFailures) {
        return new VerificationConfig.Endpoint() {
            public Optional<String> baseUrl() { return Optional.of(baseUrl); }
            public Optional<String> clientSecret() { return Optional.of("client-secret-from-the-kubernetes-secret"); }
            public Optional<String> signingKey() { return Optional.of(KEY); }
            public Optional<String> tlsCertPath() { return Optional.empty(); }
            public Optional<String> tlsKeyPath() { return Optional.empty(); }
            public Optional<String> tlsTrustPath() { return Optional.empty(); }
            public Duration timeout() { return timeout; }
            public int retries() { return retries; }
            public Duration backoff() { return Duration.ofMillis(20); }
            public int breakerFailures() { return breakerFailures; }
            public Duration breakerOpenFor() { return Duration.ofMinutes(5); }
            public int maxResponseBytes() { return 4096; }
        };
    }

    RemoteCall registry(String base, Duration timeout, int retries, int breakerFailures) {
        return new RemoteCall(vertx, clock, "population registry", REGISTRY, endpoint(base, timeout, retries, breakerFailures));
    }

    /**
     * The time-out of the tests that are not about slowness: generous, so a loaded machine (the stub answering in
     * seconds) never turns an answer into a time-out and a retry.
     */
    static final Duration RELAXED = Duration.ofSeconds(15);

    RemoteCall registry() {
        return registry(stub.baseUrl(), RELAXED, 1, 5);
    }

    RemoteCall mapper() {
        return new RemoteCall(vertx, clock, "account mapper", MAPPER, endpoint(stub.baseUrl(), RELAXED, 1, 5));
    }

    /** The checks a registration runs, with the HTTP adapters in place of the simulators; no other account shares it. */
    RegistrationChecks.Result outcome(RemoteCall population, RemoteCall bank, String registeredName) {
        PopulationRegistry registry = (id, name, dob) -> HttpPopulationRegistry.verify(population, json, clock, id, name, dob);
        BankAccounts banks = (bin, account) -> HttpBankAccounts.holderOf(bank, json, clock, bin, account);
        PaymentMethodRepository nobodyElse = new PaymentMethodRepository() {
            @Override
            public Uni<Long> othersUsing(UUID beneficiaryId, String method, String provider, String account) {
                return Uni.createFrom().item(0L);
            }
        };
        return new RegistrationChecks(registry, banks, nobodyElse).run("051050012345", registeredName,
                LocalDate.of(1950, 5, 1), null, "BANK_ACCOUNT", "970405", "1234567890",
                new RegistrationChecks.Recipient(registeredName, "BENEFICIARY", true))
                .await().atMost(Duration.ofSeconds(30));
    }

    static String searchAnswer(String status, String records) {
        return """
                {"header":{"version":"1.0.0","message_id":"m1","message_ts":"2026-11-02T01:00:00Z","action":"on-search","status":"succ"},
                 "message":{"transaction_id":"t1","search_response":[{"reference_id":"@REF@","timestamp":"2026-11-02T01:00:00Z",
                   "status":"%s","status_reason_code":"rjct.search.no_record","data":{"reg_records":%s}}]}}
                """.formatted(status, records);
    }

    static String resolveAnswer(String holder, String accountStatus) {
        return """
                {"header":{"version":"1.0.0","message_id":"m2","message_ts":"2026-11-02T01:00:00Z","action":"on-resolve","status":"succ"},
                 "message":{"transaction_id":"t2","resolve_response":[{"reference_id":"@REF@","timestamp":"2026-11-02T01:00:00Z",
                   "fa":"1234567890@970405","status":"succ","account_provider_info":{"name":"Agribank","code":"970405"},
                   "additional_info":[{"name":"account_holder_name","value":"%s"},{"name":"account_status","value":"%s"}]}]}}
                """.formatted(holder, accountStatus);
    }

    void registryAnswers(String body) {
        stub.stubFor(post(urlEqualTo(REGISTRY)).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    void mapperAnswers(String body) {
        stub.stubFor(post(urlEqualTo(MAPPER)).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    @Test
    void aMatchingPersonAndAnAccountInTheirRegisteredNamePass() {
        registryAnswers(searchAnswer("succ", "[{\"name\":\"LÊ VĂN ĐỨC\",\"birth_date\":\"1950-05-01\"}]"));
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        RegistrationChecks.Result r = outcome(registry(), mapper(), "Lê Văn Đức");
        assertThat(r.identity().result()).isEqualTo("MATCH");
        assertThat(r.account().nameMatches()).isTrue();
        assertThat(r.outcome()).isEqualTo("PASSED");
        // the calls follow the G2P Connect shapes, carry the client secret, and never the name in a URL
        stub.verify(postRequestedFor(urlEqualTo(REGISTRY))
                .withHeader("Authorization", equalTo("Bearer client-secret-from-the-kubernetes-secret"))
                .withRequestBody(matchingJsonPath("$.header.action", equalTo("search")))
                .withRequestBody(matchingJsonPath("$.message.search_request[0].search_criteria.query.value", equalTo("051050012345"))));
        stub.verify(postRequestedFor(urlEqualTo(MAPPER))
                .withRequestBody(matchingJsonPath("$.message.resolve_request[0].fa", equalTo("1234567890@970405"))));
    }

    @Test
    void noRecordOrOtherDetailsFailTheRegistration() {
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        registryAnswers(searchAnswer("rjct", "[]"));
        assertThat(outcome(registry(), mapper(), "Lê Văn Đức")).satisfies(r -> {
            assertThat(r.identity().result()).isEqualTo("NOT_FOUND");
            assertThat(r.outcome()).isEqualTo("FAILED");
        });
        registryAnswers(searchAnswer("succ", "[{\"name\":\"LÊ VĂN ĐOÀN\",\"birth_date\":\"1950-05-01\"}]"));
        assertThat(outcome(registry(), mapper(), "Lê Văn Đức")).satisfies(r -> {
            assertThat(r.identity().result()).isEqualTo("DETAILS_MISMATCH");
            assertThat(r.outcome()).isEqualTo("FAILED");
        });
    }

    @Test
    void anAccountHeldBySomeoneElseOrClosedFailsTheRegistration() {
        registryAnswers(searchAnswer("succ", "[{\"name\":\"Lê Văn Đức\",\"birth_date\":\"1950-05-01\"}]"));
        mapperAnswers(resolveAnswer("NGUYEN VAN KHAC", "ACTIVE"));
        assertThat(outcome(registry(), mapper(), "Lê Văn Đức")).satisfies(r -> {
            assertThat(r.account().holderName()).isEqualTo("NGUYEN VAN KHAC");
            assertThat(r.account().nameMatches()).isFalse();
            assertThat(r.outcome()).isEqualTo("FAILED");
        });
        mapperAnswers(resolveAnswer("LE VAN DUC", "CLOSED"));
        assertThat(outcome(registry(), mapper(), "Lê Văn Đức").outcome()).isEqualTo("FAILED");
    }

    @Test
    void aSlowRegistryTimesOutAndTheRegistrationGoesToAManualCheck() {
        stub.stubFor(post(urlEqualTo(REGISTRY)).willReturn(aResponse().withStatus(200)
                .withBody(searchAnswer("succ", "[{\"name\":\"Lê Văn Đức\",\"birth_date\":\"1950-05-01\"}]")).withFixedDelay(1500)));
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        RegistrationChecks.Result r = outcome(registry(stub.baseUrl(), Duration.ofMillis(300), 1, 5), mapper(), "Lê Văn Đức");
        assertThat(r.identity().result()).isEqualTo("UNAVAILABLE");
        assertThat(r.passed()).isFalse();
        assertThat(r.outcome()).isEqualTo("MANUAL_CHECK");
        // the first attempt and one retry, then it gave up
        assertThat(stub.findAll(postRequestedFor(urlEqualTo(REGISTRY)))).hasSize(2);
    }

    @Test
    void aDeadRegistryIsUnavailableAndItsBreakerStopsAskingIt() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        RemoteCall dead = registry("http://127.0.0.1:" + deadPort, Duration.ofMillis(500), 1, 2);
        RegistrationChecks.Result r = outcome(dead, mapper(), "Lê Văn Đức");
        assertThat(r.identity().result()).isEqualTo("UNAVAILABLE");
        assertThat(r.outcome()).isEqualTo("MANUAL_CHECK");
        outcome(dead, mapper(), "Lê Văn Đức");
        assertThat(dead.open()).isTrue();
        // while open, nobody is asked and the answer is still never a pass
        assertThat(outcome(dead, mapper(), "Lê Văn Đức").outcome()).isEqualTo("MANUAL_CHECK");
    }

    @Test
    void aServerErrorIsRetriedAndAnswersLaterIfTheRegistryRecovers() {
        stub.stubFor(post(urlEqualTo(REGISTRY)).inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        stub.stubFor(post(urlEqualTo(REGISTRY)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(searchAnswer("succ", "[{\"name\":\"Lê Văn Đức\",\"birth_date\":\"1950-05-01\"}]"))));
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        assertThat(outcome(registry(), mapper(), "Lê Văn Đức").outcome()).isEqualTo("PASSED");
        assertThat(stub.findAll(postRequestedFor(urlEqualTo(REGISTRY)))).hasSize(2);
    }

    @Test
    void malformedOversizedOrUncorrelatedAnswersAreNeverBelieved() {
        mapperAnswers(resolveAnswer("LE VAN DUC", "ACTIVE"));
        for (String body : List.of("this is not json", "{\"message\":{\"search_response\":[{\"reference_id\":\"someone-else\",\"status\":\"succ\","
                + "\"data\":{\"reg_records\":[{\"name\":\"Lê Văn Đức\",\"birth_date\":\"1950-05-01\"}]}}]}}",
                searchAnswer("succ", "[{\"name\":\"" + "Đ".repeat(3000) + "\",\"birth_date\":\"1950-05-01\"}]"),
                searchAnswer("succ", "{\"name\":\"no array\"}"))) {
            registryAnswers(body);
            RegistrationChecks.Result r = outcome(registry(), mapper(), "Lê Văn Đức");
            assertThat(r.identity().result()).as(body.substring(0, Math.min(20, body.length()))).isEqualTo("UNAVAILABLE");
            assertThat(r.outcome()).isEqualTo("MANUAL_CHECK");
        }
    }

    @Test
    void anAnswerWithAWrongSignatureIsNeverBelieved() {
        stub.stubFor(post(urlEqualTo(REGISTRY)).willReturn(aResponse().withStatus(200).withHeader("X-Stub-Forge", "yes")
                .withBody(searchAnswer("succ", "[{\"name\":\"Lê Văn Đức\",\"birth_date\":\"1950-05-01\"}]"))));
        stub.stubFor(post(urlEqualTo(MAPPER)).willReturn(aResponse().withStatus(200).withHeader("X-Stub-Forge", "yes")
                .withBody(resolveAnswer("LE VAN DUC", "ACTIVE"))));
        RegistrationChecks.Result r = outcome(registry(), mapper(), "Lê Văn Đức");
        assertThat(r.identity().result()).isEqualTo("UNAVAILABLE");
        assertThat(r.account().status()).isEqualTo("UNAVAILABLE");
        assertThat(r.outcome()).isEqualTo("MANUAL_CHECK");
        // a forged answer is not retried: asking again would not make it trustworthy
        assertThat(stub.findAll(postRequestedFor(urlEqualTo(REGISTRY)))).hasSize(1);
    }

    @Test
    void aProductionStartWithoutAdaptersIsRefusedUnlessVerificationIsDeclaredUnavailable() {
        VerificationConfig.Endpoint missing = new VerificationConfig.Endpoint() {
            public Optional<String> baseUrl() { return Optional.empty(); }
            public Optional<String> clientSecret() { return Optional.empty(); }
            public Optional<String> signingKey() { return Optional.of("short"); }
            public Optional<String> tlsCertPath() { return Optional.empty(); }
            public Optional<String> tlsKeyPath() { return Optional.empty(); }
            public Optional<String> tlsTrustPath() { return Optional.empty(); }
            public Duration timeout() { return Duration.ofSeconds(1); }
            public int retries() { return 0; }
            public Duration backoff() { return Duration.ofMillis(1); }
            public int breakerFailures() { return 1; }
            public Duration breakerOpenFor() { return Duration.ofSeconds(1); }
            public int maxResponseBytes() { return 1; }
        };
        VerificationConfig adapters = config(VerificationConfig.Mode.ADAPTERS, missing);
        assertThat(VerificationConfig.problems(adapters)).hasSize(6);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpPopulationRegistry(adapters, json, clock, vertx).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ANSINH_VERIFICATION_MODE=unavailable");
        VerificationConfig unavailable = config(VerificationConfig.Mode.UNAVAILABLE, missing);
        HttpPopulationRegistry registry = new HttpPopulationRegistry(unavailable, json, clock, vertx);
        registry.start();
        HttpBankAccounts bank = new HttpBankAccounts(unavailable, json, clock, vertx);
        bank.start();
        assertThat(registry.verify("051050012345", "Lê Văn Đức", LocalDate.of(1950, 5, 1)).await().indefinitely())
                .isEqualTo(PopulationRegistry.Result.UNAVAILABLE);
        assertThat(bank.holderOf("970405", "1234567890").await().indefinitely().status())
                .isEqualTo(BankAccounts.Lookup.Status.UNAVAILABLE);
        assertThat(stub.getAllServeEvents()).isEmpty();
    }

    static VerificationConfig config(VerificationConfig.Mode mode, VerificationConfig.Endpoint endpoint) {
        return new VerificationConfig() {
            public Mode mode() { return mode; }
            public Endpoint population() { return endpoint; }
            public Endpoint bank() { return endpoint; }
        };
    }
}
