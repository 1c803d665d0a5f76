package vn.ansinh.payout.cycle;

import static io.restassured.RestAssured.given;
import static vn.ansinh.payout.testing.Api.asSubject;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import vn.ansinh.payout.security.Roles;
import vn.ansinh.payout.testing.TestAreas;
import vn.ansinh.payout.testing.TestEnvironment;

/**
 * Builds registry situations for payroll tests straight in the database (dated status changes and
 * moves, entitlements from a month), each in a test province of its own, and drives cycles through
 * the API as two different province officers (the generator and the approver).
 */
public final class CycleFixture {

    final String province;
    final String generator;
    final String approver;

    public CycleFixture(String province) {
        this.province = province;
        this.generator = "officer-gen-" + province;
        this.approver = "officer-appr-" + province;
        TestAreas.ensureProvince(province, 3);
        sql("insert into standard_level (province_code, program, effective_from, amount_vnd, decision_ref) values "
                + "('" + province + "', 'SOCIAL_ASSISTANCE', date '2024-07-01', 500000, 'Nghị định 76/2024/NĐ-CP'), "
                + "('" + province + "', 'SOCIAL_PENSION', date '2025-07-01', 500000, 'Nghị định 176/2025/NĐ-CP') "
                + "on conflict do nothing");
    }

    public String commune(int i) {
        return province + "00" + i;
    }

    /** A beneficiary with a consistent citizen ID; returns its id. */
    public UUID person(String name, LocalDate dob, String sex, int commune, String mobility) {
        UUID id = UUID.randomUUID();
        int centurySex = (dob.getYear() >= 2000 ? 2 : 0) + ("FEMALE".equals(sex) ? 1 : 0);
        String nationalId = "0" + province + centurySex + String.format("%02d", dob.getYear() % 100)
                + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        sql("insert into beneficiary (id, national_id, national_id_kind, full_name, date_of_birth, sex, commune_code, "
                + "address_line, mobility) values (?, ?, 'CCCD', ?, ?, ?, ?, 'Thôn 1', ?)", id, nationalId, name, dob, sex,
                commune(commune), mobility);
        return id;
    }

    public UUID person(String name, LocalDate dob, String sex) {
        return person(name, dob, sex, 1, "CAN_TRAVEL");
    }

    public UUID entitlement(UUID person, String program, String category, String variant, int children, String startMonth) {
        UUID id = UUID.randomUUID();
        sql("insert into entitlement (id, beneficiary_id, program, category_code, variant, children_count, decision_number, "
                + "decision_date, start_month) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, person, program, category, variant,
                children, "QĐ-" + id.toString().substring(0, 6), LocalDate.parse(startMonth + "-01"),
                LocalDate.parse(startMonth + "-01"));
        return id;
    }

    UUID entitlement(UUID person, String category, String startMonth) {
        return entitlement(person, "SOCIAL_ASSISTANCE", category, null, 0, startMonth);
    }

    /** A dated status change; the record's current status follows the latest one. */
    public void status(UUID person, String from, String to, String reason, String effectiveMonth) {
        sql("insert into beneficiary_status_change (id, beneficiary_id, from_status, to_status, reason, effective_month, "
                + "decided_by) values (?, ?, ?, ?, ?, ?, 'commune-officer')", UUID.randomUUID(), person, from, to, reason,
                LocalDate.parse(effectiveMonth + "-01"));
        sql("update beneficiary set status = ? where id = ?", to, person);
    }

    public UUID bankAccount(UUID person, String account, String fromMonth) {
        UUID id = UUID.randomUUID();
        sql("insert into payment_method (id, beneficiary_id, method, bank_bin, account_number, account_holder_name, "
                + "effective_from_month) values (?, ?, 'BANK_ACCOUNT', '970405', ?, 'NGUOI THU', ?)", id, person, account,
                LocalDate.parse(fromMonth + "-01"));
        return id;
    }

    public UUID paymentPoint(int commune) {
        UUID id = UUID.randomUUID();
        sql("insert into payment_point (id, commune_code, name, address, first_day, last_day, opening_hours, created_by) "
                + "values (?, ?, 'Nhà văn hóa thôn 1', 'Thôn 1', 5, 7, '7:30-11:00', 'test')", id, commune(commune));
        return id;
    }

