package vn.ansinh.payout.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.Api;
import vn.ansinh.payout.testing.TestClock;

/**
 * Guessing a date of birth over simulated days (the suite's clock is moved): each lock longer than the
 * last, the day's and the month's caps; commune staff see a beneficiary's lock and lift it, audited.
 * Test province 71.
 */
@QuarkusTest
public class PaymentStatusGuessingTest {

    static CycleFixture f;
    static UUID person;
    static String personId;
    static final LocalDate DOB = LocalDate.parse("1951-03-03");
    static final String PHONE = "+84971" + String.format("%06d", (int) (Math.random() * 1_000_000));
    static UUID second;
    static String secondId;
    static final LocalDate SECOND_DOB = LocalDate.parse("1952-04-04");
    static final String SECOND_PHONE = "+84972" + String.format("%06d", (int) (Math.random() * 1_000_000));

    @BeforeEach
    void onePerson() {
        if (f == null) {
            f = new CycleFixture("71");
            person = f.person("Đỗ Văn Bảy", DOB, "MALE");
            f.entitlement(person, "SOCIAL_PENSION", "HTXH", null, 0, "2026-01");
            personId = CycleFixture.queryText("select national_id from beneficiary where id = ?", person);
            CycleFixture.sql("update beneficiary set phone_e164 = ? where id = ?", PHONE, person);
            second = f.person("Vũ Thị Tám", SECOND_DOB, "FEMALE");
            secondId = CycleFixture.queryText("select national_id from beneficiary where id = ?", second);
            CycleFixture.sql("update beneficiary set phone_e164 = ? where id = ?", SECOND_PHONE, second);
        }
    }

    @AfterEach
    void clockBack() {
        TestClock.reset();
    }

