package vn.ansinh.payout.report.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import vn.ansinh.payout.area.AreaDirectory;
import vn.ansinh.payout.area.Jurisdiction;
import vn.ansinh.payout.common.Clock;
import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.common.api.ApiException;
import vn.ansinh.payout.common.api.ErrorCode;
import vn.ansinh.payout.report.repository.ReportRepository;
import vn.ansinh.payout.report.repository.ReportRepository.CycleInfo;
import vn.ansinh.payout.report.repository.ReportRepository.Progress;
import vn.ansinh.payout.report.repository.ReportRepository.Snapshot;
import vn.ansinh.payout.report.service.Report.Column;
import vn.ansinh.payout.report.service.Report.Rows;
import vn.ansinh.payout.report.service.Report.Section;
import vn.ansinh.payout.report.service.Report.Type;
import vn.ansinh.payout.security.Caller;

/**
 * The monthly reports: account-collection progress, payout results of a cycle, the provider's report,
 * the year summary; and the progress report filed as an unchangeable snapshot. A report for an area the
 * caller does not cover is refused (403), never narrowed to what they may see.
 */
@ApplicationScoped
public class ReportService {

    static final int PAGE = 5_000;

    private final ReportRepository repository;
    private final Jurisdiction jurisdiction;
    private final AreaDirectory areas;
    private final Clock clock;
    private final ObjectMapper json;

    public ReportService(ReportRepository repository, Jurisdiction jurisdiction, AreaDirectory areas, Clock clock,
            ObjectMapper json) {
        this.repository = repository;
        this.jurisdiction = jurisdiction;
        this.areas = areas;
        this.clock = clock;
        this.json = json;
    }

    /** The area after checking the caller covers it, with the codes under it and its name. */
    private record Scope(String code, String name, Set<String> codes) {
    }

    private Uni<Scope> scope(Caller caller, String area) {
        Uni<Void> check = caller.isSystem() ? Uni.createFrom().voidItem() : jurisdiction.require(caller, area);
        return check.flatMap(v -> repository.areaName(area)).flatMap(name -> name == null
                ? Uni.createFrom().failure(ApiException.notFound("area"))
                : areas.expand(Set.of(area)).map(codes -> new Scope(area, name, codes)));
    }

    // ------------------------------------------------------------------ progress

    /** This month's figures and the previous month's, computed at once (each is a statement over a month's lines). */
    public Uni<Report> progress(Caller caller, YearMonth month, String area) {
        return scope(caller, area).flatMap(s -> Uni.combine().all()
                .unis(repository.progress(month.atDay(1), s.codes()), repository.progress(month.minusMonths(1).atDay(1), s.codes()))
                .asTuple().map(t -> progressReport(caller, month, s, t.getItem1(), t.getItem2())));
    }

    private Report progressReport(Caller caller, YearMonth month, Scope s, Progress now, Progress before) {
        List<List<Object>> counts = new ArrayList<>();
        count(counts, "inPayment", "Đối tượng đang hưởng trong tháng", now.inPayment(), before.inPayment());
        count(counts, "method.BANK_ACCOUNT", "— đã đăng ký tài khoản ngân hàng", now.bank(), before.bank());
        count(counts, "method.E_WALLET", "— đã đăng ký tài khoản số / ví điện tử", now.wallet(), before.wallet());
        count(counts, "method.CASH_AT_POINT", "— nhận tiền mặt tại điểm chi trả", now.cashAtPoint(), before.cashAtPoint());
        count(counts, "method.HOME_DELIVERY", "— nhận tại nhà", now.home(), before.home());
        count(counts, "method.NONE", "— chưa đăng ký phương thức", now.noMethod(), before.noMethod());
        count(counts, "registrations.submitted", "Hồ sơ đăng ký tiếp nhận trong tháng", now.submitted(), before.submitted());
        count(counts, "registrations.verified", "Hồ sơ đã xác minh", now.verified(), before.verified());
        count(counts, "registrations.needsDocuments", "Hồ sơ cần bổ sung giấy tờ", now.needsDocuments(), before.needsDocuments());
        count(counts, "registrations.rejected", "Hồ sơ bị từ chối", now.rejected(), before.rejected());
        count(counts, "checks.identityPassed", "Đối chiếu CSDL quốc gia về dân cư: khớp", now.identityPassed(),
                before.identityPassed());
        count(counts, "checks.accountPassed", "Kiểm tra tài khoản: đúng chủ tài khoản", now.accountPassed(),
                before.accountPassed());
        BigDecimal shareNow = share(now.bank() + now.wallet(), now.inPayment());
        BigDecimal shareBefore = share(before.bank() + before.wallet(), before.inPayment());
        List<List<Object>> shares = List.of(Arrays.asList("cashlessShare", "Tỷ lệ chi trả không dùng tiền mặt (ngân hàng + ví)",
                shareNow, shareBefore, shareNow == null || shareBefore == null ? null : shareNow.subtract(shareBefore)));
        return new Report("PROGRESS", "Báo cáo tiến độ thu thập tài khoản và chi trả không dùng tiền mặt", s.code(), s.name(),
                month.toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(), List.of(
                        new Section("counts", "Số lượng", List.of(new Column("indicator", "Chỉ tiêu", Type.TEXT),
                                new Column("label", "Nội dung", Type.TEXT), new Column("thisMonth", "Tháng này", Type.COUNT),
                                new Column("previousMonth", "Tháng trước", Type.COUNT),
                                new Column("change", "Tăng/giảm", Type.COUNT)), Rows.of(counts)),
                        new Section("shares", "Tỷ lệ", List.of(new Column("indicator", "Chỉ tiêu", Type.TEXT),
                                new Column("label", "Nội dung", Type.TEXT), new Column("thisMonth", "Tháng này", Type.PERCENT),
                                new Column("previousMonth", "Tháng trước", Type.PERCENT),
                                new Column("change", "Tăng/giảm (điểm %)", Type.PERCENT)), Rows.of(shares))));
    }

