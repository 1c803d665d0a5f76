package vn.ansinh.payout.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import vn.ansinh.payout.cycle.CycleFixture;

/**
 * An unknown national ID and a known one behave the same in every tier: the basic lookup with a wrong
 * date of birth, the code request, the detail lookup with a wrong code: the same status and the same body
 * (but for the request id). Known and unknown requests are interleaved in a random order and timed; the
 * distributions are written to target/status-timing.txt (docs/reliability.md has a run's figures). Times
 * are measured, never asserted: the machine's load decides them. Test province 71.
 */
@QuarkusTest
public class KnownAndUnknownLookAlikeTest {

    static final int PEOPLE = 40;

    record Sample(String tier, boolean known, long nanos) {
    }

    static Map<String, Object> body(Response r) {
        Map<String, Object> b = new HashMap<>(r.jsonPath().getMap(""));
        b.remove("requestId");
        return b;
    }

    static Response post(String path, Map<String, String> body, int client) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .header("X-Forwarded-For", "10.73." + (client / 250) + "." + (client % 250)).body(body).post(path);
    }

    @Test
    public void inEveryTierAnUnknownIdLooksLikeAKnownOne() throws IOException {
        CycleFixture f = new CycleFixture("71");
        Random random = new Random(71);
        List<String[]> known = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            LocalDate dob = LocalDate.of(1940 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28));
            var id = f.person("Người Đo " + i, dob, i % 2 == 0 ? "MALE" : "FEMALE");
            CycleFixture.sql("update beneficiary set phone_e164 = ? where id = ?", "+84975" + String.format("%06d", random.nextInt(1_000_000)), id);
            known.add(new String[] { CycleFixture.queryText("select national_id from beneficiary where id = ?", id), dob.toString() });
        }
        List<String[]> unknown = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String[] k = known.get(i);
            // an ID of nobody, of the same shape (province, century and sex, birth year), the same date of birth
            unknown.add(new String[] { k[0].substring(0, 6) + String.format("%06d", (Integer.parseInt(k[0].substring(6)) + 500_000) % 1_000_000), k[1] });
        }
        String lookupPath = "/api/v1/public/payment-status";
        String codePath = "/api/v1/public/payment-status/codes";
        List<Sample> samples = new ArrayList<>();
        Map<String, Map<Boolean, Response>> firstOf = new HashMap<>();
        int client = 0;
        // warm-up: the first requests of a path pay for class loading and JIT
        for (int i = 0; i < 20; i++) {
            post(lookupPath, Map.of("nationalId", "079099" + String.format("%06d", i), "dateOfBirth", "1950-01-01"), client++);
        }
        for (String tier : List.of("BASIC_WRONG_DOB", "CODE_REQUEST", "DETAIL_WRONG_CODE")) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 2 * PEOPLE; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            for (int o : order) {
                boolean isKnown = o < PEOPLE;
                String[] who = (isKnown ? known : unknown).get(o % PEOPLE);
                LocalDate dob = LocalDate.parse(who[1]);
                Map<String, String> body;
                String path = lookupPath;
                int expected;
                switch (tier) {
                    case "BASIC_WRONG_DOB" -> {
                        body = Map.of("nationalId", who[0], "dateOfBirth", dob.plusDays(1).toString());
                        expected = 404;
                    }
                    case "CODE_REQUEST" -> {
                        body = Map.of("nationalId", who[0], "dateOfBirth", who[1]);
                        path = codePath;
                        expected = 202;
                    }
                    default -> {
                        body = Map.of("nationalId", who[0], "dateOfBirth", who[1], "code", "000000");
                        expected = 404;
                    }
                }
                long start = System.nanoTime();
                Response r = post(path, body, client++);
                long nanos = System.nanoTime() - start;
                r.then().statusCode(expected);
                samples.add(new Sample(tier, isKnown, nanos));
                Map<Boolean, Response> first = firstOf.computeIfAbsent(tier, t -> new HashMap<>());
                first.putIfAbsent(isKnown, r);
                assertThat(body(r)).as(tier + " body").isEqualTo(body(first.getOrDefault(!isKnown, r)));
                assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            }
        }
        StringBuilder report = new StringBuilder("tier                known/unknown  n   p10 ms  p50 ms  p90 ms  p99 ms  mean ms\n");
        for (String tier : List.of("BASIC_WRONG_DOB", "CODE_REQUEST", "DETAIL_WRONG_CODE")) {
            for (boolean k : List.of(true, false)) {
                double[] ms = samples.stream().filter(s -> s.tier().equals(tier) && s.known() == k)
                        .mapToDouble(s -> s.nanos() / 1e6).sorted().toArray();
                assertThat(ms).hasSize(PEOPLE);
                report.append(String.format("%-19s %-14s %-3d %7.2f %7.2f %7.2f %7.2f %8.2f%n", tier, k ? "known" : "unknown",
                        ms.length, pct(ms, 10), pct(ms, 50), pct(ms, 90), pct(ms, 99), Arrays.stream(ms).average().orElse(0)));
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/status-timing.txt"), report);
        System.out.println(report);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
