package vn.ansinh.payout.report.service;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.report.repository.ReportRepository;
import vn.ansinh.payout.security.Caller;

/**
 * The month's beneficiaries and payments of a province for the national social-assistance database
 * (MISPOSASOFT). Its import format is not public, so this is our own documented, versioned interchange
 * file (docs/national-export.md): JSON Lines, a header line (format, version, province, month, row
 * counts), the beneficiary lines, the payment lines, and a trailer line with the counts again and the
 * SHA-256 of every byte before it. Written as it is read, a page at a time, so a province of a million
 * people streams. It carries national IDs in full (the national database matches people by them), so
 * every export is recorded in the audit trail before a byte is sent; the province and month travel in the
 * query, never an identifier of a person.
 */
@ApplicationScoped
public class NationalExport {

    public static final String FORMAT = "ansinh-nsa-interchange";
    public static final String VERSION = "1.0";
    public static final String MEDIA_TYPE = "application/x-ndjson";

    static final int PAGE = 5_000;

    /** The month's lines: of the province's approved (or later) cycles for that month. */
    private static final String MONTH_LINES = "\n" + """
            from payment_line l
            join payment_cycle c on c.id = l.cycle_id and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
            where c.province_code = $1 and c.month = $2
            """;

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final Clock clock;
    private final ObjectMapper json;

    public NationalExport(Pool pool, Jurisdiction jurisdiction, AreaDirectory areas, AuditTrail audit, Clock clock,
            ObjectMapper json) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** What an export holds, counted before it is written (and recorded in the audit trail). */
    public record Export(String province, YearMonth month, long beneficiaries, long payments, OffsetDateTime producedAt,
            String producedBy) {
    }

