package vn.ansinh.payout.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import vn.ansinh.payout.testing.TestClock;

/**
 * The client of the per-client limit is the address the trusted proxy saw, never a header the client
 * wrote: from a peer that is not a trusted proxy (127.0.0.2; the test profile trusts 127.0.0.1 only),
 * twenty lookups, each with its own X-Forwarded-For, are one client, and the next one is over its limit.
 */
@QuarkusTest
public class ClientAddressTest {

    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    /** One HTTP/1.1 POST from the given local address; the status code. */
    static int post(String from, String forwardedFor, String body) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), RestAssured.port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /api/v1/public/payment-status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\nX-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0;) {
                answer.write(buffer, 0, n);
            }
            String status = answer.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    static String body(int i) {
        return "{\"nationalId\":\"079065" + String.format("%06d", 900_000 + i) + "\",\"dateOfBirth\":\"1965-01-01\"}";
    }

    @Test
    public void twentyForwardedForHeadersFromOneUntrustedPeerAreOneClient() throws Exception {
        // all in one minute of the per-client window
        TestClock.set("2026-12-10T11:00:00+07:00");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(post("127.0.0.2", "203.0.113." + (i + 1), body(i)));
        }
        assertThat(statuses).containsOnly(404);
        assertThat(post("127.0.0.2", "198.51.100.77", body(20))).isEqualTo(429);
        // the trusted proxy's forwarded address is another client, with its own limit
        assertThat(post("127.0.0.1", "198.51.100.77", body(21))).isEqualTo(404);
    }
}