    static Response lookup(String nationalId, LocalDate dob) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .header("X-Forwarded-For", "10.71." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250))
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString()))
                .post("/api/v1/public/payment-status");
    }

    static long retryAfter(Response r) {
        r.then().statusCode(429);
        return Long.parseLong(r.header("Retry-After"));
    }

    static long secondsUntil(String localDateTime) {
        return Duration.between(TestClock.instant(), java.time.LocalDateTime.parse(localDateTime).atZone(TestClock.local().getZone())
                .toInstant()).toSeconds();
    }

    @Test
    public void eachLockIsLongerThanTheLastAndTheDayAndMonthCapsHold() {
        String id = "079071" + String.format("%06d", (int) (Math.random() * 1_000_000));
        LocalDate guess = LocalDate.parse("1971-01-01");
        TestClock.set("2027-03-10T09:00:00+07:00");
        for (int i = 0; i < 3; i++) {
            lookup(id, guess.plusDays(i)).then().statusCode(404);
        }
        // the first lock: an hour
        assertThat(retryAfter(lookup(id, guess.plusDays(3)))).isBetween(3600L - 60, 3601L);
        TestClock.advance(Duration.ofMinutes(61));
        lookup(id, guess.plusDays(4)).then().statusCode(404);
        lookup(id, guess.plusDays(5)).then().statusCode(404);
        // five misses today: locked until tomorrow, whatever comes later today
        assertThat(retryAfter(lookup(id, guess.plusDays(6)))).isBetween(secondsUntil("2027-03-11T00:00:00") - 60,
                secondsUntil("2027-03-11T00:00:00") + 1);
        TestClock.set("2027-03-11T08:00:00+07:00");
        lookup(id, guess.plusDays(6)).then().statusCode(404);
        // the third miss since the first lock: the second lock, six times longer
        assertThat(retryAfter(lookup(id, guess.plusDays(7)))).isBetween(6 * 3600L - 60, 6 * 3600L + 1);
        TestClock.set("2027-03-11T14:01:00+07:00");
        lookup(id, guess.plusDays(7)).then().statusCode(404);
        lookup(id, guess.plusDays(8)).then().statusCode(404);
        // eight misses this month: locked until April
        assertThat(retryAfter(lookup(id, guess.plusDays(9)))).isBetween(secondsUntil("2027-04-01T00:00:00") - 60,
                secondsUntil("2027-04-01T00:00:00") + 1);
        TestClock.set("2027-03-31T23:00:00+07:00");
        retryAfter(lookup(id, guess.plusDays(9)));
        // April: one more miss makes the third since the second lock: the third lock, 36 hours
        TestClock.set("2027-04-01T00:00:01+07:00");
        lookup(id, guess.plusDays(9)).then().statusCode(404);
        assertThat(retryAfter(lookup(id, guess.plusDays(10)))).isBetween(36 * 3600L - 60, 36 * 3600L + 1);
        // nine guesses in three weeks; the bookkeeping holds only the ID's keyed hash
        assertThat(CycleFixture.queryLong("select count(*) from lookup_guard where id_hash like '%" + id + "%'")).isZero();
    }

    @Test
    public void communeStaffSeeALockAndLiftItAudited() {
        TestClock.set("2027-05-20T09:00:00+07:00");
        for (int i = 1; i <= 3; i++) {
            lookup(personId, DOB.plusDays(i)).then().statusCode(404);
        }
        // locked: even the right date of birth waits
        retryAfter(lookup(personId, DOB));
        String locksBody = Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).get("/api/v1/beneficiaries/" + person
                + "/payment-status/lookup-locks").then().statusCode(200).extract().asString();
        JsonPath locks = JsonPath.from(locksBody);
        assertThat(locks.getString("locks[0].relation")).isEqualTo("SELF");
        assertThat(locks.getString("locks[0].lockedUntil")).isNotNull();
        assertThat(locks.getInt("locks[0].locksSoFar")).isEqualTo(1);
        assertThat(locks.getInt("locks[0].missesToday")).isEqualTo(3);
        assertThat(locksBody).doesNotContain(personId);
        // another commune's officer sees nothing of it, and an auditor may look but not lift
        Api.as(Roles.COMMUNE_OFFICER, "71002").get("/api/v1/beneficiaries/" + person + "/payment-status/lookup-locks")
                .then().statusCode(403);
        Api.as(Roles.AUDITOR, f.commune(1)).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/beneficiaries/" + person + "/payment-status/lookup-locks/lifting").then().statusCode(403);
        // a reason is required
        Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/api/v1/beneficiaries/" + person + "/payment-status/lookup-locks/lifting").then().statusCode(400);
        long audited = CycleFixture.queryLong("select count(*) from audit_entry where action = 'LOOKUP_LOCK_LIFTED' and entity_id = ?",
                person.toString());
        JsonPath lifted = Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).contentType(ContentType.JSON)
                .body(Map.of("reason", "Ông Bảy đến UBND xã, đã xuất trình CCCD"))
                .post("/api/v1/beneficiaries/" + person + "/payment-status/lookup-locks/lifting").then().statusCode(200)
                .extract().jsonPath();
        assertThat(lifted.getString("locks[0].lockedUntil")).isNull();
        assertThat(lifted.getInt("locks[0].locksSoFar")).isEqualTo(1);
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'LOOKUP_LOCK_LIFTED' and entity_id = ?",
                person.toString())).isEqualTo(audited + 1);
        assertThat(CycleFixture.queryText("select changes::text from audit_entry where action = 'LOOKUP_LOCK_LIFTED' and entity_id = ? "
                + "order by occurred_at desc limit 1", person.toString())).contains("xuất trình").doesNotContain(personId);
        // the person looks up at once
        lookup(personId, DOB).then().statusCode(200);
        // lifting again lifts nothing and records nothing
        Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/v1/beneficiaries/" + person + "/payment-status/lookup-locks/lifting").then().statusCode(200);
        assertThat(CycleFixture.queryLong("select count(*) from audit_entry where action = 'LOOKUP_LOCK_LIFTED' and entity_id = ?",
                person.toString())).isEqualTo(audited + 1);
    }

    static Response requestCode(String nationalId, LocalDate dob) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.71.0." + (int) (Math.random() * 250))
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString())).post("/api/v1/public/payment-status/codes");
    }

    static Response lookup(String nationalId, LocalDate dob, String code) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .header("X-Forwarded-For", "10.72." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250))
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString(), "code", code))
                .post("/api/v1/public/payment-status");
    }

    /** Requests a code and reads the one the SMS simulator received. */
    static String sentCode(String nationalId, LocalDate dob, String phone) {
        int before = vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(phone).size();
        requestCode(nationalId, dob).then().statusCode(202);
        PaymentStatusTest.waitFor(() -> vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(phone).size() > before);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([0-9]{6})\\b")
                .matcher(vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(phone).get(before));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** How often the ID's bookkeeping was written (0: never). */
    static long guardVersion(String nationalId) {
        String hash = java.util.HexFormat.of().formatHex(vn.ansinh.payout.common.Digests.hmacSha256("test-only-id-hash-key",
                nationalId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return CycleFixture.queryLong("select coalesce(max(version), 0) from lookup_guard where id_hash = ?", hash);
    }

    static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Test
    public void theCodeFlowSentWrongUsedExpiredAndTooMany() {
        // sent: to the registered phone only, the answer says nothing of it
        Response asked = requestCode(personId, DOB);
        asked.then().statusCode(202).header("Cache-Control", "no-store");
        assertThat(asked.jsonPath().getLong("expiresInSeconds")).isEqualTo(300);
        assertThat(asked.asString()).doesNotContain(PHONE.substring(PHONE.length() - 4));
        PaymentStatusTest.waitFor(() -> vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(PHONE).size() == 1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([0-9]{6})\\b")
                .matcher(vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(PHONE).get(0));
        assertThat(m.find()).isTrue();
        String code = m.group(1);
        assertThat(CycleFixture.queryLong("select count(*) from status_code where code_hash like ?", "%" + code + "%")).isZero();
        // wrong: the same no-match as anything else, and no miss of the date of birth
        long bookkeeping = guardVersion(personId);
        lookup(personId, DOB, wrong(code)).then().statusCode(404).body("code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
        // right: the detail tier
        lookup(personId, DOB, code).then().statusCode(200).body("tier", org.hamcrest.Matchers.equalTo("DETAIL"));
        // reused: no longer
        lookup(personId, DOB, code).then().statusCode(404);
        // the basic tier still answers without one
        lookup(personId, DOB).then().statusCode(200).body("tier", org.hamcrest.Matchers.equalTo("BASIC"));

        // expired: valid five minutes
        String second = sentCode(personId, DOB, PHONE);
        TestClock.advance(Duration.ofMinutes(5).plusSeconds(5));
        lookup(personId, DOB, second).then().statusCode(404);
        // (five lookups of an ID a minute: the next ones in the next minute)
        TestClock.advance(Duration.ofMinutes(1));

        // too many tries: three checks spend a code, even the right one after
        String third = sentCode(personId, DOB, PHONE);
        lookup(personId, DOB, wrong(third)).then().statusCode(404);
        lookup(personId, DOB, wrong(wrong(third))).then().statusCode(404);
        lookup(personId, DOB, wrong(wrong(wrong(third)))).then().statusCode(404);
        lookup(personId, DOB, third).then().statusCode(404);

        // too many codes: three a day for one ID; the fourth request is answered alike and sends nothing
        int sent = vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(PHONE).size();
        Response fourth = requestCode(personId, DOB);
        fourth.then().statusCode(202);
        assertThat(fourth.jsonPath().getMap("")).isEqualTo(asked.jsonPath().getMap(""));
        // a request with a wrong date of birth, or for an ID of nobody: answered alike, nothing sent
        Response wrongDob = requestCode(personId, DOB.plusDays(1));
        Response nobody = requestCode("079071999998", DOB);
        for (Response r : java.util.List.of(wrongDob, nobody)) {
            r.then().statusCode(202);
            assertThat(r.jsonPath().getMap("")).isEqualTo(asked.jsonPath().getMap(""));
        }
        // none of the three left (the gateway is called after the answer: give it the time it would take)
        int before = vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(SECOND_PHONE).size();
        requestCode(secondId, SECOND_DOB).then().statusCode(202);
        PaymentStatusTest.waitFor(() -> vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(SECOND_PHONE).size() > before);
        assertThat(vn.ansinh.payout.status.port.LocalSmsSimulator.textsTo(PHONE)).hasSize(sent);
        // the wrong codes were no misses of the date of birth
        assertThat(guardVersion(personId)).isEqualTo(bookkeeping);
    }

    @Test
    public void theHolderOfThePhoneGetsPastALock() {
        for (int i = 1; i <= 3; i++) {
            lookup(secondId, SECOND_DOB.plusDays(i)).then().statusCode(404);
        }
        retryAfter(lookup(secondId, SECOND_DOB));
        // (five lookups of an ID a minute: the next ones in the next minute; the lock lasts an hour)
        TestClock.advance(Duration.ofMinutes(1));
        // locked: a code is still sent, and with it the lookup answers
        String code = sentCode(secondId, SECOND_DOB, SECOND_PHONE);
        retryAfter(lookup(secondId, SECOND_DOB, wrong(code)));
        lookup(secondId, SECOND_DOB, code).then().statusCode(200).body("tier", org.hamcrest.Matchers.equalTo("DETAIL"))
                .body("beneficiaries[0].name", org.hamcrest.Matchers.equalTo("Vũ T. T."));
        // and the lock holds for anyone without one
        retryAfter(lookup(secondId, SECOND_DOB));
    }
}
