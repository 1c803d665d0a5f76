package vn.ansinh.payout.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Over HTTP/2 cleartext (h2c) a confirmation's form would reach the Quarkus REST 3.37.1 multipart parser, which
 * bounds no part header and spools outside the per-route budget (issue 17, review): a confirmation over h2c is
 * refused before a byte of it is read. (The ingress speaks HTTP/1.1 to the pods; h2c stays on for everything
 * else, where nothing is spooled.)
 */
@QuarkusTest
class Http2CleartextTest {

    @Test
    void aConfirmationOverH2cIsRefusedBeforeItsFormIsRead() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://localhost:" + RestAssured.port;
        // the upgrade happens on a request without a body; the connection then carries HTTP/2 streams
        HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.version()).isEqualTo(HttpClient.Version.HTTP_2);
        String boundary = "b" + UUID.randomUUID();
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--" + boundary + "--\r\n";
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/deliveries/" + UUID.randomUUID() + "/confirmation"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer x.y.z")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JsonPath.from(answer.body()).getString("code")).isEqualTo("MALFORMED_REQUEST");
        assertThat(answer.headers().firstValue("Connection")).isEmpty();
    }
}
