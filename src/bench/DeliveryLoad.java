import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Load client of the home-delivery benchmark (src/bench/deliveries.sh): CLIENTS threads, each confirming
 * deliveries as a field officer with two ~1 MB JPEG photos per request, for SECONDS. Every request
 * carries photos no other request has (a counter in a JPEG comment segment), as real phones would.
 * Prints one RESULT line: confirmations per second, latency percentiles and the status codes seen.
 *   java src/bench/DeliveryLoad.java BASE_URL TOKEN CLIENTS SECONDS
 * Deliveries to confirm are read from the service (GET /api/v1/deliveries?status=OPEN as the officer).
 *
 * <p>Replayable mode, for the crash suite (src/reliability/crash.sh): with PLAN=file in the environment
 * the deliveries come from that file ("id amount" lines; written from the open deliveries, at most
 * LIMIT of them, when it does not exist yet), every request is a pure function of its delivery (its
 * confirmation id, its photos, CAPTURED_AT) so that sending it again is a resend, and each answer is
 * appended to ACKS=file as "id status".
 */
public class DeliveryLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        String plan = System.getenv("PLAN");
        ConcurrentLinkedQueue<String> open = new ConcurrentLinkedQueue<>(plan == null ? openDeliveries(http, base, token)
                : planned(http, base, token, java.nio.file.Path.of(plan)));
        java.io.PrintWriter acks = System.getenv("ACKS") == null ? null
                : new java.io.PrintWriter(new java.io.FileWriter(System.getenv("ACKS"), true), true);
        System.out.println("open deliveries: " + open.size());
        byte[] photoA = jpeg(1_000_000, 1);
        byte[] photoB = jpeg(1_000_000, 2);
        System.out.println("photo sizes: " + photoA.length + ", " + photoB.length + " bytes");

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong counter = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            new Thread(() -> {
                try {
                    String delivery;
                    while (System.nanoTime() < end && (delivery = open.poll()) != null) {
                        long n = plan == null ? counter.incrementAndGet() : UUID.fromString(delivery).getLeastSignificantBits() >>> 1;
                        String boundary = "bench-" + UUID.randomUUID();
                        byte[] body = multipart(boundary, plan == null ? json(amounts.get(delivery)) : replayableJson(delivery),
                                unique(photoA, n * 2), unique(photoB, n * 2 + 1));
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/deliveries/" + delivery + "/confirmation"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        latencies.add(System.nanoTime() - t0);
                        if (acks != null) {
                            synchronized (acks) {
                                acks.println(delivery + " " + status);
                            }
                        }
                        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        long started = System.nanoTime();
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long created = statuses.getOrDefault(201, new AtomicLong()).get();
        System.out.printf("RESULT bench=deliveries clients=%d seconds=%.1f requests=%d created=%d per_second=%.1f "
                + "p50_ms=%.0f p95_ms=%.0f p99_ms=%.0f max_ms=%.0f statuses=%s%n", clients, elapsed, sorted.size(), created,
                created / elapsed, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), pct(sorted, 100), statuses);
        if (open.isEmpty()) {
            System.out.println("note: every open delivery was confirmed before the time was up; seed more for a longer run");
        }
    }

    static final Map<String, Long> amounts = new ConcurrentHashMap<>();

    /** The officer's open deliveries and their amounts, page by page. */
    static List<String> openDeliveries(HttpClient http, String base, String token) throws Exception {
        List<String> ids = new ArrayList<>();
        // one item: its amount, then (keys are sorted) its cycle id and its own id
        Pattern item = Pattern.compile("\"amountVnd\":(\\d+),.*?\"cycleId\":\"[0-9a-f-]{36}\",\"id\":\"([0-9a-f-]{36})\"");
        String after = null;
        while (true) {
            String url = base + "/api/v1/deliveries?status=OPEN&limit=500" + (after == null ? "" : "&after=" + after);
            String page = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = item.matcher(page);
            int found = 0;
            while (m.find()) {
                ids.add(m.group(2));
                amounts.put(m.group(2), Long.parseLong(m.group(1)));
                after = m.group(2);
                found++;
            }
            if (found < 500) {
                return ids;
            }
        }
    }

    /** The deliveries of the plan file, or the first LIMIT open ones, written to it. */
    static List<String> planned(HttpClient http, String base, String token, java.nio.file.Path plan) throws Exception {
        if (!java.nio.file.Files.exists(plan)) {
            List<String> open = openDeliveries(http, base, token);
            int limit = Integer.parseInt(System.getenv().getOrDefault("LIMIT", "400"));
            List<String> lines = new ArrayList<>();
            open.stream().limit(limit).forEach(id -> lines.add(id + " " + amounts.get(id)));
            java.nio.file.Files.write(plan, lines);
        }
        List<String> ids = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(plan)) {
            String[] parts = line.split(" ");
            ids.add(parts[0]);
            amounts.put(parts[0], Long.parseLong(parts[1]));
        }
        return ids;
    }

    /** A delivery's confirmation as its phone would resend it: the same id and capture time every time. */
    static String replayableJson(String delivery) {
        OffsetDateTime captured = OffsetDateTime.parse(System.getenv("CAPTURED_AT"));
        return "{\"confirmationId\":\"" + UUID.nameUUIDFromBytes(("confirmation:" + delivery).getBytes(StandardCharsets.UTF_8))
                + "\",\"outcome\":\"DELIVERED\",\"recipient\":\"BENEFICIARY\",\"amountVnd\":" + amounts.get(delivery)
                + ",\"capturedAt\":\"" + captured + "\",\"deviceSentAt\":\"" + OffsetDateTime.now(ZoneOffset.ofHours(7))
                + "\",\"position\":{\"latitude\":15.17,\"longitude\":108.87,\"accuracyM\":15.0}}";
    }

    static String json(long amount) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(7));
        return "{\"confirmationId\":\"" + UUID.randomUUID() + "\",\"outcome\":\"DELIVERED\",\"recipient\":\"BENEFICIARY\","
                + "\"amountVnd\":" + amount + ",\"capturedAt\":\"" + now.minusMinutes(2) + "\",\"deviceSentAt\":\"" + now
                + "\",\"position\":{\"latitude\":15.17,\"longitude\":108.87,\"accuracyM\":15.0}}";
    }

    static byte[] multipart(String boundary, String json, byte[]... photos) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length() + 2_100_000);
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"confirmation\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n").getBytes(StandardCharsets.UTF_8));
        int i = 0;
        for (byte[] p : photos) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p" + (i++)
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(p);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The photo with a comment segment holding n right after SOI: another file, the same picture. */
    static byte[] unique(byte[] jpeg, long n) {
        byte[] text = ("bench " + n).getBytes(StandardCharsets.US_ASCII);
        int len = text.length + 2;
        byte[] out = new byte[jpeg.length + 4 + text.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }

    /** A noisy JPEG of about the given size (a phone photo compresses to about this much). */
    static byte[] jpeg(int approxBytes, long seed) throws Exception {
        Random random = new Random(seed);
        int side = 1200;
        while (true) {
            BufferedImage image = new BufferedImage(side, side * 3 / 4, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int base = (x / 40 * 37 + y / 40 * 91) & 0xFF;
                    int r = Math.min(255, base + random.nextInt(64));
                    int g = Math.min(255, (base * 3) % 256 / 2 + random.nextInt(64));
                    int b = Math.min(255, 255 - base / 2 + random.nextInt(32) - 16 & 0xFF);
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            if (out.size() >= approxBytes * 0.9 || side > 6000) {
                return out.toByteArray();
            }
            side = (int) (side * Math.sqrt((double) approxBytes / out.size()) * 1.02);
        }
    }

    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