    /** Checks the caller and the province, counts the rows, and records the read; then {@link #write} sends it. */
    public Uni<Export> prepare(Caller caller, String province, YearMonth month) {
        return areas.pathOf(province).flatMap(path -> path == null || !path.equals("/" + province + "/")
                ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notAProvince", province))
                : jurisdiction.require(caller, province))
                .flatMap(v -> pool.preparedQuery("select count(distinct l.beneficiary_id), count(*) " + MONTH_LINES)
                        .execute(Tuple.of(province, month.atDay(1))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Export(province, month, r.getLong(0), r.getLong(1), clock.offsetNow(), caller.subject());
                })
                .call(e -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("format", FORMAT);
                    details.put("formatVersion", VERSION);
                    details.put("month", month.toString());
                    details.put("beneficiaries", e.beneficiaries());
                    details.put("payments", e.payments());
                    return pool.withTransaction(c -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                            "NATIONAL_EXPORT_READ", "export", null, province, details))));
                });
    }

    /** Writes the file. Blocking (pages are awaited): call from a worker thread. */
    public void write(Export e, OutputStream out) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        DigestOutputStream body = new DigestOutputStream(out, sha);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("beneficiary", e.beneficiaries());
        counts.put("payment", e.payments());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("record", "header");
        header.put("format", FORMAT);
        header.put("formatVersion", VERSION);
        header.put("province", e.province());
        header.put("month", e.month().toString());
        header.put("producedAt", e.producedAt().toString());
        header.put("producedBy", e.producedBy());
        header.put("counts", counts);
        line(body, header);
        long beneficiaries = 0;
        UUID after = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
        for (List<Map<String, Object>> page = beneficiaries(e, null); !page.isEmpty(); page = beneficiaries(e, after)) {
            for (Map<String, Object> b : page) {
                line(body, b);
                beneficiaries++;
                after = (UUID) b.get("beneficiaryId");
            }
            body.flush();
        }
        long payments = 0;
        long afterLine = 0;
        for (List<Map<String, Object>> page = payments(e, 0); !page.isEmpty(); page = payments(e, afterLine)) {
            for (Map<String, Object> p : page) {
                afterLine = (Long) p.remove("_id");
                line(body, p);
                payments++;
            }
            body.flush();
        }
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("beneficiary", beneficiaries);
        written.put("payment", payments);
        Map<String, Object> trailer = new LinkedHashMap<>();
        trailer.put("record", "trailer");
        trailer.put("counts", written);
        trailer.put("sha256", HexFormat.of().formatHex(sha.digest()));
        // the trailer itself is outside the checksum: it carries it
        out.write(json.writeValueAsBytes(trailer));
        out.write('\n');
        out.flush();
    }

    private void line(OutputStream out, Map<String, Object> record) throws IOException {
        out.write(json.writeValueAsBytes(record));
        out.write('\n');
    }

    /** A page of the month's people, by id, after {@code after} (null: from the start). */
    private List<Map<String, Object>> beneficiaries(Export e, UUID after) {
        return pool.preparedQuery("""
                select b.id, b.national_id, b.national_id_kind, b.full_name, b.date_of_birth, b.sex, b.commune_code, b.status
                from beneficiary b
                where b.id in (select l.beneficiary_id """ + MONTH_LINES + """
                ) and ($3::uuid is null or b.id > $3) order by b.id limit $4
                """).execute(Tuple.from(Arrays.asList(e.province(), e.month().atDay(1), after, PAGE))).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("record", "beneficiary");
                        m.put("beneficiaryId", r.getUUID(0));
                        m.put("nationalId", r.getString(1));
                        m.put("nationalIdKind", r.getString(2));
                        m.put("fullName", r.getString(3));
                        m.put("dateOfBirth", r.getLocalDate(4).toString());
                        m.put("sex", r.getString(5));
                        m.put("communeCode", r.getString(6));
                        m.put("status", r.getString(7));
                        out.add(m);
                    }
                    return out;
                }).await().indefinitely();
    }

    /** A page of the month's payment lines, by line id, with where each stands (after re-routes). */
    private List<Map<String, Object>> payments(Export e, long afterLine) {
        return pool.preparedQuery("""
                with ml as (
                    select l.*, c.code as cycle_code, c.program """ + MONTH_LINES + """
                     and l.id > $3 order by l.id limit $4),
                """ + ReportRepository.LATEST_ATTEMPT + """
                select ml.id, ml.cycle_code, ml.line_no, ml.beneficiary_id, ml.program, ml.kind, ml.for_month, ml.commune_code,
                       ml.category_code, ml.coefficient, ml.standard_level_vnd, ml.amount_vnd,
                       coalesce(rr.channel, ml.channel), ml.recipient_kind,
                       case when co.line_id is not null then 'CARRIED_OVER' when res.outcome is not null then res.outcome
                            else 'OPEN' end,
                       res.paid_at, res.failure_code
                from ml left join rr on rr.line_id = ml.id
                left join payment_result res on res.line_id = ml.id and res.attempt = coalesce(rr.attempt, 1)
                left join payment_carry_over co on co.line_id = ml.id
                order by ml.id
                """).execute(Tuple.from(Arrays.asList(e.province(), e.month().atDay(1), afterLine, PAGE))).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("_id", r.getLong(0));
                        m.put("record", "payment");
                        m.put("reference", r.getString(1) + "-" + r.getInteger(2));
                        m.put("beneficiaryId", r.getUUID(3));
                        m.put("program", r.getString(4));
                        m.put("kind", r.getString(5));
                        m.put("forMonth", YearMonth.from(r.getLocalDate(6)).toString());
                        m.put("communeCode", r.getString(7));
                        m.put("categoryCode", r.getString(8));
                        m.put("coefficient", r.getBigDecimal(9));
                        m.put("standardLevelVnd", r.getLong(10));
                        m.put("amountVnd", r.getLong(11));
                        m.put("channel", r.getString(12));
                        m.put("recipientKind", r.getString(13));
                        m.put("status", r.getString(14));
                        OffsetDateTime paidAt = r.getOffsetDateTime(15);
                        LocalDate paidOn = paidAt == null ? null : paidAt.atZoneSameInstant(Clock.ZONE).toLocalDate();
                        m.put("paidOn", paidOn == null ? null : paidOn.toString());
                        m.put("failureCode", r.getString(16));
                        out.add(m);
                    }
                    return out;
                }).await().indefinitely();
    }
}
