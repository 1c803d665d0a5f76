package vn.ansinh.payout.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The pods speak HTTP/1.1 only ({@code quarkus.http.http2=false}): over HTTP/2 cleartext (h2c) a confirmation's
 * form would reach the Quarkus REST multipart parser of 3.37.1, whose part headers are unbounded, and skip the
 * per-route spool budget (issue 17, review). Neither the upgrade nor prior knowledge may give an HTTP/2 stream.
 */
@QuarkusTest
class Http2CleartextTest {

    @Test
    void anUpgradeToH2cIsNotTaken() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/q/health/live")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void priorKnowledgeGetsNoHttp2Stream() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // the client preface, then an empty SETTINGS frame (length 0, type 4, flags 0, stream 0)
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(12);
            // an HTTP/2 server answers with its own SETTINGS frame (binary: a 3-byte length, then type 4); an HTTP/1.1
            // server refuses the request line in text (Netty echoes the request's version: "HTTP/2.0 400"), or closes
            String text = new String(first, StandardCharsets.US_ASCII);
            assertThat(first.length == 0 || text.matches("HTTP/[0-9.]+ [45][0-9][0-9]"))
                    .as("answer to an HTTP/2 preface: %s %s", text, java.util.Arrays.toString(first)).isTrue();
        }
    }
}
