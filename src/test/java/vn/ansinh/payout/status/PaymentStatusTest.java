package vn.ansinh.payout.status;

import static vn.ansinh.payout.testing.Api.approve;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.cycle.CycleFixture;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.status.port.LocalSmsSimulator;
import vn.ansinh.payout.testing.Api;
import vn.ansinh.payout.testing.TestClock;

/**
 * The public lookup over four months of one province's social pension (province 90): paid, failed and
 * carried over, paid at home, scheduled; the same "no match" whatever is wrong; representatives; and
 * the limits, which hold in the database.
 */
@QuarkusTest
public class PaymentStatusTest {

    static CycleFixture f;
    static UUID pensioner;
    static UUID homebound;
    static String pensionerId;
    static String representativeId = "051190" + String.format("%06d", (int) (Math.random() * 1_000_000));
    static final LocalDate PENSIONER_DOB = LocalDate.parse("1950-04-04");
    static final LocalDate HOMEBOUND_DOB = LocalDate.parse("1948-05-05");
    static UUID suspended;
    static final LocalDate SUSPENDED_DOB = LocalDate.parse("1949-06-06");

    /** Built once, by the first test to run (REST Assured needs the started application). */
    @BeforeEach
    void fourMonthsOfPayments() {
        if (f != null) {
            return;
        }
        f = new CycleFixture("90");
        pensioner = f.person("Nguyễn Văn An", PENSIONER_DOB, "MALE");
        f.entitlement(pensioner, "SOCIAL_PENSION", "HTXH", null, 0, "2026-01");
        f.bankAccount(pensioner, "0099884321", "2026-01");
        pensionerId = nationalIdOf(pensioner);
        homebound = f.person("Trần Thị Bình", HOMEBOUND_DOB, "FEMALE", 1, "CANNOT_TRAVEL");
        f.entitlement(homebound, "SOCIAL_PENSION", "HTXH", null, 0, "2026-01");
        CycleFixture.sql("insert into representative (id, beneficiary_id, kind, national_id, full_name, relationship, valid_from, "
                + "authorization_ref, confirmed_by, confirmed_at) values (?, ?, 'AUTHORIZED', ?, 'Nguyễn Thị Con', 'CHILD', "
                + "date '2026-01-01', 'UQ-01', 'commune-officer', now())", UUID.randomUUID(), pensioner, representativeId);
        suspended = f.person("Lê Văn Cường", SUSPENDED_DOB, "MALE");
        f.entitlement(suspended, "SOCIAL_PENSION", "HTXH", null, 0, "2026-01");
        f.status(suspended, "ACTIVE", "SUSPENDED", "NOT_COLLECTED_3_MONTHS", "2026-10");
        f.paymentPoint(1);
        CycleFixture.sql("update beneficiary set phone_e164 = ? where id = ?", PENSIONER_PHONE, pensioner);
        CycleFixture.sql("update beneficiary set phone_e164 = ? where id = ?", HOMEBOUND_PHONE, homebound);

        for (String month : List.of("2026-08", "2026-09", "2026-10", "2026-11")) {
            JsonPath cycle = f.open("SOCIAL_PENSION", month);
            String id = cycle.getString("id");
            f.approveAndRelease(id, cycle.getString("linesSha256"));
            List<Map<String, Object>> lines = f.payments(id);
            switch (month) {
                case "2026-09" -> {
                    String failed = lines.stream().filter(l -> pensioner.toString().equals(l.get("beneficiaryId")))
                            .map(l -> (String) l.get("reference")).findFirst().orElseThrow();
                    f.upload(id, CycleFixture.results(lines, List.of(failed)));
                    approve(f.asApprover().contentType(ContentType.JSON).body(Map.of("reason", "Tài khoản đóng"))
                            .post("/api/v1/cycles/" + id + "/carry-overs"), f.asReleaser());
                }
                case "2026-11" -> {
                    // released, no results yet: scheduled
                }
                default -> f.upload(id, CycleFixture.results(lines, List.of()));
            }
            if (!month.equals("2026-11")) {
                f.asApprover().post("/api/v1/cycles/" + id + "/closure").then().statusCode(200);
            }
        }
    }

