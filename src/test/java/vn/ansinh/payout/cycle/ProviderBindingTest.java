package vn.ansinh.payout.cycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestClock;
import vn.ansinh.payout.testing.Tokens;

/**
 * Payment providers are bound to their organisation's channels and provinces by the token's {@code provider}
 * claim (never its subject). In test province 83, BANKONLY pays the bank transfers and WALLETONLY the
 * e-wallets (application.properties, %test.ansinh.providers); TESTPAY serves every province but 83. Each
 * downloads only its own lines, reports only on them, signs with its own secrets, and cannot spoil another's
 * callbacks; a provider token without an organisation this service knows grants nothing.
 */
@QuarkusTest
class ProviderBindingTest {

    static final String BANKONLY_SECRET = "Xc9Vb8Nm7Lk6Jh5Gf4Ds3Ap2Qw1Er0Ty";
    static final String WALLETONLY_SECRET = "Wm3Kq8Zr1Lp6Tx9Vb2Nc7Hd4Jf5Gs0Ya";

    static CycleFixture f;
    static String cycle;
    static String bankRef;
    static String walletRef;
    static String cashRef;
    static Object walletAmount;

    @BeforeEach
    void aReleasedCycleWithABankAWalletAndACashLine() {
        if (cycle != null) {
            return;
        }
        f = new CycleFixture("83");
        UUID bank = f.person("Hà Văn Ngân", LocalDate.of(1941, 2, 1), "MALE");
        f.entitlement(bank, "K5a", "2026-01");
        f.bankAccount(bank, "8300000001", "2026-01");
        UUID wallet = f.person("Hà Thị Ví", LocalDate.of(1942, 3, 1), "FEMALE");
        f.entitlement(wallet, "K5a", "2026-01");
        CycleFixture.sql("insert into payment_method (id, beneficiary_id, method, wallet_provider, wallet_account, "
                + "effective_from_month) values (?, ?, 'E_WALLET', 'VIETTEL_MONEY', '0912000083', date '2026-01-01')",
                UUID.randomUUID(), wallet);
        UUID cash = f.person("Hà Văn Mặt", LocalDate.of(1943, 4, 1), "MALE");
        f.entitlement(cash, "K5a", "2026-01");
        f.paymentPoint(1);
        JsonPath opened = f.open("2026-10");
        cycle = opened.getString("id");
        f.approveAndRelease(cycle, opened.getString("linesSha256"));
        List<Map<String, Object>> lines = f.payments(cycle);
        bankRef = ref(lines, "BANK_ACCOUNT");
        walletRef = ref(lines, "E_WALLET");
        cashRef = ref(lines, "CASH_AT_POINT");
        walletAmount = lines.stream().filter(l -> walletRef.equals(l.get("reference"))).findFirst().orElseThrow().get("amountVnd");
    }

    static String ref(List<Map<String, Object>> lines, String channel) {
        return (String) lines.stream().filter(l -> channel.equals(l.get("channel"))).findFirst().orElseThrow().get("reference");
    }

    /** A provider token: the organisation is the provider claim (null: none), whatever the subject says. */
    static RequestSpecification provider(String subject, String organisation) {
        JwtClaimsBuilder claims = Tokens.claims(subject, Set.of(Roles.PAYMENT_PROVIDER), List.of("83"));
        claims.remove("provider");
        if (organisation != null) {
            claims.claim("provider", organisation);
        }
        return given().auth().oauth2(Tokens.sign(claims));
    }

    static Response download(RequestSpecification as) {
        return as.accept("text/csv").get("/api/v1/cycles/" + cycle + "/disbursements");
    }

