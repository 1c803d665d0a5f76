import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.UUID;

/**
 * Load generator for the registry benchmarks (issue: registry and field registration). Run by
 * src/bench/registry.sh against a packaged service on loopback; JDK only, no dependencies.
 *
 *   java src/bench/RegistryBench.java sync   BASE_URL TOKEN COUNT BATCH
 *   java src/bench/RegistryBench.java import BASE_URL TOKEN ROWS
 *
 * Prints one line "RESULT name=value ..." that the driver script records.
 */
public class RegistryBench {

    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    static final String[] FAMILY = { "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô" };
    static final String[] GIVEN = { "An", "Bình", "Cường", "Dũng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nam", "Phúc", "Thảo" };

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String base = args[1];
        String token = args[2];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (mode.equals("sync")) {
            sync(http, base, token, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            importCsv(http, base, token, Integer.parseInt(args[3]));
        }
    }

    /** A consistent citizen ID: birth registered in Quảng Ngãi (051), born in 19yy, serial n. */
    static String citizenId(int yy, boolean female, int serial) {
        return "051" + (female ? "1" : "0") + String.format("%02d", yy) + String.format("%06d", serial);
    }

    static void sync(HttpClient http, String base, String token, int count, int batch) throws Exception {
        Random rnd = new Random(42);
        long started = System.nanoTime();
        int created = 0, rejected = 0, requests = 0;
        long worstMs = 0;
        for (int offset = 0; offset < count; offset += batch) {
            StringBuilder body = new StringBuilder("{\"items\":[");
            for (int i = offset; i < Math.min(count, offset + batch); i++) {
                if (i > offset) {
                    body.append(',');
                }
                boolean female = rnd.nextBoolean();
                int yy = 30 + rnd.nextInt(40);
                String name = FAMILY[rnd.nextInt(FAMILY.length)] + (female ? " Thị " : " Văn ") + GIVEN[rnd.nextInt(GIVEN.length)];
                body.append("{\"type\":\"REGISTRATION\",\"payload\":{")
                        .append("\"id\":\"").append(UUID.randomUUID()).append("\",")
                        .append("\"person\":{\"nationalId\":\"").append(citizenId(yy, female, 100000 + i)).append("\",")
                        .append("\"fullName\":\"").append(name).append("\",\"dateOfBirth\":\"19").append(String.format("%02d", yy))
                        .append("-03-15\",\"sex\":\"").append(female ? "FEMALE" : "MALE")
                        .append("\",\"communeCode\":\"21211\",\"addressLine\":\"Thôn ").append(1 + i % 12).append("\"},")
                        .append("\"paymentMethod\":{\"method\":\"BANK_ACCOUNT\",\"bankBin\":\"970405\",\"accountNumber\":\"")
                        .append(String.format("55%010d", i)).append("\",\"accountHolderName\":\"HOLDER\"},")
                        .append("\"phone\":\"098").append(String.format("%07d", i)).append("\",")
                        .append("\"consent\":{\"kind\":\"THUMBPRINT_IMAGE\",\"imageBase64\":\"").append(PNG).append("\"},")
                        .append("\"deviceTime\":\"").append(OffsetDateTime.now().minusMinutes(5)).append("\",")
                        .append("\"position\":{\"latitude\":15.1,\"longitude\":108.8,\"accuracyMeters\":10}}}");
            }
            body.append("]}");
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sync"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            worstMs = Math.max(worstMs, (System.nanoTime() - t0) / 1_000_000);
            requests++;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("sync answered " + response.statusCode() + ": " + response.body());
            }
            created += count(response.body(), "\"created\":");
            rejected += count(response.body(), "\"rejected\":");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("RESULT bench=sync items=%d batch=%d requests=%d created=%d rejected=%d seconds=%.1f "
                + "items_per_second=%.0f slowest_batch_ms=%d%n", count, batch, requests, created, rejected, seconds,
                count / seconds, worstMs);
    }

    static int count(String json, String key) {
        int at = json.lastIndexOf(key);
        int end = at + key.length();
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at + key.length(), end));
    }

    static void importCsv(HttpClient http, String base, String token, int rows) throws Exception {
        Random rnd = new Random(7);
        StringBuilder csv = new StringBuilder("national_id,full_name,date_of_birth,sex,commune_code,address,phone,mobility,"
                + "program,category_code,variant,children_count,decision_number,decision_date,start_month\n");
        for (int i = 0; i < rows; i++) {
            boolean female = rnd.nextBoolean();
            int yy = 20 + rnd.nextInt(40); // 1920-1959: K5a elders
            csv.append(citizenId(yy, female, 300000 + i)).append(',')
                    .append(FAMILY[rnd.nextInt(FAMILY.length)]).append(female ? " Thị " : " Văn ").append(GIVEN[rnd.nextInt(GIVEN.length)])
                    .append(",15/03/19").append(String.format("%02d", yy)).append(',').append(female ? "Nữ" : "Nam")
                    .append(",21211,Thôn ").append(1 + i % 12).append(",09").append(String.format("%08d", i))
                    .append(",CAN_TRAVEL,SOCIAL_ASSISTANCE,K5a,,,QD-").append(i).append(",01/01/2024,01/2024\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports?fileName=bench.csv"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
        }
        System.out.printf("RESULT bench=import rows=%d bytes=%d created=%d rejected=%d seconds=%.1f rows_per_second=%.0f%n",
                rows, file.length, count(response.body(), "\"created\":"), count(response.body(), "\"rejected\":"),
                seconds, rows / seconds);
    }
}
