package vn.ansinh.payout.registry.service;

import static vn.ansinh.payout.common.CsvWriter.exact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.audit.service.AuditTrail;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.CsvWriter;
import vn.ansinh.payout.security.Caller;

/**
 * The account-information list of Công văn 5234/LĐTBXH-TTTT (họ tên, ngày sinh, số định danh, nơi thường
 * trú, số tài khoản và ngân hàng/nhà cung cấp, điện thoại, người đại diện), for the caller's areas, in
 * CSV or XLSX. It carries identifiers in full (that is its purpose), so every export is recorded in the
 * audit trail with its scope and row count.
 */
@ApplicationScoped
public class AccountListExport {

    public enum Format { CSV, XLSX }

    public record File(byte[] content, int rows) {
    }

    static final List<String> HEADER = List.of("STT", "Họ và tên", "Ngày sinh", "Số định danh", "Nơi thường trú",
            "Xã/phường", "Phương thức", "Số tài khoản / ví", "Ngân hàng / nhà cung cấp", "Chủ tài khoản", "Số điện thoại",
            "Người đại diện", "Áp dụng từ tháng");

    private static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final Pool pool;
    private final Jurisdiction jurisdiction;
    private final AuditTrail audit;
    private final Clock clock;

    public AccountListExport(Pool pool, Jurisdiction jurisdiction, AuditTrail audit, Clock clock) {
        this.pool = pool;
        this.jurisdiction = jurisdiction;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<File> export(Caller caller, String area, Format format) {
        return jurisdiction.visibleAreas(caller, area).flatMap(areas -> rows(areas)).flatMap(rows -> Uni.createFrom()
                .item(() -> new File(format == Format.CSV ? csv(rows) : xlsx(rows, area), rows.size()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .call(file -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("format", format.name());
                    details.put("rows", file.rows());
                    // what was exposed: the area named, or the caller's whole scope
                    details.put("area", area);
                    details.put("scope", area != null ? List.of(area) : caller.areas().stream().sorted().toList());
                    String auditArea = area != null ? area
                            : caller.areas().size() == 1 ? caller.areas().iterator().next() : null;
                    return pool.withTransaction(c -> audit.recordBatch(c, caller, List.of(new AuditTrail.BatchEntry(
                            "ACCOUNT_LIST_EXPORTED", "export", null, auditArea, details))));
                });
    }

    /**
     * The list's rows: STT, date of birth, national ID, payment method, account or wallet number, phone and
     * month are exact cells (digits, dates, codes: a bank or a commune matches them as written); names,
     * addresses, the commune, the bank and the holder are guarded text. The phone stays in E.164 (+84…): an
     * exact cell may start with a sign when it is a plain number, which a spreadsheet can only read as one.
     */
    private Uni<List<List<Object>>> rows(Set<String> areas) {
        return pool.preparedQuery("""
                select b.full_name, b.date_of_birth, b.national_id, b.address_line, a.name, pm.method,
                       coalesce(pm.account_number, pm.wallet_account), coalesce(bk.short_name, pm.wallet_provider),
                       pm.account_holder_name, b.phone_e164, r.full_name, pm.effective_from_month
                from beneficiary b
                join area a on a.code = b.commune_code
                left join payment_method pm on pm.beneficiary_id = b.id and pm.effective_to_month is null
                left join bank bk on bk.bin = pm.bank_bin
                left join representative r on r.id = pm.representative_id
                where b.commune_code = any($1) and b.status <> 'ENDED'
                order by b.commune_code, b.name_folded, b.id""")
                .execute(Tuple.of(areas.toArray(String[]::new)))
                .map(result -> {
                    List<List<Object>> out = new ArrayList<>();
                    int n = 0;
                    for (Row r : result) {
                        LocalDate from = r.getLocalDate(11);
                        out.add(List.of(++n, nz(r.getString(0)), exact(r.getLocalDate(1).format(VN_DATE)),
                                exact(r.getString(2)), nz(r.getString(3)), nz(r.getString(4)), exact(nz(r.getString(5))),
                                exact(nz(r.getString(6))), nz(r.getString(7)), nz(r.getString(8)), exact(nz(r.getString(9))),
                                nz(r.getString(10)), exact(from == null ? "" : from.format(DateTimeFormatter.ofPattern("MM/yyyy")))));
                    }
                    return out;
                });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static byte[] csv(List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter csv = CsvWriter.forSpreadsheets(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            csv.row(HEADER);
            for (List<Object> row : rows) {
                csv.row(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    byte[] xlsx(List<List<Object>> rows, String area) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "An Sinh Payout", "1.0")) {
            Worksheet ws = wb.newWorksheet("Danh sách tài khoản");
            ws.value(0, 0, "DANH SÁCH THÔNG TIN TÀI KHOẢN CHI TRẢ" + (area == null ? "" : " — địa bàn " + area));
            ws.value(1, 0, "Lập lúc " + clock.localNow().format(DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy")));
            for (int c = 0; c < HEADER.size(); c++) {
                ws.value(3, c, HEADER.get(c));
                ws.style(3, c).bold().set();
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    // identifiers as text: leading zeros matter (an XLSX string cell is never a formula)
                    ws.value(4 + r, c, v instanceof CsvWriter.Exact e ? e.value() : v.toString());
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