    static String nationalIdOf(UUID person) {
        return CycleFixture.queryText("select national_id from beneficiary where id = ?", person);
    }

    static Response lookup(String client, String nationalId, LocalDate dob) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).header("X-Forwarded-For", client)
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString()))
                .post("/api/v1/public/payment-status");
    }

    static final String PENSIONER_PHONE = "+84912" + String.format("%06d", (int) (Math.random() * 1_000_000));
    static final String HOMEBOUND_PHONE = "+84913" + String.format("%06d", (int) (Math.random() * 1_000_000));

    /** Asks for a code for the person and reads it from the SMS simulator. */
    static String code(String nationalId, LocalDate dob, String phone) {
        int before = LocalSmsSimulator.textsTo(phone).size();
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.0.9.1")
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString()))
                .post("/api/v1/public/payment-status/codes").then().statusCode(202);
        waitFor(() -> LocalSmsSimulator.textsTo(phone).size() > before);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([0-9]{6})\\b")
                .matcher(LocalSmsSimulator.textsTo(phone).get(before));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The SMS leaves after the answer: waits for it (up to 15 s on a loaded machine). */
    static void waitFor(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the SMS never left").isLessThan(end);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Response lookup(String client, String nationalId, LocalDate dob, String code) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).header("X-Forwarded-For", client)
                .body(Map.of("nationalId", nationalId, "dateOfBirth", dob.toString(), "code", code))
                .post("/api/v1/public/payment-status");
    }

    @Test
    public void aBeneficiarySeesEachMonthPlainlyAndNothingSensitive() {
        Response r = lookup("10.0.0.1", pensionerId, PENSIONER_DOB);
        r.then().statusCode(200).header("Cache-Control", "no-store");
        JsonPath body = r.jsonPath();
        assertThat(body.getString("tier")).isEqualTo("BASIC");
        assertThat(body.getString("beneficiaries[0].name")).isEqualTo("Nguyễn V. A.");
        assertThat(body.getString("beneficiaries[0].relation")).isEqualTo("SELF");
        assertThat(body.getString("beneficiaries[0].askAt.communeCode")).isEqualTo(f.commune(1));
        assertThat(body.getString("beneficiaries[0].askAt.office")).startsWith("Bộ phận một cửa, Ủy ban nhân dân");
        assertThat(body.getList("beneficiaries[0].months.month")).containsExactly("2026-11", "2026-10", "2026-09", "2026-08");
        // scheduled and carried over are both "coming": the money is still due
        assertThat(body.getList("beneficiaries[0].months.status")).containsExactly("COMING", "PAID", "COMING", "PAID");
        assertThat(body.getString("beneficiaries[0].months[0].note")).contains("mã xác nhận");
        String raw = r.asString();
        assertThat(raw).doesNotContain(pensionerId, "0099884321", "4321", "amountVnd", "payments", "channel", "BANK_ACCOUNT",
                "paymentPoint", "homeDeliveryWindow", "HTXH", "categoryCode", "\"reference\":\"C", pensioner.toString());

        // with the code sent to the registered phone: the detail tier
        String code = code(pensionerId, PENSIONER_DOB, PENSIONER_PHONE);
        JsonPath detail = lookup("10.0.0.1", pensionerId, PENSIONER_DOB, code).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("tier")).isEqualTo("DETAIL");
        assertThat(detail.getList("beneficiaries[0].months.detailStatus")).containsExactly("SCHEDULED", "PAID", "CARRIED_OVER", "PAID");
        assertThat(detail.getList("beneficiaries[0].months[1].payments.kind")).containsExactly("REGULAR", "CARRY_OVER");
        assertThat(detail.getString("beneficiaries[0].months[2].payments[0].reason")).contains("chuyển sang tháng sau");
        assertThat(detail.getString("beneficiaries[0].months[3].payments[0].account")).isEqualTo("••••4321");
        assertThat(detail.getLong("beneficiaries[0].months[3].payments[0].amountVnd")).isPositive();
        assertThat(detail.getString("beneficiaries[0].months[3].payments[0].paidAt")).isNotNull();
        // in English on request
        given().contentType(ContentType.JSON).header("Accept-Language", "en").header("X-Forwarded-For", "10.0.0.1")
                .body(Map.of("nationalId", pensionerId, "dateOfBirth", PENSIONER_DOB.toString(),
                        "code", code(pensionerId, PENSIONER_DOB, PENSIONER_PHONE)))
                .post("/api/v1/public/payment-status").then().statusCode(200)
                .body("beneficiaries[0].months[2].payments[0].reason", equalTo("Not paid this month; the amount is kept for next month."));
    }

    @Test
    public void homeDeliveryNeverTellsWhenTheOfficerComes() {
        String id = nationalIdOf(homebound);
        Response basic = lookup("10.0.0.2", id, HOMEBOUND_DOB);
        basic.then().statusCode(200);
        assertThat(basic.jsonPath().getString("beneficiaries[0].months[1].status")).isEqualTo("PAID");
        assertThat(basic.asString()).doesNotContain("HOME_DELIVERY", "ngày 5", "homeDeliveryWindow", "paymentPoint");
        Response detail = lookup("10.0.0.2", id, HOMEBOUND_DOB, code(id, HOMEBOUND_DOB, HOMEBOUND_PHONE));
        detail.then().statusCode(200).body("tier", equalTo("DETAIL"));
        assertThat(detail.jsonPath().getString("beneficiaries[0].months[0].payments[0].channel")).isEqualTo("HOME_DELIVERY");
        assertThat(detail.asString()).doesNotContain("homeDeliveryWindow", "ngày 5", "từ ngày", "paymentPoint\":{");
    }

    @Test
    public void suspendedMonthsAreHeldWithWhatToDo() {
        JsonPath body = lookup("10.0.0.5", nationalIdOf(suspended), SUSPENDED_DOB).then().statusCode(200).extract().jsonPath();
        // suspended from October: every month since is held, cycle or not, up to this month (whatever today is)
        List<String> expected = new java.util.ArrayList<>();
        for (YearMonth m = TestClock.month(); !m.isBefore(YearMonth.of(2026, 10)); m = m.minusMonths(1)) {
            expected.add("HELD");
        }
        expected.addAll(List.of("PAID", "PAID"));
        assertThat(body.getList("beneficiaries[0].months.status")).containsExactlyElementsOf(expected);
        assertThat(body.getString("beneficiaries[0].months[0].note")).contains("tạm dừng");
    }

    @Test
    public void aWrongDateOfBirthAndAnUnknownIdLookTheSame() {
        Response wrongDob = lookup("10.0.0.3", pensionerId, PENSIONER_DOB.plusDays(1));
        Response unknown = lookup("10.0.0.3", "051050999999", PENSIONER_DOB);
        for (Response r : List.of(wrongDob, unknown)) {
            r.then().statusCode(404).header("Cache-Control", "no-store");
        }
        Map<String, Object> a = wrongDob.jsonPath().getMap("");
        Map<String, Object> b = unknown.jsonPath().getMap("");
        a.remove("requestId");
        b.remove("requestId");
        assertThat(a).isEqualTo(b);
        assertThat(wrongDob.asString()).doesNotContain(pensionerId);
    }

    @Test
    public void aRepresentativeLooksUpWithTheirOwnIdAndTheBeneficiarysBirthDate() {
        JsonPath body = lookup("10.0.0.4", representativeId, PENSIONER_DOB).then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("beneficiaries.relation")).containsExactly("REPRESENTATIVE");
        assertThat(body.getString("beneficiaries[0].name")).isEqualTo("Nguyễn V. A.");
        // their own birth date is not the key: nothing
        lookup("10.0.0.4", representativeId, HOMEBOUND_DOB).then().statusCode(404);
    }

    @Test
    public void oneIdIsLimitedPerMinuteAndLockedAfterRepeatedMissesUntilTheLockExpires() {
        String id = "079070" + String.format("%06d", (int) (Math.random() * 1_000_000));
        for (int i = 0; i < 3; i++) {
            lookup("10.0.1." + i, id, LocalDate.parse("1970-01-01")).then().statusCode(404);
        }
        // three misses: locked for an hour, whichever client asks and whatever the date of birth
        Response locked = lookup("10.0.1.99", id, LocalDate.parse("1970-01-02"));
        locked.then().statusCode(429).body("code", equalTo("TOO_MANY_REQUESTS"));
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(3600 - 30, 3600 + 1);
        // the lock expires (the suite's clock moves on an hour)
        try {
            TestClock.advance(java.time.Duration.ofMinutes(61));
            lookup("10.0.1.98", id, LocalDate.parse("1970-01-02")).then().statusCode(404);
        } finally {
            TestClock.reset();
        }

        // a beneficiary's own ID: more than 5 lookups a minute are refused, then allowed again
        for (int i = 0; i < 5; i++) {
            lookup("10.0.2." + i, nationalIdOf(homebound), HOMEBOUND_DOB).then().statusCode(200);
        }
        lookup("10.0.2.9", nationalIdOf(homebound), HOMEBOUND_DOB).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        CycleFixture.sql("update lookup_throttle set window_start = window_start - interval '2 minutes'");
        lookup("10.0.2.9", nationalIdOf(homebound), HOMEBOUND_DOB).then().statusCode(200);
        assertThat(CycleFixture.queryLong("select count(*) from lookup_guard where id_hash like '%" + id + "%'")).isZero();
    }

    @Test
    public void oneClientIsLimitedPerMinute() {
        String client = "10.0.3.1";
        for (int i = 0; i < 20; i++) {
            lookup(client, "079080" + String.format("%06d", i), LocalDate.parse("1980-01-01")).then().statusCode(404);
        }
        lookup(client, "079080999999", LocalDate.parse("1980-01-01")).then().statusCode(429);
        lookup("10.0.3.2", "079080999999", LocalDate.parse("1980-01-01")).then().statusCode(404);
    }

    @Test
    public void badInputIsAProblemAndCountsNothing() {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.0.4.1")
                .body(Map.of("nationalId", "12ab", "dateOfBirth", "1950-01-01")).post("/api/v1/public/payment-status")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    public void staffSeeTheLineDetailWithinTheirAreas() {
        JsonPath body = Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).get("/api/v1/beneficiaries/" + pensioner + "/payment-status")
                .then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("name")).isEqualTo("Nguyễn Văn An");
        assertThat(body.getString("months[2].payments[0].failureCode")).isEqualTo("ACCOUNT_CLOSED");
        assertThat(body.getString("months[2].payments[0].reference")).startsWith("C90SP202609-");
        Api.as(Roles.COMMUNE_OFFICER, "21211").get("/api/v1/beneficiaries/" + pensioner + "/payment-status")
                .then().statusCode(403);
        // a home delivery links to its confirmations and evidence
        JsonPath home = Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).get("/api/v1/beneficiaries/" + homebound + "/payment-status")
                .then().statusCode(200).extract().jsonPath();
        assertThat(home.getString("months[0].payments[0].homeDeliveryHref"))
                .isEqualTo("/api/v1/deliveries/" + home.getString("months[0].payments[0].homeDeliveryId"));
        Api.as(Roles.COMMUNE_OFFICER, f.commune(1)).get(home.getString("months[0].payments[0].homeDeliveryHref"))
                .then().statusCode(200);
    }
}