    private static void count(List<List<Object>> rows, String key, String label, long now, long before) {
        rows.add(Arrays.asList(key, label, now, before, now - before));
    }

    /** part / whole as a fraction with 4 decimals (12.5% is 0.1250), or null when there is no whole. */
    static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    // ------------------------------------------------------------------ payout results

    private Uni<CycleInfo> cycle(UUID id) {
        return repository.cycle(id).flatMap(c -> c == null ? Uni.createFrom().failure(ApiException.notFound("cycle"))
                : Uni.createFrom().item(c));
    }

    public Uni<Report> payoutResults(Caller caller, UUID cycleId, String area) {
        return cycle(cycleId).flatMap(c -> {
            String a = area == null ? c.provinceCode() : area;
            return areas.pathOf(a).flatMap(path -> path != null && !path.contains("/" + c.provinceCode() + "/")
                    ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.reportAreaOutsideCycle",
                            a, c.provinceCode()))
                    : scope(caller, a)).flatMap(s -> repository.outcomes(cycleId, s.codes())
                    .flatMap(outcomes -> repository.controlTotals(cycleId, s.codes())
                            .flatMap(control -> repository.homeDeliveries(cycleId, s.codes())
                                    .flatMap(home -> (a.equals(c.provinceCode()) ? repository.cashReturned(cycleId)
                                            : Uni.createFrom().<Long>nullItem())
                                            .map(returned -> payoutReport(caller, c, s, outcomes, control, home, returned))))));
        });
    }

    private Report payoutReport(Caller caller, CycleInfo c, Scope s, List<ReportRepository.Outcome> outcomes, long[] control,
            ReportRepository.HomeDeliveries home, Long cashReturned) {
        List<List<Object>> byStatus = new ArrayList<>();
        long lines = 0;
        long amount = 0;
        long[] paid = new long[2];
        long[] failed = new long[2];
        long[] carried = new long[2];
        long[] open = new long[2];
        for (ReportRepository.Outcome o : outcomes) {
            byStatus.add(Arrays.asList(o.channel(), o.state(), o.failureCode(), o.lines(), o.amountVnd()));
            lines += o.lines();
            amount += o.amountVnd();
            long[] into = switch (o.state()) {
                case "PAID" -> paid;
                case "FAILED" -> failed;
                case "CARRIED_OVER" -> carried;
                default -> open;
            };
            into[0] += o.lines();
            into[1] += o.amountVnd();
        }
        List<List<Object>> homeRows = new ArrayList<>();
        homeRows.add(Arrays.asList("confirmed", "Đã chi trả tại nhà (có xác nhận)", home.confirmed(), home.confirmedVnd()));
        homeRows.add(Arrays.asList("outstanding", "Chưa chi trả", home.outstanding(), home.outstandingVnd()));
        homeRows.add(Arrays.asList("failed", "Không chi trả được", home.failed(), null));
        homeRows.add(Arrays.asList("cancelled", "Chuyển kỳ sau", home.cancelled(), null));
        homeRows.add(Arrays.asList("flagged", "Có dấu hiệu cần kiểm tra", home.flagged(), null));
        if (cashReturned != null) {
            homeRows.add(Arrays.asList("cashReturned", "Tiền mặt cán bộ đã nộp lại", null, cashReturned));
        }
        List<List<Object>> reconciliation = new ArrayList<>();
        reconciliation.add(Arrays.asList("controlTotals", "Tổng kiểm soát của kỳ (theo xã)", control[0], control[1]));
        reconciliation.add(Arrays.asList("lines", "Tổng các dòng chi trả", lines, amount));
        reconciliation.add(Arrays.asList("paid", "— đã chi trả", paid[0], paid[1]));
        reconciliation.add(Arrays.asList("failed", "— không thành công", failed[0], failed[1]));
        reconciliation.add(Arrays.asList("carriedOver", "— chuyển kỳ sau", carried[0], carried[1]));
        reconciliation.add(Arrays.asList("open", "— chưa có kết quả", open[0], open[1]));
        reconciliation.add(Arrays.asList("difference", "Chênh lệch (kiểm soát − các dòng)", control[0] - lines, control[1] - amount));
        List<Column> itemColumns = List.of(new Column("item", "Chỉ tiêu", Type.TEXT), new Column("label", "Nội dung", Type.TEXT),
                new Column("lines", "Số dòng", Type.COUNT), new Column("amountVnd", "Số tiền (đồng)", Type.VND));
        return new Report("PAYOUT_RESULTS", "Báo cáo kết quả chi trả kỳ " + c.code(), s.code(), s.name(),
                YearMonth.from(c.month()).toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(), List.of(
                        new Section("outcomes", "Kết quả theo hình thức và trạng thái", List.of(
                                new Column("channel", "Hình thức", Type.TEXT), new Column("status", "Trạng thái", Type.TEXT),
                                new Column("reason", "Lý do", Type.TEXT), new Column("lines", "Số dòng", Type.COUNT),
                                new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(byStatus)),
                        new Section("homeDeliveries", "Chi trả tại nhà", List.of(new Column("item", "Chỉ tiêu", Type.TEXT),
                                new Column("label", "Nội dung", Type.TEXT), new Column("count", "Số lượt", Type.COUNT),
                                new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(homeRows)),
                        new Section("reconciliation", "Đối chiếu tổng kiểm soát", itemColumns, Rows.of(reconciliation))));
    }

    // ------------------------------------------------------------------ provider report

    public Uni<Report> providerReport(Caller caller, UUID cycleId) {
        return cycle(cycleId).flatMap(c -> scope(caller, c.provinceCode()).flatMap(s -> repository.outcomes(cycleId, s.codes())
                .map(outcomes -> {
                    long paid = outcomes.stream().filter(o -> "PAID".equals(o.state())).mapToLong(o -> o.amountVnd()).sum();
                    long total = outcomes.stream().mapToLong(o -> o.amountVnd()).sum();
                    List<List<Object>> balance = List.of(
                            Arrays.asList("disbursed", "Tổng kinh phí của kỳ", total),
                            Arrays.asList("paid", "Đã chi trả", paid),
                            Arrays.asList("unspent", "Kinh phí chưa chi (chuyển kỳ sau, không thành công, chưa có kết quả)",
                                    total - paid));
                    List<Column> common = List.of(new Column("reference", "Mã dòng chi trả", Type.TEXT),
                            new Column("fullName", "Họ và tên", Type.TEXT), new Column("communeCode", "Mã xã", Type.TEXT),
                            new Column("channel", "Hình thức", Type.TEXT), new Column("amountVnd", "Số tiền (đồng)", Type.VND));
                    List<Column> paidColumns = new ArrayList<>(common);
                    paidColumns.add(new Column("paidOn", "Ngày chi trả", Type.DATE));
                    paidColumns.add(new Column("providerReference", "Số chứng từ", Type.TEXT));
                    List<Column> unpaidColumns = new ArrayList<>(common);
                    unpaidColumns.add(new Column("status", "Trạng thái", Type.TEXT));
                    unpaidColumns.add(new Column("reason", "Lý do", Type.TEXT));
                    return new Report("PROVIDER", "Báo cáo của đơn vị chi trả kỳ " + c.code(), s.code(), s.name(),
                            YearMonth.from(c.month()).toString(), clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(),
                            List.of(new Section("paid", "Danh sách đã chi trả", paidColumns, pages(c, s, true)),
                                    new Section("unpaid", "Danh sách chưa chi trả", unpaidColumns, pages(c, s, false)),
                                    new Section("balance", "Kinh phí", List.of(new Column("item", "Chỉ tiêu", Type.TEXT),
                                            new Column("label", "Nội dung", Type.TEXT),
                                            new Column("amountVnd", "Số tiền (đồng)", Type.VND)), Rows.of(balance))));
                })));
    }

    /** The provider's list, fetched a page at a time while it is written (keyset on the line number). */
    private Rows pages(CycleInfo c, Scope s, boolean paid) {
        int[] after = { 0 };
        return Rows.paged(() -> {
            List<List<Object>> page = repository.providerPage(c.id(), c.code(), s.codes(), paid, after[0], PAGE)
                    .await().indefinitely();
            if (page.isEmpty()) {
                return page;
            }
            after[0] = (Integer) page.get(page.size() - 1).get(0);
            return page.stream().map(r -> r.subList(1, r.size())).toList();
        });
    }

    // ------------------------------------------------------------------ year summary

    public Uni<Report> yearSummary(Caller caller, int year, String area) {
        return scope(caller, area).flatMap(s -> repository.year(year, s.codes()).map(months -> {
            List<List<Object>> rows = new ArrayList<>();
            for (ReportRepository.MonthFigures m : months) {
                rows.add(Arrays.asList(YearMonth.from(m.month()).toString(), m.inPayment(), m.bank(), m.wallet(),
                        m.cashAtPoint(), m.home(), m.noMethod(), share(m.bank() + m.wallet(), m.inPayment()), m.paidLines(),
                        m.paidVnd()));
            }
            return new Report("YEAR_SUMMARY", "Tổng hợp năm " + year, s.code(), s.name(), String.valueOf(year),
                    clock.now().atOffset(ZoneOffset.ofHours(7)), caller.subject(), List.of(new Section("months", "Theo tháng",
                            List.of(new Column("month", "Tháng", Type.TEXT), new Column("inPayment", "Đang hưởng", Type.COUNT),
                                    new Column("bank", "Ngân hàng", Type.COUNT), new Column("wallet", "Ví điện tử", Type.COUNT),
                                    new Column("cashAtPoint", "Tiền mặt tại điểm", Type.COUNT),
                                    new Column("home", "Tại nhà", Type.COUNT), new Column("noMethod", "Chưa đăng ký", Type.COUNT),
                                    new Column("cashlessShare", "Tỷ lệ không dùng tiền mặt", Type.PERCENT),
                                    new Column("paidLines", "Số dòng đã chi", Type.COUNT),
                                    new Column("paidVnd", "Số tiền đã chi (đồng)", Type.VND)), Rows.of(rows))));
        }));
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * Files the progress report of a province for a month: computed now, written as JSON, kept with its
     * SHA-256. Filing again returns the report filed first, unchanged.
     */
    public Uni<Snapshot> file(Caller caller, String province, YearMonth month) {
        if (month.isAfter(clock.currentMonth())) {
            // a filing never changes: a month not yet begun would stay filed empty
            return Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.reportMonthNotYet",
                    month.toString()));
        }
        return areas.pathOf(province).flatMap(path -> path == null || !path.equals("/" + province + "/")
                ? Uni.createFrom().failure(new ApiException(ErrorCode.UNPROCESSABLE, "detail.notAProvince", province))
                : repository.find("PROGRESS", province, month.atDay(1)))
                .flatMap(existing -> {
                    if (existing != null) {
                        return caller.isSystem() ? Uni.createFrom().item(existing)
                                : jurisdiction.require(caller, province).replaceWith(existing);
                    }
                    return progress(caller, month, province).map(r -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            try {
                                ReportWriters.json(r, out, json);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            String content = out.toString(StandardCharsets.UTF_8);
                            return new Snapshot(UUID.randomUUID(), "PROGRESS", province, month.atDay(1), content,
                                    Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8)), null, caller.subject());
                        }).flatMap(repository::file);
                });
    }

    public Uni<Snapshot> snapshot(Caller caller, UUID id) {
        return repository.get(id).flatMap(s -> s == null ? Uni.createFrom().failure(ApiException.notFound("snapshot"))
                : jurisdiction.require(caller, s.areaCode()).replaceWith(s));
    }

    public Uni<List<Snapshot>> snapshots(Caller caller, String area) {
        return jurisdiction.visibleAreas(caller, area).flatMap(codes -> repository.list(codes, 240));
    }

    /** The month the filing of the 25th files: this one, by the calendar in Vietnam. */
    public YearMonth snapshotMonth() {
        return clock.currentMonth();
    }

    /** The 25th: the month's progress report of every province paying this month is filed. */
    @Scheduled(identity = "progress-snapshot", cron = "${ansinh.jobs.progress-snapshot.cron}",
            timeZone = "${ansinh.jobs.zone}")
    public Uni<Void> fileMonthly() {
        YearMonth month = snapshotMonth();
        Caller system = Caller.system("progress-snapshot");
        return repository.provincesPaying(month.atDay(1)).flatMap(provinces -> Multi.createFrom().iterable(provinces)
                .onItem().transformToUniAndConcatenate(p -> file(system, p, month).replaceWith(p)
                        // one province's failure does not keep the others from being filed
                        .onFailure().recoverWithItem(e -> {
                            Log.errorf("progress report of %s for %s not filed: %s", p, month, e.toString());
                            return null;
                        }))
                .collect().asList())
                .invoke(done -> Log.infof("progress reports filed for %s: %d provinces", month, done.size()))
                .replaceWithVoid();
    }
}