    @Test
    void aProviderTokenWithoutAKnownOrganisationGrantsNothing() {
        for (String organisation : new String[] { null, "NOBODY", "bankonly", "BANK ONLY" }) {
            download(provider("BANKONLY", organisation)).then().statusCode(403);
            provider("BANKONLY", organisation).get("/api/v1/cycles/" + cycle).then().statusCode(403);
            provider("BANKONLY", organisation).queryParam("province", "83").get("/api/v1/cycles").then().statusCode(403);
            provider("BANKONLY", organisation).get("/api/v1/cycles/" + cycle + "/payments").then().statusCode(403);
            provider("BANKONLY", organisation).contentType("text/csv")
                    .body(CycleFixture.results(List.of(Map.of("reference", bankRef, "amountVnd", 750000)), List.of()))
                    .post("/api/v1/cycles/" + cycle + "/reconciliations").then().statusCode(403);
            String json = "{\"callbackId\":\"cb-none-1\",\"results\":[]}";
            String now = String.valueOf(TestClock.instant().getEpochSecond());
            provider("BANKONLY", organisation).contentType(ContentType.JSON).header("X-Ansinh-Timestamp", now)
                    .header("X-Ansinh-Signature", sign(BANKONLY_SECRET, now, json)).body(json.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/disbursements/callbacks").then().statusCode(403);
        }
        // the organisation is the claim, never the subject: a subject naming BANKONLY with TESTPAY's claim is TESTPAY,
        // which does not serve province 83
        download(provider("BANKONLY", "TESTPAY")).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        download(provider("someone", "BANKONLY")).then().statusCode(200);
    }

    @Test
    void eachProviderDownloadsOnlyTheLinesOfTheChannelsItPays() {
        Response bank = download(provider("bank-clerk", "BANKONLY"));
        bank.then().statusCode(200);
        String csv = bank.asString();
        assertThat(csv).contains(bankRef + ",").doesNotContain(walletRef + ",").doesNotContain(cashRef + ",")
                .doesNotContain("0912000083");
        // its own checksum, of exactly the bytes it received
        assertThat(bank.header("X-Checksum-SHA256")).isEqualTo(Digests.sha256Hex(bank.asByteArray()));

        Response wallet = download(provider("wallet-clerk", "WALLETONLY"));
        assertThat(wallet.asString()).contains(walletRef + ",").doesNotContain(bankRef + ",").doesNotContain("8300000001");
        JsonPath g2p = provider("wallet-clerk", "WALLETONLY").accept(ContentType.JSON)
                .get("/api/v1/cycles/" + cycle + "/disbursements").then().statusCode(200).extract().jsonPath();
        assertThat(g2p.getInt("header.total_count")).isEqualTo(1);
        assertThat(g2p.getList("message.disbursements.reference_id")).containsExactly(walletRef);

        // the province sees the whole file, with the checksum fixed at release
        Response whole = f.asApprover().accept("text/csv").get("/api/v1/cycles/" + cycle + "/disbursements");
        assertThat(whole.asString()).contains(bankRef + ",").contains(walletRef + ",");
        assertThat(whole.header("X-Checksum-SHA256")).isEqualTo(f.asApprover().get("/api/v1/cycles/" + cycle).then()
                .extract().jsonPath().getString("disbursement.csvSha256"));
    }

    @Test
    void aProviderReportsOnlyOnItsOwnLinesAndSignsOnlyWithItsOwnSecret() {
        String csv = "reference_id,status,amount_vnd,provider_reference,paid_at,failure_code,failure_detail\n"
                + walletRef + ",FAILED,750000,,,ACCOUNT_CLOSED,closed\n" + cashRef + ",PAID,750000,X-1,2026-10-05T09:00:00+07:00,,\n";
        JsonPath bankFile = provider("bank-clerk", "BANKONLY").contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/cycles/" + cycle + "/reconciliations").then().statusCode(201).extract().jsonPath();
        List<String> reasons = f.asApprover().get("/api/v1/cycles/" + cycle + "/reconciliations/" + bankFile.getString("id")
                + "/rejections").then().statusCode(200).extract().jsonPath().getList("items.reason");
        assertThat(reasons).containsOnly("NOT_YOUR_LINE").hasSize(2);

        // WALLETONLY's callback signed with BANKONLY's secret is not WALLETONLY's
        String json = "{\"callbackId\":\"cb-83-0001\",\"results\":[{\"referenceId\":\"" + walletRef + "\",\"status\":\"PAID\","
                + "\"amountVnd\":" + walletAmount + ",\"providerReference\":\"VTM-1\",\"paidAt\":\"2026-10-05T08:00:00+07:00\"}]}";
        String now = String.valueOf(TestClock.instant().getEpochSecond());
        callback(provider("wallet-clerk", "WALLETONLY"), json, now, sign(BANKONLY_SECRET, now, json)).then().statusCode(401);
        // BANKONLY uses the id first, for a line that is not its own: refused row by row, and WALLETONLY's own
        // callback under the same id is still accepted
        String bankJson = json.replace("VTM-1", "BANK-X");
        callback(provider("bank-clerk", "BANKONLY"), bankJson, now, sign(BANKONLY_SECRET, now, bankJson)).then().statusCode(200)
                .body("applied", equalTo(0)).body("rejected[0].reason", equalTo("NOT_YOUR_LINE"));
        callback(provider("wallet-clerk", "WALLETONLY"), json, now, sign(WALLETONLY_SECRET, now, json)).then().statusCode(200)
                .body("applied", equalTo(1));
        callback(provider("wallet-clerk", "WALLETONLY"), json, now, sign(WALLETONLY_SECRET, now, json)).then().statusCode(409)
                .body("code", equalTo("REPLAYED"));
        assertThat(CycleFixture.queryText("select string_agg(provider || ':' || callback_id, ',' order by provider) "
                + "from provider_callback where callback_id = 'cb-83-0001'")).isEqualTo("BANKONLY:cb-83-0001,WALLETONLY:cb-83-0001");
    }

    @Test
    void onlyTheHomeDeliveryProviderRecordsCashHandedToFieldOfficers() {
        provider("bank-clerk", "BANKONLY").contentType(ContentType.JSON).body(Map.of("id", UUID.randomUUID().toString(),
                "cycleId", cycle, "officer", "field-83", "kind", "RETURN", "amountVnd", 100000))
                .post("/api/v1/deliveries/custody").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        provider("bank-clerk", "BANKONLY").contentType(ContentType.JSON).body(Map.of("id", UUID.randomUUID().toString(),
                "cycleId", cycle, "officer", "field-83", "kind", "ADVANCE", "amountVnd", 100000))
                .post("/api/v1/deliveries/custody").then().statusCode(403);
    }

    static Response callback(RequestSpecification as, String json, String timestamp, String signature) {
        return as.contentType(ContentType.JSON).header("X-Ansinh-Timestamp", timestamp).header("X-Ansinh-Signature", signature)
                .body(json.getBytes(StandardCharsets.UTF_8)).post("/api/v1/disbursements/callbacks");
    }

    static String sign(String secret, String timestamp, String body) {
        return ReconciliationAndJobsTest.sign(secret, timestamp, body);
    }
}