    public static void sql(String statement, Object... args) {
        try (Connection c = TestEnvironment.connect(); PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                st.setObject(i + 1, a instanceof LocalDate d ? java.sql.Date.valueOf(d) : a);
            }
            st.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** Runs a statement that must fail, and returns the database's message. */
    public static String sqlFails(String statement) {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("the database accepted: " + statement);
    }

    public static long queryLong(String query, Object... args) {
        try (Connection c = TestEnvironment.connect(); PreparedStatement st = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(query, e);
        }
    }

    public static String queryText(String query, Object... args) {
        try (Connection c = TestEnvironment.connect(); PreparedStatement st = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(query, e);
        }
    }

    static void superuser(String statement) {
        try (Connection c = TestEnvironment.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }

    // ---------------------------------------------------------------- the API, as officers and the provider

    io.restassured.specification.RequestSpecification asGenerator() {
        return asSubject(generator, Roles.PROVINCE_OFFICER, province);
    }

    public io.restassured.specification.RequestSpecification asApprover() {
        return asSubject(approver, Roles.PROVINCE_OFFICER, province);
    }

    /** A third province officer: whoever approved a payroll does not release it. */
    public io.restassured.specification.RequestSpecification asReleaser() {
        return asSubject("officer-rel-" + province, Roles.PROVINCE_OFFICER, province);
    }

    public io.restassured.specification.RequestSpecification asProvider() {
        return asSubject("provider-" + province, Roles.PAYMENT_PROVIDER, province);
    }

    public JsonPath open(String program, String month) {
        return asGenerator().contentType(ContentType.JSON)
                .body(Map.of("provinceCode", province, "program", program, "month", month))
                .post("/api/v1/cycles").then().statusCode(201).extract().jsonPath();
    }

    public JsonPath open(String month) {
        return open("SOCIAL_ASSISTANCE", month);
    }

    /** Approves and releases a generated cycle. */
    public JsonPath approveAndRelease(String cycleId, String sha) {
        asApprover().contentType(ContentType.JSON).body(Map.of("linesSha256", sha))
                .post("/api/v1/cycles/" + cycleId + "/approval").then().statusCode(200);
        return asReleaser().post("/api/v1/cycles/" + cycleId + "/disbursements").then().statusCode(200).extract().jsonPath();
    }

    /** All lines of a cycle as the province sees them. */
    public List<Map<String, Object>> payments(String cycleId) {
        return asApprover().queryParam("size", 1000).get("/api/v1/cycles/" + cycleId + "/payments")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** A results file: every line PAID, except the references listed as failed. */
    public static String results(List<Map<String, Object>> lines, List<String> failed) {
        StringBuilder csv = new StringBuilder("reference_id,status,amount_vnd,provider_reference,paid_at,failure_code,failure_detail\n");
        for (Map<String, Object> l : lines) {
            String ref = (String) l.get("reference");
            Object amount = l.get("amountVnd");
            if (failed.contains(ref)) {
                csv.append(ref).append(",FAILED,").append(amount).append(",,,ACCOUNT_CLOSED,closed by the bank\n");
            } else {
                csv.append(ref).append(",PAID,").append(amount).append(",PRV-").append(ref).append(",2026-12-05T09:30:00+07:00,,\n");
            }
        }
        return csv.toString();
    }

    public JsonPath upload(String cycleId, String csv) {
        return asProvider().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/cycles/" + cycleId + "/reconciliations").then().statusCode(201).extract().jsonPath();
    }

    /** Runs a cycle to CLOSED: generated, approved, released, every line paid. */
    String runToClosed(String month) {
        JsonPath cycle = open(month);
        String id = cycle.getString("id");
        approveAndRelease(id, cycle.getString("linesSha256"));
        upload(id, results(payments(id), List.of()));
        asApprover().post("/api/v1/cycles/" + id + "/closure").then().statusCode(200);
        return id;
    }

    static List<String> refs(List<Map<String, Object>> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add((String) l.get("reference")));
        return out;
    }

    static io.restassured.specification.RequestSpecification anonymous() {
        return given();
    }
}
