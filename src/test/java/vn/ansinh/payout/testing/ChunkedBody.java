package vn.ansinh.payout.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;

/**
 * A chunked body sent over a raw socket (no client normalises the path or adds a Content-Length), generated as
 * it is sent and never held, the answer read as it comes. Also the body cut short: the client goes away.
 */
public final class ChunkedBody {

    /**
     * What the service answered: status, content type, body, and how many body bytes the client had written when
     * the first byte of the answer arrived (what the service could have read by then, plus the sockets' buffers).
     */
    public record Answer(int status, String contentType, String body, long sentWhenAnswered) {
    }

    private ChunkedBody() {
    }

    /**
     * POSTs {@code prefix} then {@code filler} bytes up to {@code total} bytes, chunked, to {@code path} exactly
     * as written, and returns the answer (the service may answer and close before the body ends).
     */
    public static Answer post(String path, String contentType, String authorization, String prefix, byte filler, long total)
            throws Exception {
        try (Socket socket = open(path, contentType, authorization)) {
            OutputStream out = socket.getOutputStream();
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> readAnswer(socket, sent));
            byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, filler);
            try {
                writeChunk(out, start, start.length);
                sent.addAndGet(start.length);
                while (sent.get() < total && !answer.isDone()) {
                    int n = (int) Math.min(chunk.length, total - sent.get());
                    writeChunk(out, chunk, n);
                    sent.addAndGet(n);
                }
                if (!answer.isDone()) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the service closed the connection behind its answer: expected once a budget is passed
            }
            return answer.get(120, TimeUnit.SECONDS);
        }
    }

    /** Sends the head and {@code bytes} of a chunked body, then goes away without ending it (a client abort). */
    public static void abort(String path, String contentType, String authorization, byte[] bytes) throws Exception {
        try (Socket socket = open(path, contentType, authorization)) {
            OutputStream out = socket.getOutputStream();
            writeChunk(out, bytes, bytes.length);
            out.flush();
            Thread.sleep(300); // let the service start spooling it
            socket.setSoLinger(true, 0); // a reset, as a phone losing its network
        }
    }

    private static Socket open(String path, String contentType, String authorization) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(120_000);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n")
                .append("Content-Type: ").append(contentType).append("\r\nTransfer-Encoding: chunked\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    private static void writeChunk(OutputStream out, byte[] data, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Answer readAnswer(Socket socket, java.util.concurrent.atomic.AtomicLong sent) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            int first = in.read();
            long sentWhenAnswered = sent.get();
            if (first >= 0) {
                headBytes.write(first);
            }
            int b;
            int state = 0;
            while (state < 4 && (b = in.read()) >= 0) {
                headBytes.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            String head = headBytes.toString(StandardCharsets.ISO_8859_1);
            String status = head.split(" ", 3)[1];
            String type = "";
            int length = -1;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    type = line.substring(13).strip();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = length >= 0 ? in.readNBytes(length) : chunked ? readChunked(in) : in.readAllBytes();
            return new Answer(Integer.parseInt(status), type, new String(body, StandardCharsets.UTF_8), sentWhenAnswered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int n = size.isEmpty() ? 0 : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
